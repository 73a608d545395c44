import TuskPipelines
import TuskStore

/// `drift REPO@A:/PATH vs REPO@B:/PATH` over the history between: each version of the file
/// written after A through B tested against A, and where each drifting feature's drift began.
package struct DriftHistory: Codable, Sendable {
    /// One version of the file: the commit that wrote it, who made that commit, and each
    /// feature's p-value against the reference.
    package struct Version: Codable, Sendable {
        package struct Feature: Codable, Sendable {
            package let name: String
            package let pValue: Double
            package let drifted: Bool
            package let cannotJudge: String?
        }

        /// The commit that wrote this version, and who made it.
        package let writer: WriterText
        /// What the write was computed from, `repo@id`.
        package let provenance: [AddressText]
        /// alpha divided by the features tested in this version.
        package let threshold: Double
        package let features: [Feature]

        init(_ write: FileOrigin, job: JobRecord?, threshold: Double, features: [Feature]) {
            writer = WriterText(write.commit, job: job)
            provenance = write.provenance.map(AddressText.init)
            self.threshold = threshold
            self.features = features
        }
    }

    /// Where a drifting feature's drift began: the first version of the last unbroken run of
    /// versions in which it drifts, through the newest.
    package struct Onset: Codable, Sendable {
        package let feature: String
        /// The commit where the drift began, and who made it.
        package let writer: WriterText
        package let provenance: [AddressText]
        /// The feature's p-value in that version.
        package let pValue: Double
        /// How many times it crossed the threshold over the versions (more than 1: it fell back
        /// and crossed again; the onset is the last crossing).
        package let crossings: Int

        init(feature: String, version: Version, crossings: Int) {
            self.feature = feature
            writer = version.writer
            provenance = version.provenance
            pValue = version.features.first { $0.name == feature }?.pValue ?? .nan
            self.crossings = crossings
        }
    }

    /// Commits after the reference's through the data's.
    package let commits: Int
    package let path: String
    /// Each write of the file in that range, oldest first (the last is the data's version).
    package let versions: [Version]
    /// One per feature that drifts in the data, in the report's order.
    package let onsets: [Onset]

    package func render(_ text: inout TextOutput) {
        text.line(
            "drift by commit: \(NumberFormat.plural(commits, "commit")) after the reference, "
                + "\(NumberFormat.plural(versions.count, "version")) of \(path) tested")
        guard !onsets.isEmpty else { return text.line("no feature drifts in the newest version") }
        var table = TextTable("FEATURE", "SINCE", "P-VALUE", "MADE BY", "MESSAGE")
        for onset in onsets {
            table.add(
                onset.feature + (onset.crossings > 1 ? " (crossed \(onset.crossings) times)" : ""),
                onset.writer.commit.description, NumberFormat.pValue(onset.pValue), onset.writer.madeBy,
                onset.writer.message)
        }
        text.table(table)
        // The p-values of the drifting features, version by version: where each crossed.
        let names = onsets.map(\.feature)
        var matrix = TextTable(["COMMIT"] + names)
        for version in versions {
            let cells: [any TextCell] = names.map { name -> any TextCell in
                guard let feature = version.features.first(where: { $0.name == name }) else { return "-" }
                let p = NumberFormat.pValue(feature.pValue)
                return feature.drifted ? StyledText.fail(p + " *") : StyledText(p)
            }
            matrix.add([version.writer.commit.description as any TextCell] + cells)
        }
        text.table(matrix)
        text.line("* drift: below the threshold, alpha / features tested")
    }
}
