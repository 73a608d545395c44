/// Horizontal bars, one row per label and one bar per series in a row, on a shared axis from 0:
/// selection rates by group, -log10 p-values by feature.
///
/// Markers draw dashed lines across every row (thresholds), each labelled on a line of its own
/// above the bars. A bar's value is written after it, moved past any marker line it would
/// cross, so no text sits on a threshold; a value too small to draw still gets a visible stub.
/// Several charts can be stacked in one picture (``stacked(_:title:)``), on aligned axes.
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
    var markers: [Marker] = []

    init(
        caption: String, rows: [Row], maximum: Double, ticks: [(value: Double, text: String)], axisLabel: String,
        legend: [(name: String, color: String)] = [], markers: [Marker] = []
    ) {
        self.caption = caption
        self.rows = rows
        self.maximum = maximum
        self.ticks = ticks
        self.axisLabel = axisLabel
        self.legend = legend
        self.markers = markers.filter { $0.value.isFinite && $0.value > 0 }
    }

    static let plotWidth = 440.0
    static let barHeight = 14.0
    static let barGap = 3.0
    static let rowGap = 9.0
    /// The narrowest bar drawn for a value above 0, so a rate of 0.003 is seen to be there.
    static let stub = 2.0

    func picture(title: String) -> Picture { Self.stacked([self], title: title) }

    /// Charts one under another in one picture, their plots starting at the same x.
    static func stacked(_ charts: [BarChart], title: String) -> Picture {
        let labelWidth = charts.map(\.labelWidth).max() ?? 60
        let left = 12 + labelWidth
        let width = charts.map { $0.width(left: left) }.max() ?? 0
        var canvas = SVGCanvas(width: width, height: 0)
        var y = 0.0
        for chart in charts { y = chart.draw(on: &canvas, top: y, left: left, labelWidth: labelWidth, width: width) }
        canvas.height = y
        return canvas.picture(title: title)
    }

    private var labelWidth: Double {
        min(230, max(60, rows.map { SVGCanvas.width(of: $0.label) }.max() ?? 0) + 14)
    }

    private func width(left: Double) -> Double {
        let textWidth = max(60, rows.flatMap(\.bars).map { SVGCanvas.width(of: $0.text, size: 11) }.max() ?? 0) + 12
        let legendWidth = legend.reduce(0) { $0 + 14 + SVGCanvas.width(of: $1.name, size: 11) + 18 }
        let markerText = markers.map { SVGCanvas.width(of: $0.label, size: 11) }.max() ?? 0
        return max(
            left + Self.plotWidth + textWidth + markerText / 2, left + legendWidth,
            SVGCanvas.width(of: caption, size: 13) + 24)
    }

    private func x(_ value: Double, left: Double) -> Double { left + Self.plotWidth * min(1, max(0, value) / maximum) }

    /// Draws the chart from `top` down; returns where it ends.
    private func draw(on canvas: inout SVGCanvas, top start: Double, left: Double, labelWidth: Double, width: Double)
        -> Double
    {
        var y = start + 22
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
        // Each marker's label on a line of its own, so two close thresholds never overlap.
        for marker in markers {
            y += 16
            let x = self.x(marker.value, left: left)
            let half = SVGCanvas.width(of: marker.label, size: 11) / 2
            let anchor: SVGCanvas.Anchor = x + half > width - 4 ? .end : (x - half < left ? .start : .middle)
            canvas.text(marker.label, x: x, y: y, size: 11, anchor: anchor, fill: marker.color)
        }
        y += 8
        let top = y
        let rowHeights = rows.map { Double($0.bars.count) * (Self.barHeight + Self.barGap) - Self.barGap }
        let bottom = top + rowHeights.reduce(0) { $0 + $1 + Self.rowGap } + Self.rowGap / 2
        // Grid first, so bars are drawn over it.
        for tick in ticks {
            let x = self.x(tick.value, left: left)
            canvas.line(x1: x, y1: top - 4, x2: x, y2: bottom, stroke: Palette.grid)
            canvas.text(tick.text, x: x, y: bottom + 14, size: 10, anchor: .middle, fill: Palette.muted)
        }
        canvas.line(x1: left, y1: top - 4, x2: left, y2: bottom, stroke: Palette.muted)
        canvas.text(
            axisLabel, x: left + Self.plotWidth / 2, y: bottom + 30, size: 11, anchor: .middle, fill: Palette.muted)
        let lines = markers.map { self.x($0.value, left: left) }.sorted()
        y = top + Self.rowGap / 2
        for (row, height) in zip(rows, rowHeights) {
            canvas.text(
                SVGCanvas.fitting(row.label, width: labelWidth - 10), x: left - 8, y: y + height / 2 + 4,
                anchor: .end, bold: row.bold)
            for bar in row.bars {
                var end = left
                if let value = bar.value, value.isFinite {
                    var length = Self.plotWidth * min(1, max(0, value) / maximum)
                    if value > 0 { length = max(length, Self.stub) }
                    canvas.rect(x: left, y: y, width: length, height: Self.barHeight, fill: bar.color, radius: 2)
                    end += length
                }
                canvas.text(
                    bar.text,
                    x: Self.textStart(after: end, width: SVGCanvas.width(of: bar.text, size: 11), lines: lines),
                    y: y + Self.barHeight - 3, size: 11, fill: Palette.muted)
                y += Self.barHeight + Self.barGap
            }
            y += Self.rowGap - Self.barGap
        }
        for marker in markers {
            let x = self.x(marker.value, left: left)
            canvas.line(x1: x, y1: top - 6, x2: x, y2: bottom, stroke: marker.color, width: 1.5, dashed: true)
        }
        return bottom + 40
    }

    /// Where a bar's text starts: 5 after the bar, or past every marker line it would cross.
    static func textStart(after end: Double, width: Double, lines: [Double]) -> Double {
        var x = end + 5
        for line in lines where line >= x - 3 && line <= x + width + 3 { x = line + 5 }
        return x
    }

    /// Ticks at 0, 0.25, … 1 for rates.
    static let rateTicks: [(value: Double, text: String)] = [0, 0.25, 0.5, 0.75, 1].map {
        ($0, $0 == 0 ? "0" : $0 == 1 ? "1" : String($0))
    }
}
