import Foundation

/// A tiny SVG writer: shapes and text in a fixed box, every number rounded to a tenth and every
/// text escaped, so a picture is the same bytes on every machine.
///
///     var canvas = SVGCanvas(width: 200, height: 40)
///     canvas.rect(x: 0, y: 0, width: 120, height: 20, fill: Palette.live)
///     canvas.text("live 100%", x: 4, y: 14, fill: "#fff")
///     let picture = canvas.picture(title: "traffic")
struct SVGCanvas {
    var width: Double
    var height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Sans-serif for prose, monospace for identifiers: system fonts only, nothing fetched.
    static let sans = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    static let mono = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace"

    enum Anchor: String {
        case start, middle, end
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        radius: Double = 0, dashed: Bool = false, opacity: Double? = nil
    ) {
        var attributes = [
            ("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(max(0, width))),
            ("height", Self.number(max(0, height))),
        ]
        if radius > 0 { attributes.append(("rx", Self.number(radius))) }
        attributes.append(("fill", fill))
        if let opacity { attributes.append(("fill-opacity", Self.number(opacity, places: 2))) }
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", "1")] }
        if dashed { attributes.append(("stroke-dasharray", "4 3")) }
        element("rect", attributes)
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false
    ) {
        var attributes = [
            ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
            ("stroke", stroke), ("stroke-width", Self.number(width)),
        ]
        if dashed { attributes.append(("stroke-dasharray", "5 4")) }
        element("line", attributes)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil) {
        var attributes = [("cx", Self.number(cx)), ("cy", Self.number(cy)), ("r", Self.number(r)), ("fill", fill)]
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", "2")] }
        element("circle", attributes)
    }

    /// A path given by its `d` commands (`M 0 0 C …`).
    mutating func path(_ commands: String, stroke: String, width: Double = 1.5, fill: String = "none") {
        element("path", [("d", commands), ("fill", fill), ("stroke", stroke), ("stroke-width", Self.number(width))])
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String) {
        element(
            "polygon",
            [
                ("points", points.map { Self.number($0.0) + "," + Self.number($0.1) }.joined(separator: " ")),
                ("fill", fill),
            ])
    }

    mutating func text(
        _ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, bold: Bool = false,
        mono: Bool = false, fill: String = Palette.ink
    ) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y))]
        if size != 12 { attributes.append(("font-size", Self.number(size))) }
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if bold { attributes.append(("font-weight", "600")) }
        if mono { attributes.append(("font-family", Self.mono)) }
        attributes.append(("fill", fill))
        elements.append(
            "<text " + attributes.map { "\($0.0)=\"\(Markup.escape($0.1))\"" }.joined(separator: " ") + ">"
                + Markup.escape(text) + "</text>")
    }

    private mutating func element(_ name: String, _ attributes: [(String, String)]) {
        elements.append(
            "<\(name) " + attributes.map { "\($0.0)=\"\(Markup.escape($0.1))\"" }.joined(separator: " ") + "/>")
    }

    /// The finished `<svg>`: its size in pixels, scaled down by a narrow page (the viewBox), a
    /// title for screen readers, and the drawing.
    func picture(title: String) -> Picture {
        let w = Self.number(width.rounded(.up)), h = Self.number(height.rounded(.up))
        let open =
            "<svg viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" "
            + "font-family=\"\(Markup.escape(Self.sans))\" font-size=\"12\">"
        let body = (["<title>" + Markup.escape(title) + "</title>"] + elements).joined(separator: "\n")
        return Picture(title: title, svg: open + "\n" + body + "\n</svg>")
    }

    /// A coordinate: a tenth of a pixel at most, `12` rather than `12.0`, never `-0`.
    static func number(_ x: Double, places: Int = 1) -> String {
        guard x.isFinite else { return "0" }
        let scale = places == 1 ? 10.0 : 100.0
        let rounded = (x * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.\(places)f", rounded)
    }

    /// About how wide a text draws: an upper bound for the usual fonts, so labels do not collide.
    static func width(of text: String, size: Double = 12, mono: Bool = false) -> Double {
        Double(text.count) * size * (mono ? 0.61 : 0.6)
    }

    /// `text`, cut with `…` to fit about `width` pixels.
    static func fitting(_ text: String, width: Double, size: Double = 12, mono: Bool = false) -> String {
        let fits = Int(width / (size * (mono ? 0.61 : 0.6)))
        guard text.count > fits, fits > 1 else { return text }
        return String(text.prefix(fits - 1)) + "…"
    }
}

/// The colours of every picture: the live model blue, canaries amber, shadows slate, trouble red.
enum Palette {
    static let ink = "#1f2430"
    static let muted = "#667085"
    static let grid = "#e4e7ec"
    static let live = "#3563c9"
    static let canary = "#e09a2b"
    static let shadow = "#7d8799"
    static let challenger = "#e09a2b"
    static let bad = "#d1432f"
    static let calm = "#7f9cc9"
    static let data = "#eef2f8"
    static let pipeline = "#e6f0e9"
    static let pipelineStroke = "#3f8a5a"
    static let dataStroke = "#5b7bb5"
    /// For one lane per model: distinct, and readable on white.
    static let models = ["#3563c9", "#e09a2b", "#3f8a5a", "#9b4dca", "#d1432f", "#1d9aa8", "#8a6d3b", "#c2417d"]

    /// The colour of a predictor by its name or role: `live`, `canary…`, `shadow…`.
    static func predictor(_ name: String) -> String {
        if name.hasPrefix("canary") { return canary }
        if name.hasPrefix("shadow") { return shadow }
        return live
    }
}
