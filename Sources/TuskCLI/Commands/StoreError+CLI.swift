import TuskCommands
import TuskStore

extension StoreError {
    /// The error as one line of the command line: its message, and the DSL's help in parentheses
    /// (the store's own help names no flag; `--store` is the command line's).
    var commandLine: String { message + (Diagnose.help(for: self).map { " (\($0))" } ?? "") }
}
