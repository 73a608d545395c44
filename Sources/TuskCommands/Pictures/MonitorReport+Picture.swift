import TuskServing

extension MonitorReport: Drawable {
    /// The drift of the requests from the live model's training data, when it could be tested;
    /// and, when a feature drifts and the log was cut into more than one segment, the p-value of
    /// each feature in each segment, with where each drift began.
    package var pictures: [Picture] {
        guard let report = drift.report, drift.cannotJudge == nil else { return [] }
        let reference = drift.reference.map { AddressText($0).description } ?? "the training data"
        let chart = DriftChart.picture(
            caption: "Drift of the requests to \(deployment) from \(reference)",
            features: report.features.map {
                DriftChart.Feature(name: $0.name, pValue: $0.pValue, drifted: $0.drifted, cannotJudge: $0.cannotJudge)
            }, threshold: report.threshold, title: "drift per feature of the requests to \(deployment)")
        guard let search = drift.onset, search.segments.count > 1 else { return [chart] }
        return [
            chart,
            DriftHistoryChart.picture(
                features: report.features.map(\.name),
                columns: search.segments.map { segment in
                    DriftHistoryChart.Column(
                        label: "\(segment.first)",
                        features: segment.report?.features.map {
                            .init(name: $0.name, pValue: $0.pValue, drifted: $0.drifted, cannotJudge: $0.cannotJudge)
                        } ?? [])
                },
                onsets: Dictionary(search.onsets.map { ($0.feature, $0.segment) }, uniquingKeysWith: { a, _ in a }),
                title: "p-value per feature per segment of the log, against \(reference)",
                footer: "each segment of log \(search.first)–\(search.last) by its first request: cut at each release "
                    + "(\(Set(search.segments.map(\.release)).count) here) and into blocks of about \(search.block)",
                name: "drift of the requests to \(deployment) per feature per segment of the log"),
        ]
    }
}
