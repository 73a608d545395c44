/// `--store PATH` and `--format text|json` written before the command, as git's and pachctl's
/// global flags are: `tusk --store S --format json list repo`. They are taken off the front of
/// the arguments and handed to the command, whichever kind it is.
struct GlobalOptions: Equatable {
    var store: String?
    var format: String?

    /// The options in front of the command, and the arguments from the command on.
    static func split(_ arguments: [String]) throws(CLIFailure) -> (GlobalOptions, [String]) {
        var options = GlobalOptions()
        var rest = arguments[...]
        while let word = rest.first {
            let name: String
            let value: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<equals])
                value = String(word[word.index(after: equals)...])
            } else {
                name = word
                value = nil
            }
            guard name == "--store" || name == "--format" else { break }
            rest.removeFirst()
            guard let given = value ?? rest.popFirst() else {
                throw CLIFailure(
                    [
                        "error: \(name) needs a value",
                        "help: write \(name == "--store" ? "--store PATH" : "--format json")",
                    ],
                    .usage)
            }
            if name == "--store" { options.store = given } else { options.format = given }
        }
        return (options, Array(rest))
    }

    /// The options as arguments again, for a command that parses its own (`run`, `serve`, the REPL).
    var arguments: [String] {
        (store.map { ["--store", $0] } ?? []) + (format.map { ["--format", $0] } ?? [])
    }
}
