/// The rule every user-chosen name follows (repos, branches, pipelines and deployments).
///
/// Names are ASCII letters, digits, `_`, `-` and `.`, start with a letter or digit, and are at
/// most 63 characters, so they survive being used as Kubernetes and Pachyderm names later.
public enum NameRule {
    public static let maxLength = 63

    /// How much of the rule a kind of name follows.
    public enum Strictness: Sendable {
        /// Letters, digits, `_`, `-` and `.`, starting with a letter or a digit.
        case standard
        /// Letters, digits, `_` and `-`, starting with a letter: deployment names, so that a
        /// bare word such as `production` in `predict production {JSON}` can never be a file
        /// (`model.json`) or a number.
        case word
    }

    /// Why `text` is not a valid name of the given kind, or nil when it is.
    public static func problem(with text: String, kind: String, _ strictness: Strictness = .standard) -> String? {
        if text.count > maxLength {
            let shown = VisibleText.clipped(text, to: maxLength + 1)
            return "\(kind) name '\(shown)' is longer than \(maxLength) characters (\(text.utf8.count) bytes)"
        }
        return characterProblem(with: text, kind: kind, strictness)
    }

    /// Why `text` breaks the rule's characters (whatever its length), or nil when it does not.
    public static func characterProblem(with text: String, kind: String, _ strictness: Strictness = .standard)
        -> String?
    {
        guard let first = text.unicodeScalars.first else { return "\(kind) name is empty" }
        let shown = VisibleText.clipped(text, to: maxLength + 1)
        switch strictness {
        case .standard:
            guard first.properties.isASCIIHexDigit || isLetter(first)
            else { return "\(kind) name '\(shown)' must start with a letter or a digit" }
        case .word:
            guard isLetter(first) else { return "\(kind) name '\(shown)' must start with a letter" }
        }
        for scalar in text.unicodeScalars where !isAllowed(scalar, strictness) {
            return "\(kind) name '\(shown)' contains '\(VisibleText.escaping(String(scalar)))'; "
                + (strictness == .standard ? "use letters, digits, '_', '-' or '.'" : "use letters, digits, '_' or '-'")
        }
        return nil
    }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }

    private static func isAllowed(_ s: Unicode.Scalar, _ strictness: Strictness) -> Bool {
        isLetter(s) || ("0"..."9").contains(s) || s == "_" || s == "-" || (s == "." && strictness == .standard)
    }
}
