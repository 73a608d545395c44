/// The rule every user-chosen name follows (repos, branches, later pipelines and deployments).
///
/// Names are ASCII letters, digits, `_`, `-` and `.`, start with a letter or digit, and are at
/// most 63 characters, so they survive being used as Kubernetes and Pachyderm names later.
public enum NameRule {
    public static let maxLength = 63

    /// Why `text` is not a valid name of the given kind, or nil when it is.
    public static func problem(with text: String, kind: String) -> String? {
        guard let first = text.unicodeScalars.first else { return "\(kind) name is empty" }
        let shown = VisibleText.clipped(text, to: maxLength + 1)
        if text.count > maxLength {
            return "\(kind) name '\(shown)' is longer than \(maxLength) characters (\(text.utf8.count) bytes)"
        }
        guard first.properties.isASCIIHexDigit || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return "\(kind) name '\(shown)' must start with a letter or a digit" }
        for scalar in text.unicodeScalars where !isAllowed(scalar) {
            return "\(kind) name '\(shown)' contains '\(VisibleText.escaping(String(scalar)))'; "
                + "use letters, digits, '_', '-' or '.'"
        }
        return nil
    }

    private static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "_" || s == "-"
            || s == "."
    }
}
