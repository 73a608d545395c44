/// A tusk name turned into one Kubernetes accepts for a resource (an RFC 1123 label: lowercase
/// letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters).
///
///     KubernetesName.of("income_Model") // "income-model"
enum KubernetesName {
    static func of(_ name: String) -> String {
        var text = String(
            name.lowercased().unicodeScalars.map { scalar -> Character in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "-"
            })
        while text.hasSuffix("-") { text.removeLast() }
        while text.hasPrefix("-") { text.removeFirst() }
        return String(text.prefix(63))
    }

    static func isValid(_ name: String) -> Bool { !name.isEmpty && of(name) == name }
}
