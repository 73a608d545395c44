extension FairnessReport: Drawable {
    /// Per protected attribute, each group's selection rate, the privileged group in bold, and
    /// the line a group must reach to pass the selection ratio (`0.8 × Male`).
    public var pictures: [Picture] {
        attributes.map { attribute in
            let small = Set(attribute.tooSmall.map(\.group))
            let privileged = attribute.fairness.groups.first { $0.group == attribute.privileged }
            // A judged group whose selection rate is under the line fails the selection ratio.
            let line = privileged.map { $0.selectionRate * thresholds.minDisparateImpact }
            let rows = attribute.fairness.groups.map { group in
                let color =
                    small.contains(group.group)
                    ? Palette.shadow
                    : group.group == attribute.privileged
                        ? Palette.live : (line.map { group.selectionRate < $0 } == true ? Palette.bad : Palette.calm)
                return BarChart.Row(
                    label: group.group,
                    bars: [
                        BarChart.Bar(
                            value: group.selectionRate.isNaN ? nil : group.selectionRate, color: color,
                            text: NumberFormat.metric(group.selectionRate) + " of " + NumberFormat.count(group.count)
                                + (small.contains(group.group) ? " (too few to judge)" : ""))
                    ], bold: group.group == attribute.privileged)
            }
            var marker: BarChart.Marker?
            if let line, line.isFinite, line > 0 {
                marker = BarChart.Marker(
                    value: line,
                    label: "\(NumberFormat.shortest(thresholds.minDisparateImpact)) × \(attribute.privileged)")
            }
            let chart = BarChart(
                caption:
                    "Selection rate by \(attribute.attribute) (\(model), \(LabelText.of(label, positive: positiveClass)))",
                rows: rows, maximum: 1, ticks: BarChart.rateTicks,
                axisLabel: "share of the group predicted \(positiveClass)", marker: marker)
            return chart.picture(title: "selection rate by \(attribute.attribute) of \(model)")
        }
    }
}
