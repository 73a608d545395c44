import ArgumentParser
import Foundation
import TuskCommands
import TuskCore
import TuskRuntime
import TuskStore

/// `tusk test PATH...`: replays scenarios and checks every recorded output.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check scenarios' recorded outputs; report each mismatch with file:line and a diff.",
        discussion: """
            Directories are searched for .md files. Every scenario is parsed before any runs; a command \
            that does not parse stops everything with exit 65. A mismatch makes tusk exit 1. \
            With --update, recorded outputs are rewritten in place, keeping the wildcards that still match. \
            Relative paths in a scenario start at its folder; files it writes go to a scratch \
            directory that is removed afterwards, so checking never writes beside the scenario.
            """)

    @Argument(help: ArgumentHelp("Scenario files or directories.", valueName: "PATH"))
    var paths: [String] = ["scenarios"]

    @Flag(help: "Rewrite recorded outputs with the actual ones.")
    var update = false

    @Option(name: .customLong("param"), help: ArgumentHelp("Set a scenario parameter.", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let files = try Self.scenarioFiles(paths)
        var players: [ScenarioPlayer] = []
        var empty: [String] = []
        for (path, named) in files {
            let scenario = try SourceFiles.scenario(path, text: try SourceFiles.read(path))
            if scenario.steps.isEmpty {
                // Documentation found in a directory is not a test; a file named on purpose must be one.
                if named { empty.append(path) } else { Terminal.print(["skipped \(path) (no tusk cells)"]) }
                continue
            }
            let known = parameters.filter { parameter in
                scenario.parameters[String(parameter.prefix { $0 != "=" })] != nil
            }
            let player = try RunCommand.player(scenario, known)
            // --update records whatever happens, errors included; a check must parse first.
            if !update {
                do { try player.preflight() } catch { throw CLIFailure(error.rendered, .dslError) }
            }
            players.append(player)
        }
        for parameter in try RunCommand.parse(parameters).keys.sorted()
        where !players.contains(where: { $0.scenario.parameters[parameter] != nil }) {
            throw CLIFailure("no scenario declares the parameter '\(parameter)'", .usage)
        }
        var passed = 0
        var failed = empty.count
        for path in empty { Terminal.print(["FAILED  \(path) (no tusk cells: nothing to check)"]) }
        for player in players {
            if try check(player) { passed += 1 } else { failed += 1 }
        }
        Terminal.print(["\(passed) passed, \(failed) failed"])
        if failed > 0 { throw CLIFailure([], .checkFailed) }
    }

    /// Plays one scenario in a scratch directory; reports or rewrites its mismatches.
    private func check(_ player: ScenarioPlayer) throws -> Bool {
        let scenario = player.scenario
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session = player.session(store: try storeOptions.open(fallback: nil), outputDirectory: scratch.path)
        let outcomes = player.play(on: session)
        let ran = outcomes.filter { $0.actual != nil && !$0.step.options.ignoreOutput }.count
        let mismatches = outcomes.filter { !$0.matches }
        if update {
            guard !mismatches.isEmpty else {
                Terminal.print(["ok      \(scenario.path) (\(ran) commands)"])
                return true
            }
            let text = ScenarioPlayer.notebook(scenario, outcomes) {
                OutputMatcher.updated($0.step.expected, $0.actual ?? [])
            }
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: scenario.path), options: .atomic) } catch {
                throw CLIFailure("cannot write '\(scenario.path)': \(error.localizedDescription)", .usage)
            }
            Terminal.print(["updated \(scenario.path) (\(mismatches.count) of \(ran) commands)"])
            return true
        }
        for mismatch in mismatches {
            Terminal.print(Terminal.outputColors.output(Self.styledReport(mismatch, in: scenario)))
        }
        if mismatches.isEmpty {
            Terminal.print(["ok      \(scenario.path) (\(ran) commands)"])
            return true
        }
        var failed = TextOutput()
        failed.line(.fail("FAILED  \(scenario.path) (\(mismatches.count) of \(ran) commands differ)"))
        failed.line("        to accept the new outputs: tusk test --update \(scenario.path)")
        Terminal.print(Terminal.outputColors.output(failed))
        return false
    }

    /// `path:line: output differs for 'command'` and a unified diff, recorded → actual.
    static func report(_ outcome: ScenarioPlayer.Outcome, in scenario: Scenario) -> [String] {
        styledReport(outcome, in: scenario).lines
    }

    /// The report with its diff's lines marked, for colour.
    static func styledReport(_ outcome: ScenarioPlayer.Outcome, in scenario: Scenario) -> TextOutput {
        let step = outcome.step
        let command = step.command.split(separator: "\n").joined(separator: " ")
        let cell = step.options.id.map { " (cell \($0))" } ?? ""
        var text = TextOutput()
        text.line("\(scenario.path):\(step.line)\(cell): output differs for '\(command)'")
        text.lines([.styled("--- recorded", .heading), .styled("+++ actual", .heading)])
        text.lines(OutputMatcher.diff(step.expected, outcome.actual ?? []).map { StyledText.diffLine($0) })
        return text
    }

    /// The .md files named, or found (recursively, sorted) under the given directories.
    static func scenarioFiles(_ paths: [String]) throws -> [(path: String, named: Bool)] {
        var files: [(path: String, named: Bool)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIFailure("no such file or directory '\(path)'", .usage)
            }
            guard isDirectory.boolValue else {
                files.append((path, true))
                continue
            }
            let root = path.hasSuffix("/") ? path : path + "/"
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { name in
                    var isFolder: ObjCBool = false
                    // A folder that happens to be called x.md is not a scenario.
                    return name.hasSuffix(".md")
                        && FileManager.default.fileExists(atPath: root + name, isDirectory: &isFolder)
                        && !isFolder.boolValue
                }.sorted()
            files += found.map { (root + $0, false) }
        }
        if files.isEmpty {
            throw CLIFailure("no scenarios (.md files) found in \(paths.joined(separator: ", "))", .usage)
        }
        return files
    }
}
