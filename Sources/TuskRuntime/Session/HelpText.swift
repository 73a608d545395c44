import TuskCore
import TuskLang

/// `help` and `help COMMAND`, generated from the command catalog so they cannot drift from the parser.
enum HelpText {
    static func lines(for topic: Located<String>?) throws(Diagnostic) -> [String] {
        guard let topic else { return overview }
        guard
            let spec = CommandCatalog.spec(named: topic.value)
                ?? CommandCatalog.all.first(where: { $0.words[0] == topic.value && $0.words.count == 1 })
        else {
            let family = CommandCatalog.all.filter { $0.words[0] == topic.value }
            if !family.isEmpty { return family.map { "\($0.name.padding(toLength: 16))\($0.summary)" } }
            throw Diagnostic(
                "no command '\(topic.value)'", at: topic.span,
                help: Suggestion.didYouMean(topic.value, among: CommandCatalog.all.map(\.name))
                    ?? "type 'help' for the list")
        }
        return details(spec)
    }

    static var overview: [String] {
        var lines = ["Commands:"]
        let width = (CommandCatalog.all.map(\.name.count).max() ?? 0) + 2
        for spec in CommandCatalog.all { lines.append("  " + spec.name.padding(toLength: width) + spec.summary) }
        lines.append(
            "Addresses: REPO@BRANCH:/PATH, REPO@COMMIT:/PATH; BRANCH^ is the parent, BRANCH^N the N-th ancestor.")
        lines.append("Type 'help COMMAND' for details, e.g. 'help put file'.")
        return lines
    }

    static func details(_ spec: CommandSpec) -> [String] {
        var lines = ["usage: \(spec.usage)", "", spec.summary]
        if !spec.details.isEmpty { lines += spec.details.split(separator: "\n").map(String.init) }
        if !spec.options.isEmpty {
            lines += ["", "Options:"]
            let rendered = spec.options.map { option in
                let names =
                    (option.short.map { "-\($0), " } ?? "") + "--\(option.name)" + (option.value.map { " \($0)" } ?? "")
                return (names, option.summary)
            }
            let width = (rendered.map(\.0.count).max() ?? 0) + 2
            lines += rendered.map { "  " + $0.0.padding(toLength: width) + $0.1 }
        }
        if !spec.examples.isEmpty { lines += ["", "Examples:"] + spec.examples.map { "  " + $0 } }
        return lines
    }
}
