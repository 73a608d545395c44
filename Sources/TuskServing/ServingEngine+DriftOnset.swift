import TuskML
import TuskStore

extension ServingEngine {
    /// Where in the window's drift sample each of `drifting` began to drift (see
    /// ``MonitorReport/OnsetSearch``), or nil when no feature drifts or the requests make one
    /// segment.
    ///
    /// It reads nothing the window has not read: the segments are cut from the requests whose
    /// inputs the window holds (the last ``driftSample`` of a longer window), each request id
    /// once at its latest input, as the whole window's test counts them. A segment with fewer
    /// than ``minimumDriftWindow`` distinct requests is not tested; the onset is searched in the
    /// segments that were.
    func onsets(
        _ window: ServedWindow, _ parts: [(chunk: LoggedChunk, rows: [Int])], of drifting: [String],
        reference: DriftDetector.Reference, exclude: [String], alpha: Double
    ) throws(ServingError) -> MonitorReport.OnsetSearch? {
        guard !drifting.isEmpty, let last = window.last else { return nil }
        let runs = LogSegments.runs(
            window.chunks.map { (first: $0.first, count: $0.count, release: $0.release) }, from: window.inputsFrom)
        let block = LogSegments.blockSize(span: last - window.inputsFrom + 1)
        let cuts = LogSegments.split(runs, block: block)
        // One segment has no onset to find: whatever drifts, drifts from its first request.
        guard cuts.count > 1 else { return nil }
        var segments: [MonitorReport.OnsetSearch.Segment] = []
        var tested: [(segment: Int, report: DriftDetector.Report)] = []
        for cut in cuts {
            if cancellation?.isCancelled == true { throw .cancelled }
            // The distinct requests of the segment, by chunk: the parts' rows are in log order.
            let rows = parts.compactMap { part -> (chunk: LoggedChunk, rows: [Int])? in
                let chunk = part.chunk
                guard chunk.first <= cut.last, chunk.first + chunk.count > cut.first else { return nil }
                let kept = part.rows.filter { (cut.first...cut.last).contains(chunk.first + $0) }
                return kept.isEmpty ? nil : (chunk, kept)
            }
            let count = rows.reduce(0) { $0 + $1.rows.count }
            guard count >= Self.minimumDriftWindow else {
                segments.append(
                    .init(
                        first: cut.first, last: cut.last, release: cut.release,
                        cannotJudge: "\(count) distinct requests; the tests need at least \(Self.minimumDriftWindow)",
                        report: nil))
                continue
            }
            do {
                // Asymptotic KS p-values (scipy's method="asymp"): the exact ones cost O(n₁·n₂) a
                // test, seconds over twenty segments; the whole window's test stays exact.
                let report = try DriftDetector.compare(
                    reference: reference, data: window.inputTable(rows), exclude: exclude, alpha: alpha,
                    ks: .asymptotic)
                tested.append((segments.count, report))
                segments.append(
                    .init(
                        first: cut.first, last: cut.last, release: cut.release, cannotJudge: nil,
                        report: DriftFigures(report)))
            } catch {
                segments.append(
                    .init(
                        first: cut.first, last: cut.last, release: cut.release, cannotJudge: error.message, report: nil)
                )
            }
        }
        let found = Dictionary(
            DriftOnset.onsets(tested.map(\.report)).map { ($0.feature, $0) }, uniquingKeysWith: { a, _ in a })
        var onsets: [MonitorReport.OnsetSearch.Onset] = []
        var firstOfRelease: [Int: Int] = [:]
        for feature in drifting {
            guard let onset = found[feature] else { continue }
            let index = tested[onset.version].segment
            let segment = segments[index]
            if firstOfRelease[segment.release] == nil {
                do throws(StoreError) {
                    firstOfRelease[segment.release] = try workspace.store.firstLoggedRequest(
                        deployment: window.deployment.name, release: segment.release)
                } catch {
                    throw .store(error)
                }
            }
            let model = window.deployment.release(segment.release)?.live?.model
            onsets.append(
                .init(
                    feature: feature, log: segment.first, segment: index,
                    pValue: segment.report?.features.first { $0.name == feature }?.pValue ?? .nan,
                    crossings: onset.crossings, release: segment.release,
                    atRelease: firstOfRelease[segment.release] == segment.first, model: model?.full,
                    trainedOn: model?.trainingData))
        }
        return .init(
            first: window.inputsFrom, last: last, block: block, segments: segments, onsets: onsets,
            unplaced: drifting.filter { found[$0] == nil })
    }
}
