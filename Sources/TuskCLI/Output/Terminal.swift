import Foundation

/// Writes to standard output and standard error, unbuffered enough for pipes and the REPL.
enum Terminal {
    static func print(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func printError(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

    static var inputIsInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }
}
