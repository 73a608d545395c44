extension DriftReport: Drawable {
    package var pictures: [Picture] {
        [
            DriftChart.picture(
                caption: "Drift of \(data) from \(reference), per feature",
                features: features.map {
                    DriftChart.Feature(
                        name: $0.name, pValue: $0.pValue, drifted: $0.drifted, cannotJudge: $0.cannotJudge)
                }, threshold: threshold, title: "drift per feature of \(data) from \(reference)")
        ] + (history.map { [DriftHistoryChart.picture($0, reference: reference.description)] } ?? [])
    }
}
