extension DeploymentChanged: Drawable {
    /// The traffic split of the new release: the live model and the canaries share the requests;
    /// a shadow mirrors them all.
    package var pictures: [Picture] {
        let answering = predictors.filter { $0.role != "shadow" }
        let bar = TrafficBar(
            caption: "\(deployment) release \(release): who answers the requests",
            segments: answering.map {
                TrafficBar.Segment(
                    name: $0.predictor.rawValue, share: Double($0.traffic), label: "\($0.predictor) \($0.traffic)%",
                    legend: "\($0.predictor) (\($0.role)): \($0.traffic)% of requests, \($0.model)",
                    color: Palette.predictor($0.predictor.rawValue))
            },
            shadows: predictors.filter { $0.role == "shadow" }.map {
                "\($0.predictor) (shadow): sees every request, answers none, \($0.model)"
            }, shadowNames: predictors.filter { $0.role == "shadow" }.map(\.predictor.rawValue))
        return [bar.picture(title: "traffic split of \(deployment) release \(release)")]
    }
}
