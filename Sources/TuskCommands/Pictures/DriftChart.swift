import Foundation

/// The drift of each feature as -log10 of its p-value, against the Bonferroni threshold: a bar
/// past the line is a feature that drifted.
enum DriftChart {
    struct Feature {
        var name: String
        var pValue: Double
        var drifted: Bool
        var cannotJudge: String?
    }

    /// p-values below this draw as full bars: 1e-16 is as far as a double's p-value means much.
    static let floor = 16.0

    static func picture(caption: String, features: [Feature], threshold: Double, title: String) -> Picture {
        let strengths = features.compactMap { $0.cannotJudge == nil && !$0.pValue.isNaN ? strength($0.pValue) : nil }
        let line = strength(threshold)
        let maximum = max(2, ((strengths + [line]).max() ?? 1).rounded(.up) + 0.5)
        let step = maximum > 8 ? 2.0 : 1.0
        let ticks = stride(from: 0.0, through: maximum, by: step).map { ($0, NumberFormat.number($0)) }
        let rows = features.map { feature in
            let judged = feature.cannotJudge == nil && !feature.pValue.isNaN
            return BarChart.Row(
                label: feature.name,
                bars: [
                    BarChart.Bar(
                        value: judged ? strength(feature.pValue) : nil,
                        color: feature.drifted ? Palette.bad : Palette.calm,
                        text: judged
                            ? "p " + NumberFormat.pValue(feature.pValue) + (feature.drifted ? " drift" : "")
                            : "cannot judge")
                ], bold: feature.drifted)
        }
        let chart = BarChart(
            caption: caption, rows: rows, maximum: maximum, ticks: ticks,
            axisLabel: "−log10 p-value (longer: stronger evidence of drift)",
            legend: [("drifted", Palette.bad), ("no drift", Palette.calm)],
            markers: [BarChart.Marker(value: line, label: "Bonferroni: p < " + NumberFormat.pValue(threshold))])
        return chart.picture(title: title)
    }

    /// -log10 p, at most ``floor``.
    static func strength(_ p: Double) -> Double { p <= 0 ? floor : min(floor, -log10(p)) }
}
