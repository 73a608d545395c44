import TuskServing

extension ComparisonReport: Drawable {
    /// Per challenger and protected attribute, each group's selection rate by the live model and
    /// by the challenger, side by side, on the same requests.
    public var pictures: [Picture] {
        pairs.flatMap { pair in
            pair.attributes.map { attribute in
                let rows = attribute.groups.map { group in
                    BarChart.Row(
                        label: group.group,
                        bars: [
                            BarChart.Bar(
                                value: group.liveSelection, color: Palette.live,
                                text: NumberFormat.metric(group.liveSelection) + " of "
                                    + NumberFormat.count(group.requests)
                                    + (group.requests < minimumGroup ? " (too few to judge)" : "")),
                            BarChart.Bar(
                                value: group.challengerSelection, color: Palette.challenger,
                                text: NumberFormat.metric(group.challengerSelection)),
                        ], bold: group.group == attribute.privileged)
                }
                let chart = BarChart(
                    caption: "Selection rate by \(attribute.attribute): live against \(pair.challenger)",
                    rows: rows, maximum: 1, ticks: BarChart.rateTicks,
                    axisLabel: "share of the group's requests answered \(classes[1])",
                    legend: [
                        ("live: \(live)", Palette.live),
                        ("\(pair.challenger): \(pair.model ?? "?")", Palette.challenger),
                    ])
                return chart.picture(title: "selection rate by \(attribute.attribute), live against \(pair.challenger)")
            }
        }
    }
}
