/// Where a drift began, in a history of versions of the data each tested against one reference
/// (each report being ``DriftDetector/compare(reference:data:exclude:alpha:)`` of a version).
///
/// p-values are not monotone along a history: a feature may cross the threshold, fall back and
/// cross it again. The onset of a feature that drifts in the newest version is therefore the
/// first version of the last unbroken run of versions in which it drifts: every version from
/// it to the newest drifts, and the one before it (if any) does not. A bisection on "drifts or
/// not" finds that version only when the history crosses once; this scans every version, so it
/// finds it always, and the crossings before it are reported too.
public enum DriftOnset {
    public struct Onset: Sendable, Equatable {
        public let feature: String
        /// The index of the version where the last run of drift starts.
        public let version: Int
        /// How many times the feature went from no drift to drift over the versions, this one
        /// included (more than 1: it crossed, fell back and crossed again).
        public let crossings: Int
    }

    /// The onset of each feature that drifts in the last of `reports` (oldest first), in the
    /// order of that report's features. A version where the feature is absent or cannot be
    /// judged does not drift.
    public static func onsets(_ reports: [DriftDetector.Report]) -> [Onset] {
        guard let last = reports.last else { return [] }
        func drifts(_ feature: String, _ report: DriftDetector.Report) -> Bool {
            report.features.first { $0.name == feature }?.drifted ?? false
        }
        return last.features.filter(\.drifted).map { feature in
            var start = reports.count - 1
            while start > 0, drifts(feature.name, reports[start - 1]) { start -= 1 }
            var crossings = 0
            var before = false
            for report in reports {
                let now = drifts(feature.name, report)
                if now && !before { crossings += 1 }
                before = now
            }
            return Onset(feature: feature.name, version: start, crossings: crossings)
        }
    }
}
