/// One bar split among predictors (the share of requests each answers), with a dashed bar under
/// it for each shadow, which sees every request and answers none, and a legend naming models.
struct TrafficBar {
    struct Segment {
        var name: String
        var share: Double
        /// Inside the segment when it is wide enough: `live 75%`.
        var label: String
        /// In the legend: `live: 75% of requests, income_training@6640a4acbb0e:/model.json`.
        var legend: String
        var color: String
    }

    var caption: String
    var segments: [Segment]
    /// A line per shadow: `shadow-1 mirrors every request: …`.
    var shadows: [String]
    /// The shadows' names, for their bars.
    var shadowNames: [String] = []

    static let width = 620.0

    func picture(title: String) -> Picture {
        let left = 12.0, barHeight = 30.0
        var y = 22.0
        let legendWidth = (segments.map(\.legend) + shadows).map { SVGCanvas.width(of: $0, size: 11) + 32 }.max() ?? 0
        var canvas = SVGCanvas(
            width: max(left * 2 + Self.width, legendWidth + 24, SVGCanvas.width(of: caption, size: 13) + 24),
            height: 0)
        canvas.text(caption, x: left, y: y, size: 13, bold: true)
        y += 12
        let total = segments.reduce(0) { $0 + max(0, $1.share) }
        var x = left
        canvas.rect(x: left, y: y, width: Self.width, height: barHeight, fill: Palette.grid, radius: 3)
        for segment in segments where segment.share > 0 && total > 0 {
            let width = Self.width * segment.share / total
            canvas.rect(x: x, y: y, width: width, height: barHeight, fill: segment.color, stroke: "#fff")
            if SVGCanvas.width(of: segment.label, size: 12) + 12 < width {
                canvas.text(segment.label, x: x + width / 2, y: y + 19, anchor: .middle, bold: true, fill: "#fff")
            }
            x += width
        }
        y += barHeight + 8
        for shadow in shadowNames {
            canvas.rect(
                x: left, y: y, width: Self.width, height: 20, fill: Palette.shadow, stroke: Palette.shadow,
                radius: 3, dashed: true, opacity: 0.15)
            canvas.text(
                "\(shadow): a mirror of every request, never returned", x: left + Self.width / 2, y: y + 14, size: 11,
                anchor: .middle, fill: Palette.ink)
            y += 20 + 6
        }
        y += 10
        for segment in segments {
            canvas.rect(x: left, y: y - 9, width: 10, height: 10, fill: segment.color, radius: 2)
            canvas.text(segment.legend, x: left + 16, y: y, size: 11)
            y += 17
        }
        for shadow in shadows {
            canvas.rect(
                x: left, y: y - 9, width: 10, height: 10, fill: Palette.shadow, stroke: Palette.shadow, radius: 2,
                dashed: true, opacity: 0.15)
            canvas.text(shadow, x: left + 16, y: y, size: 11)
            y += 17
        }
        canvas.height = y
        return canvas.picture(title: title)
    }
}
