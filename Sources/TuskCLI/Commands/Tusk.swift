import ArgumentParser

/// `tusk`: the REPL by default, `run` and `test` for scenarios.
struct Tusk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tusk",
        abstract: "A notebook-style REPL and scenario player for MLOps workflows.",
        discussion: """
            With no subcommand, tusk opens the REPL on the store in ./.tusk (or --store PATH). \
            When standard input is not a terminal, it runs the commands it reads, one per line. \
            Any DSL command also runs straight from the shell: 'tusk list repo', 'tusk help train' \
            (or 'tusk train --help'), with --format json for JSON output. --store PATH and --format \
            may come before the command or anywhere after it: 'tusk --store S --format json list repo'. \
            A command that only reads needs the store to exist; one that creates (create repo, create \
            deployment, create pipeline) creates it.

            Exit codes: 0 success, 1 a scenario check failed, 64 bad usage, 65 a DSL error or bad \
            data, 69 a program tusk needs is missing (tusk serve's server), 70 an internal error, 74 the store cannot be read or written, 75 the store is busy.
            """,
        version: "0.1.0",
        subcommands: [
            ReplCommand.self, RunCommand.self, TestCommand.self, DatasetsCommand.self, ExportCommand.self,
            CollectCommand.self, ServeCommand.self,
        ],
        defaultSubcommand: ReplCommand.self)
}

extension Tusk {
    /// The CLI subcommand with this name (`run`, `serve`, …), not a DSL command.
    static func subcommand(named name: String) -> (any ParsableCommand.Type)? {
        configuration.subcommands.first { $0.configuration.commandName == name }
    }
}
