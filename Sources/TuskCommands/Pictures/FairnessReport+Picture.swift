extension FairnessReport: Drawable {
    /// Per protected attribute, the audit's two findings in one picture: each group's selection
    /// rate against the line a group must reach (`0.8 × Male`), and under it the flip rate (how
    /// many decisions change when only the attribute is swapped) against its threshold, the
    /// difference between a model whose data is unequal and one that relies on the attribute.
    package var pictures: [Picture] {
        attributes.map { attribute in
            BarChart.stacked(
                [selectionChart(attribute)] + (flipChart(attribute).map { [$0] } ?? []),
                title: "selection rate and flip rate by \(attribute.attribute) of \(model)")
        }
    }

    private func selectionChart(_ attribute: Attribute) -> BarChart {
        let small = Set(attribute.tooSmall.map(\.group))
        let privileged = attribute.fairness.groups.first { $0.group == attribute.privileged }
        // A judged group whose selection rate is under the line fails the selection ratio.
        let line = privileged.map { $0.selectionRate * thresholds.minDisparateImpact }
        var used: [String] = []
        let rows = attribute.fairness.groups.map { group in
            let color =
                small.contains(group.group)
                ? Palette.shadow
                : group.group == attribute.privileged
                    ? Palette.live : (line.map { group.selectionRate < $0 } == true ? Palette.bad : Palette.calm)
            if !used.contains(color) { used.append(color) }
            return BarChart.Row(
                label: group.group,
                bars: [
                    BarChart.Bar(
                        value: group.selectionRate.isNaN ? nil : group.selectionRate, color: color,
                        text: NumberFormat.metric(group.selectionRate) + " of " + NumberFormat.count(group.count)
                            + (small.contains(group.group) ? " (too few to judge)" : ""))
                ], bold: group.group == attribute.privileged)
        }
        let ratio = NumberFormat.shortest(thresholds.minDisparateImpact)
        let names: [(name: String, color: String)] = [
            ("privileged (\(attribute.privileged))", Palette.live),
            ("below \(ratio) × \(attribute.privileged)", Palette.bad),
            ("at or above it", Palette.calm),
            ("too few to judge", Palette.shadow),
        ]
        var markers: [BarChart.Marker] = []
        if let line { markers.append(BarChart.Marker(value: line, label: "\(ratio) × \(attribute.privileged)")) }
        return BarChart(
            caption:
                "Selection rate by \(attribute.attribute) (\(model), \(LabelText.of(label, positive: positiveClass)))",
            rows: rows, maximum: 1, ticks: BarChart.rateTicks,
            axisLabel: "share of the group predicted \(positiveClass)",
            legend: names.filter { used.contains($0.color) }, markers: markers)
    }

    /// The reliance finding: nil when there is no flip rate (the model does not use the attribute).
    private func flipChart(_ attribute: Attribute) -> BarChart? {
        guard let rate = attribute.flipRate, rate.isFinite else { return nil }
        let limit = thresholds.maxFlipRate
        // The smallest of these axes that shows both the rate and its threshold with room.
        let maximum = [0.1, 0.25, 0.5, 1].first { $0 >= max(rate, limit) * 1.25 } ?? 1
        let ticks = (0...4).map { i -> (value: Double, text: String) in
            let value = maximum * Double(i) / 4
            return (value, NumberFormat.shortest(value))
        }
        let fails = rate > limit
        return BarChart(
            caption:
                "Reliance on \(attribute.attribute): decisions that change when only \(attribute.attribute) is swapped",
            rows: [
                BarChart.Row(
                    label: "flip rate",
                    bars: [
                        BarChart.Bar(
                            value: rate, color: fails ? Palette.bad : Palette.calm,
                            text: NumberFormat.metric(rate) + (fails ? " relies on it" : ""))
                    ], bold: fails)
            ], maximum: maximum, ticks: ticks, axisLabel: "share of the rows whose decision flips",
            legend: [
                (fails ? "above the threshold: FAIL" : "within the threshold: pass", fails ? Palette.bad : Palette.calm)
            ],
            markers: [BarChart.Marker(value: limit, label: "threshold " + NumberFormat.shortest(limit))])
    }
}
