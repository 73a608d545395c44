import ArgumentParser
import TuskCore
import TuskRuntime
import TuskStore

/// `--format text|json`, for the commands that print results.
struct FormatOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Print results as text or JSON.", valueName: "text|json"))
    var format: String = "text"

    func outputFormat() throws -> OutputFormat {
        guard let format = OutputFormat(rawValue: format) else {
            throw CLIFailure("--format must be text or json, not '\(format)'", .usage)
        }
        return format
    }
}

/// `--store PATH`, shared by the commands that open a store.
package struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory.", valueName: "PATH"))
    package var store: String?

    package init() {}

    /// The store in `--store`, or in `fallback` (nil: a fresh in-memory store).
    package func open(fallback: String?) throws -> Store {
        do {
            if let path = store ?? fallback { return try Store.open(directory: path) }
            return try Store.inMemory()
        } catch {
            throw CLIFailure(error.commandLine, error.kind == .busy ? .busy : .storeFailure)
        }
    }
}
