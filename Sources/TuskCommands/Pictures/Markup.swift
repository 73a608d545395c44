import TuskCore

/// Escaping for text that goes into HTML or SVG, as element content or as an attribute value.
///
/// Control characters other than tab and line end (XML forbids them even as references) print
/// as `\u{1B}`, as they do in the terminal; `&`, `<`, `>` and both quotes become entities, so
/// no text from a scenario, a file or a model can open a tag, end an attribute or run a script.
///
///     Markup.escape("<b> & \"x\"")   // "&lt;b&gt; &amp; &quot;x&quot;"
package enum Markup {
    package static func escape(_ text: String) -> String {
        // Line ends stay: they are whitespace in HTML, and lines in a `<pre>`.
        let visible =
            text.contains("\n")
            ? text.split(separator: "\n", omittingEmptySubsequences: false).map {
                VisibleText.escaping(String($0))
            }.joined(separator: "\n") : VisibleText.escaping(text)
        guard visible.unicodeScalars.contains(where: { "&<>\"'".unicodeScalars.contains($0) }) else { return visible }
        var out = ""
        out.reserveCapacity(visible.utf8.count + 16)
        for scalar in visible.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
