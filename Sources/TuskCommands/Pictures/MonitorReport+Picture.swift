import TuskServing

extension MonitorReport: Drawable {
    /// The drift of the requests from the live model's training data, when it could be tested.
    package var pictures: [Picture] {
        guard let report = drift.report, drift.cannotJudge == nil else { return [] }
        return [
            DriftChart.picture(
                caption: "Drift of the requests to \(deployment) from "
                    + (drift.reference.map { AddressText($0).description } ?? "the training data"),
                features: report.features.map {
                    DriftChart.Feature(
                        name: $0.name, pValue: $0.pValue, drifted: $0.drifted, cannotJudge: $0.cannotJudge)
                }, threshold: report.threshold, title: "drift per feature of the requests to \(deployment)")
        ]
    }
}
