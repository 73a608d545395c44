import Foundation
import TestSupport
import Testing

/// `tusk serve …` runs `tusk-serve`, the HTTP server built on its own (`make serve`): found beside
/// the running tusk or on PATH, given the arguments as typed, its exit status passed through; when
/// it is missing, one error that says how to build it. (TuskServeTests serve through the real one.)
@Suite(.ownThread) final class ServeLauncherTests {
    let directory: String
    let tusk: String

    /// The tusk under test, linked into a directory of its own so nothing is beside it (it runs as
    /// that path: /proc/self/exe names the link). A hard link, not a copy: a copy is a file open for
    /// writing, which a process another test spawns meanwhile inherits, and running it then fails
    /// with ETXTBSY. In `.build`, on the binary's file system.
    init() throws {
        let binary = try PseudoTerminal.tuskBinary()
        directory =
            URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tusk-launch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        tusk = directory + "/tusk"
        try FileManager.default.linkItem(atPath: binary, toPath: tusk)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A PATH with the shell's tools and no tusk-serve.
    let bare = ["PATH": "/usr/bin:/bin"]

    @Test func withoutTheServerItSaysHowToBuildIt() throws {
        for words in [["serve", "production"], ["serve", "--help"], ["help", "serve"]] {
            let result = try run(words, environment: bare)
            #expect(result.status == 69, "\(words)")
            #expect(result.output.isEmpty)
            let lines = result.error.split(separator: "\n")
            #expect(lines.count == 2, "\(result.error)")
            #expect(lines.first?.hasPrefix("error: 'tusk serve' needs tusk-serve, the HTTP server") == true)
            #expect(lines.last?.contains("'make serve'") == true)
        }
        // The list of subcommands still names it.
        #expect(try run(["--help"], environment: bare).output.contains("  serve  "))
    }

    @Test func theServerBesideTuskGetsTheArgumentsAndGivesTheStatus() throws {
        try script(at: directory + "/tusk-serve", exit: 7)
        let result = try run(["--store", "S", "serve", "production", "--port", "0"], environment: bare)
        #expect(result.status == 7)
        // Global options come first, as for every CLI subcommand; then the words after `serve`.
        #expect(result.output == "--store S production --port 0\n")
        let help = try run(["help", "serve"], environment: bare)
        #expect(help.status == 7 && help.output == "--help\n")
    }

    @Test func otherwiseTheServerOnPathRuns() throws {
        let bin = directory + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try script(at: bin + "/tusk-serve", exit: 0)
        let result = try run(["serve", "d"], environment: ["PATH": bin + ":/usr/bin:/bin"])
        #expect(result.status == 0 && result.output == "d\n", "\(result.error)")
    }

    func run(_ arguments: [String], environment: [String: String]) throws -> Spawn.Result {
        try Spawn.run(tusk, arguments, in: directory, environment: environment)
    }

    /// A stand-in server that prints its arguments and exits with `status`. Written by a shell of
    /// its own: a file this process held open for writing would be inherited by a child another
    /// test spawns meanwhile, and running the script would fail (ETXTBSY) until that child execs.
    func script(at path: String, exit status: Int32) throws {
        let written = try Spawn.run(
            "/bin/sh",
            [
                "-c", #"printf '#!/bin/sh\necho "$*"\nexit %s\n' "$1" > "$2" && chmod 755 "$2""#, "sh", "\(status)",
                path,
            ],
            in: directory, environment: bare)
        #expect(written.status == 0, "\(written.error)")
    }
}
