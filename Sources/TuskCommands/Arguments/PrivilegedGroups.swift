import TuskCore
import TuskLang

/// `--privileged sex=Male,race=White`: the group each protected attribute is measured against,
/// read alike by `audit`, `audit data` and `compare`.
enum PrivilegedGroups {
    /// `--privileged`, as `audit`, `audit data` and `compare` declare it.
    static let option = Option<[Located<String>]>(
        "privileged", value: "A=G,B=H", "the privileged group of each attribute, e.g. sex=Male")

    /// Attribute → its privileged group, where it was written; each attribute one of `protected`.
    static func parse(
        _ call: Invocation, _ option: Option<[Located<String>]> = option, protected: [Located<String>]
    ) throws(Diagnostic) -> [String: Located<String>] {
        var privileged: [String: Located<String>] = [:]
        for item in try call[option] ?? [] {
            let parts = item.value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, protected.contains(where: { $0.value == parts[0] }) else {
                throw Diagnostic(
                    "'\(item.value)' does not name a protected attribute and its group", at: item.span,
                    help: "write ATTRIBUTE=GROUP for an attribute of --protected, e.g. sex=Male")
            }
            privileged[parts[0]] = Located(parts[1], at: item.span)
        }
        return privileged
    }
}
