import TuskServing

extension ComparisonReport: Drawable {
    /// Per challenger and protected attribute, each group's selection rate by the live model and
    /// by the challenger, side by side, on the same requests, with each model's four-fifths line
    /// (a group below its model's line fails the four-fifths rule against the privileged group).
    package var pictures: [Picture] {
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
                let privileged = attribute.groups.first { $0.group == attribute.privileged }
                let markers = [
                    privileged.map {
                        BarChart.Marker(
                            value: $0.liveSelection * Self.fourFifths,
                            label: "4/5 × \(attribute.privileged ?? "?"), live", color: Palette.live)
                    },
                    privileged.map {
                        BarChart.Marker(
                            value: $0.challengerSelection * Self.fourFifths,
                            label: "4/5 × \(attribute.privileged ?? "?"), \(pair.challenger)",
                            color: Palette.challenger)
                    },
                ].compactMap { $0 }
                let chart = BarChart(
                    caption: "Selection rate by \(attribute.attribute): live against \(pair.challenger)",
                    rows: rows, maximum: 1, ticks: BarChart.rateTicks,
                    axisLabel: "share of the group's requests answered \(classes[1])",
                    legend: [
                        ("live: \(AddressText.shortenedList(live))", Palette.live),
                        ("\(pair.challenger): \(pair.model.map(AddressText.shortened) ?? "?")", Palette.challenger),
                    ], markers: markers)
                return chart.picture(title: "selection rate by \(attribute.attribute), live against \(pair.challenger)")
            }
        }
    }

    /// The four-fifths rule (US EEOC): a group selected at under 80% of the privileged group's rate.
    static let fourFifths = 0.8
}
