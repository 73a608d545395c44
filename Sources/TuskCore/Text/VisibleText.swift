/// Text made safe for a terminal: control characters (ESC, BEL, …) shown as `\u{1B}` instead of
/// acting, so a file, a commit message or a typo cannot drive the user's screen. Tabs stay.
public enum VisibleText {
    public static func escaping(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` made visible and cut to `limit` characters (with `…`), for an error that echoes
    /// what a user wrote: a 1 MB value makes a readable line, not a 1 MB one.
    public static func clipped(_ text: String, to limit: Int = 48) -> String {
        let visible = escaping(text)
        guard visible.count > limit else { return visible }
        return String(visible.prefix(max(limit - 1, 1))) + "…"
    }

    /// C0 controls except tab, DEL, and the C1 controls.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}
