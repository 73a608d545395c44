import ArgumentParser
import Foundation

/// `tusk serve …` runs `tusk-serve`, the HTTP server, which is an executable of its own: it is the
/// only part of tusk that needs SwiftNIO, and building it took most of the minutes
/// before a fresh clone could play the story. The launcher replaces this process with the server
/// (`execv`), so Ctrl-C, SIGTERM, the standard streams and the exit status are the server's own,
/// as when git runs `git-foo` for `git foo`.
package enum ServeLauncher {
    /// The server's one-line description, shown by `tusk --help` and by the server's own help.
    package static let abstract =
        "Serve a deployment over HTTP (Seldon and Open Inference V2 protocols, Prometheus metrics)."

    static let executableName = "tusk-serve"

    /// Runs the server with `arguments` (those after `serve`); returns only when it cannot.
    static func exec(_ arguments: [String]) -> CLIFailure {
        guard let path = serverPath() else {
            return CLIFailure(
                [
                    "error: 'tusk serve' needs \(executableName), the HTTP server, which is built on its own "
                        + "(it compiles SwiftNIO, which the rest of tusk does not use)",
                    "help: build it in tusk's source directory with 'make serve' "
                        + "(swift build -c release --product \(executableName)); it is placed beside tusk",
                ],
                .unavailable)
        }
        let argv = [path] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(path, &cArguments)
        let reason = String(cString: strerror(errno))
        for argument in cArguments { free(argument) }
        return CLIFailure("cannot run \(path): \(reason)", .unavailable)
    }

    /// `tusk-serve` beside the running `tusk` (both are built into the same directory, and installed
    /// together), else the first on `PATH`.
    static func serverPath() -> String? {
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(
                URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(
                    executableName
                ).path)
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(String(directory) + "/" + executableName)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// `serve` in `tusk --help`'s list of subcommands. `TuskMain` hands `tusk serve …` to the launcher
/// before parsing, so the server parses its own arguments and prints its own help.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: ServeLauncher.abstract)

    @Argument(parsing: .allUnrecognized) var arguments: [String] = []

    func run() throws { throw ServeLauncher.exec(arguments) }
}
