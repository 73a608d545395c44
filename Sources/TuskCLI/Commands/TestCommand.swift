import ArgumentParser
import Foundation
import TuskCore
import TuskRuntime
import TuskStore

/// `tusk test PATH...`: replays scenarios and checks every recorded output.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check scenarios' recorded outputs; report each mismatch with file:line and a diff.",
        discussion: """
            Directories are searched for .md files. Every scenario is parsed before any runs; a command
            that does not parse stops everything with exit 65. A mismatch makes tusk exit 1.
            With --update, recorded outputs are rewritten in place, keeping the wildcards that still match.
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
        let overrides = try RunCommand.parse(parameters)
        var scenarios: [ScenarioPlayer] = []
        for (path, named) in files {
            let scenario = try SourceFiles.scenario(path, text: try SourceFiles.read(path))
            // A Markdown file found in a directory with no tusk cell is documentation, not a test.
            if scenario.steps.isEmpty && !named { continue }
            // A parameter applies to the scenarios that declare it.
            let player: ScenarioPlayer
            do {
                player = try ScenarioPlayer(
                    scenario: scenario, overrides: overrides.filter { scenario.parameters[$0.key] != nil })
            } catch {
                throw CLIFailure(error.description, .usage)
            }
            // --update records whatever happens, errors included; a check must parse first.
            if !update {
                do { try player.preflight() } catch { throw CLIFailure(error.rendered, .dslError) }
            }
            scenarios.append(player)
        }
        for name in overrides.keys.sorted() where !scenarios.contains(where: { $0.scenario.parameters[name] != nil }) {
            throw CLIFailure("no scenario declares the parameter '\(name)'", .usage)
        }
        var passed = 0, failed = 0
        for player in scenarios {
            let scenario = player.scenario
            let session: Session
            session = Session(store: try storeOptions.open(fallback: nil))
            let outcomes = player.play(on: session)
            let mismatches = outcomes.filter { !$0.matches }
            if update && !mismatches.isEmpty {
                let text = ScenarioPlayer.notebook(scenario, outcomes) {
                    OutputMatcher.updated($0.step.expected, $0.actual ?? [])
                }
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: scenario.path), options: .atomic) } catch {
                    throw CLIFailure("cannot write '\(scenario.path)': \(error.localizedDescription)", .usage)
                }
                Terminal.print(["updated \(scenario.path) (\(mismatches.count) of \(outcomes.count) outputs)"])
                passed += 1
                continue
            }
            for mismatch in mismatches { Terminal.print(Self.report(mismatch, in: scenario)) }
            let ran = outcomes.filter { $0.actual != nil }.count
            if mismatches.isEmpty {
                Terminal.print(["ok      \(scenario.path) (\(ran) commands)"])
                passed += 1
            } else {
                Terminal.print(["FAILED  \(scenario.path) (\(mismatches.count) of \(ran) commands differ)"])
                failed += 1
            }
        }
        Terminal.print(["\(passed) passed, \(failed) failed"])
        if failed > 0 { throw CLIFailure([], .checkFailed) }
    }

    /// `path:line: output differs for 'command'` and a unified diff, recorded → actual.
    static func report(_ outcome: ScenarioPlayer.Outcome, in scenario: Scenario) -> [String] {
        let step = outcome.step
        let command = step.command.split(separator: "\n").joined(separator: " ")
        return ["\(scenario.path):\(step.line): output differs for '\(command)'", "--- recorded", "+++ actual"]
            + LineDiff.unified(step.expected, outcome.actual ?? [], equal: OutputMatcher.lineMatches)
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
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".md") }.sorted()
            files += found.map { ((path.hasSuffix("/") ? path : path + "/") + $0, false) }
        }
        if files.isEmpty {
            throw CLIFailure("no scenarios (.md files) found in \(paths.joined(separator: ", "))", .usage)
        }
        return files
    }
}
