import Foundation
import TuskCommands
import TuskCore
import TuskLang
import TuskRuntime
import TuskStore

/// One DSL command straight from the shell, as pachctl and git take them: `tusk list repo`,
/// `tusk train logistic on data.csv --target income -o model.json`, `tusk help train`.
///
/// The words are joined back into one DSL line (quoting what the shell unquoted), so diagnostics
/// and exit codes are those of the REPL; `--store PATH` anywhere chooses the store. A command
/// that only reads (`list repo`) needs the store to exist: only those that create something
/// (``CommandSet/creatingCommands``) create it.
enum OneShot {
    /// The CLI's own subcommands, which take precedence over DSL verbs.
    static let subcommands = Tusk.configuration.subcommands.map { $0.configuration.commandName ?? "" }

    /// Whether `word` starts a DSL command rather than a CLI subcommand.
    static func handles(_ word: String) -> Bool {
        !subcommands.contains(word) && CommandSet.parser.verbs.contains(word)
    }

    /// A first word that is neither: did-you-mean over both lists.
    static func unknown(_ word: String) -> CLIFailure? {
        guard !word.hasPrefix("-"), !subcommands.contains(word), !handles(word) else { return nil }
        let all = subcommands + CommandSet.parser.verbs
        let hint = Suggestion.closest(to: word, among: all).map { "did you mean 'tusk \($0)'?" } ?? "see 'tusk --help'"
        return CLIFailure(["error: unknown command '\(word)'", "help: \(hint)"], .usage)
    }

    static func run(_ arguments: [String], globals: GlobalOptions = GlobalOptions()) -> Int32 {
        var words: [String] = []
        var storePath = globals.store
        var rest = arguments[...]
        while let word = rest.popFirst() {
            if word == "--store" {
                guard let path = rest.popFirst() else {
                    Terminal.printError(["error: --store needs a directory"])
                    return ExitStatus.usage.rawValue
                }
                storePath = path
            } else if word.hasPrefix("--store=") {
                storePath = String(word.dropFirst("--store=".count))
            } else {
                words.append(word)
            }
        }
        let source = SourceText(name: "<command line>", text: words.map(quote).joined(separator: " "))
        // Opened when the command first needs it: one that touches only local files (training
        // from a CSV file into a model file) neither waits for the database nor creates a store.
        // `help` never opens one, and only a command that creates something creates the store.
        let store =
            words.first == "help" && storePath == nil
            ? DeferredStore.inMemory()
            : DeferredStore(directory: storePath ?? ".tusk", create: CommandSet.createsStore(source.text))
        let session = Session(
            context: CommandContext(store: store, baseDirectory: FileManager.default.currentDirectoryPath),
            width: Terminal.width)
        if let format = globals.format {
            guard let format = OutputFormat(rawValue: format) else {
                Terminal.printError(["error: --format must be text or json, not '\(format)'"])
                return ExitStatus.usage.rawValue
            }
            session.format = format
        }
        let result = session.execute(source)
        Terminal.show(result)
        if let error = result.error {
            if session.format == .json || ErrorJSON.requested(words) {
                Terminal.printError([ErrorJSON(error, in: source).line])
            } else {
                Terminal.showError(DiagnosticRenderer.full(error, in: source))
            }
            return ExitStatus.of(error).rawValue
        }
        return ExitStatus.success.rawValue
    }

    /// A shell word as the DSL lexer reads it: bare when it can be, a JSON record as is, else quoted.
    static func quote(_ word: String) -> String { CommandLineText.quote(word) }
}
