/// Horizontal bars, one row per label and one bar per series in a row, on a shared axis from 0:
/// selection rates by group, -log10 p-values by feature.
///
/// A marker draws a dashed line across every row (a threshold), labelled above the bars.
struct BarChart {
    struct Bar {
        /// nil draws no bar, only the text (`n/a`, `cannot judge`).
        var value: Double?
        var color: String
        var text: String
    }

    struct Row {
        var label: String
        var bars: [Bar]
        var bold = false
    }

    struct Marker {
        var value: Double
        var label: String
        var color = Palette.bad
    }

    var caption: String
    var rows: [Row]
    /// The axis runs from 0 to `maximum`; longer bars are cut at its end.
    var maximum: Double
    var ticks: [(value: Double, text: String)]
    var axisLabel: String
    var legend: [(name: String, color: String)] = []
    var marker: Marker?

    static let plotWidth = 440.0
    static let barHeight = 14.0
    static let barGap = 3.0
    static let rowGap = 9.0

    func picture(title: String) -> Picture {
        let labelWidth = min(230, max(60, rows.map { SVGCanvas.width(of: $0.label) }.max() ?? 0) + 14)
        let textWidth = max(60, rows.flatMap(\.bars).map { SVGCanvas.width(of: $0.text, size: 11) }.max() ?? 0) + 12
        let left = 12 + labelWidth
        let legendWidth = legend.reduce(0) { $0 + 14 + SVGCanvas.width(of: $1.name, size: 11) + 18 }
        let width = max(
            left + Self.plotWidth + textWidth, left + legendWidth, SVGCanvas.width(of: caption, size: 13) + 24)
        var y = 22.0
        var canvas = SVGCanvas(width: width, height: 0)
        canvas.text(caption, x: 12, y: y, size: 13, bold: true)
        y += 10
        if !legend.isEmpty {
            y += 14
            var x = left
            for item in legend {
                canvas.rect(x: x, y: y - 9, width: 10, height: 10, fill: item.color, radius: 2)
                canvas.text(item.name, x: x + 14, y: y, size: 11)
                x += 14 + SVGCanvas.width(of: item.name, size: 11) + 18
            }
            y += 6
        }
        if let marker {
            y += 16
            let x = left + Self.plotWidth * min(1, marker.value / maximum)
            let anchor: SVGCanvas.Anchor =
                x + SVGCanvas.width(of: marker.label, size: 11) / 2 > width - 4
                ? .end : (x - SVGCanvas.width(of: marker.label, size: 11) / 2 < left ? .start : .middle)
            canvas.text(marker.label, x: x, y: y, size: 11, anchor: anchor, fill: marker.color)
        }
        y += 8
        let top = y
        let rowHeights = rows.map { Double($0.bars.count) * (Self.barHeight + Self.barGap) - Self.barGap }
        let bottom = top + rowHeights.reduce(0) { $0 + $1 + Self.rowGap } + Self.rowGap / 2
        // Grid first, so bars are drawn over it.
        for tick in ticks {
            let x = left + Self.plotWidth * tick.value / maximum
            canvas.line(x1: x, y1: top - 4, x2: x, y2: bottom, stroke: Palette.grid)
            canvas.text(tick.text, x: x, y: bottom + 14, size: 10, anchor: .middle, fill: Palette.muted)
        }
        canvas.line(x1: left, y1: top - 4, x2: left, y2: bottom, stroke: Palette.muted)
        canvas.text(
            axisLabel, x: left + Self.plotWidth / 2, y: bottom + 30, size: 11, anchor: .middle, fill: Palette.muted)
        y = top + Self.rowGap / 2
        for (row, height) in zip(rows, rowHeights) {
            canvas.text(
                SVGCanvas.fitting(row.label, width: labelWidth - 10), x: left - 8, y: y + height / 2 + 4,
                anchor: .end, bold: row.bold)
            for bar in row.bars {
                var end = left
                if let value = bar.value, value.isFinite {
                    let length = Self.plotWidth * min(1, max(0, value) / maximum)
                    canvas.rect(x: left, y: y, width: length, height: Self.barHeight, fill: bar.color, radius: 2)
                    end += length
                }
                canvas.text(bar.text, x: end + 5, y: y + Self.barHeight - 3, size: 11, fill: Palette.muted)
                y += Self.barHeight + Self.barGap
            }
            y += Self.rowGap - Self.barGap
        }
        if let marker {
            let x = left + Self.plotWidth * min(1, marker.value / maximum)
            canvas.line(x1: x, y1: top - 6, x2: x, y2: bottom, stroke: marker.color, width: 1.5, dashed: true)
        }
        canvas.height = bottom + 40
        return canvas.picture(title: title)
    }

    /// Ticks at 0, 0.25, … 1 for rates.
    static let rateTicks: [(value: Double, text: String)] = [0, 0.25, 0.5, 0.75, 1].map {
        ($0, $0 == 0 ? "0" : $0 == 1 ? "1" : String($0))
    }
}
