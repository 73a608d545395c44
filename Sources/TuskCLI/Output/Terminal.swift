import Foundation

/// Writes to standard output and standard error, unbuffered enough for pipes and the REPL.
package enum Terminal {
    package static func print(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func printError(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

    /// The width to wrap text at: `COLUMNS` when set, else the terminal's, else nil (a pipe or a
    /// file, where help wraps at 80 columns and tables do not wrap).
    static var width: Int? {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        var size = winsize()
        guard isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
            return nil
        }
        return Int(size.ws_col)
    }

    static var inputIsInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }
}
