extension Prediction: Drawable {
    /// For requests sent from a file to a deployment: who answered how many of them.
    package var pictures: [Picture] {
        guard let served, served.source != "payload", served.requests + served.rejected.count > 0 else { return [] }
        let all = served.requests + served.rejected.count
        func percent(_ n: Int) -> String { NumberFormat.percent(Double(n) / Double(all)) }
        var segments = served.shares.map { share in
            TrafficBar.Segment(
                name: share.predictor.rawValue, share: Double(share.answered),
                label: "\(share.predictor) \(percent(share.answered))",
                legend:
                    "\(share.predictor): answered \(NumberFormat.count(share.answered)) (\(percent(share.answered))), "
                    + "\(NumberFormat.count(share.positive)) \(served.classes[1]), \(share.model)",
                color: Palette.predictor(share.predictor.rawValue))
        }
        if !served.rejected.isEmpty {
            segments.append(
                TrafficBar.Segment(
                    name: "rejected", share: Double(served.rejected.count),
                    label: "rejected \(percent(served.rejected.count))",
                    legend: "rejected: \(NumberFormat.count(served.rejected.count)), not logged", color: Palette.bad))
        }
        let bar = TrafficBar(
            caption: "\(served.deployment) release \(served.release): \(NumberFormat.plural(all, "request")) "
                + "of \(served.source)",
            segments: segments,
            shadows: served.shadows.map {
                "\($0) (shadow): scored all \(NumberFormat.count(served.requests)), returned none"
            },
            shadowNames: served.shadows.map(\.rawValue))
        return [bar.picture(title: "requests answered by each predictor of \(served.deployment)")]
    }
}
