import ArgumentParser
import Foundation
import TuskCore
import TuskRuntime

/// `tusk run FILE`: replays a scenario and prints it as a notebook, or runs a plain script.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay a scenario (.md) and print it with fresh outputs, or run a plain script.",
        discussion: """
            A scenario runs on a fresh in-memory store unless --store is given, and the files it writes
            go to a scratch directory unless --outputs DIR is given. A command that fails where the
            scenario does not expect it (no '! ' lines recorded) makes tusk exit 65.
            """)

    @Argument(help: ArgumentHelp("The scenario or script to run.", valueName: "FILE"))
    var file: String

    @Option(name: .customLong("param"), help: ArgumentHelp("Set a scenario parameter.", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var formatOptions: FormatOptions

    @Option(help: ArgumentHelp("Keep the files the scenario writes in this directory.", valueName: "DIR"))
    var outputs: String?

    @Flag(
        help: """
            Presenter mode: pause after each cell until Enter; q, Ctrl-D or Ctrl-C stops (exit 0). \
            From a pipe, each line read is an Enter.
            """)
    var step = false

    @Flag(
        name: .customLong("continue"),
        help: """
            Then open the REPL on the store the run filled, in the scenario's folder ('save FILE.md' \
            there keeps the run and what you type as a scenario).
            """)
    var continues = false

    @OptionGroup var exports: ExportOptions

    func run() throws {
        let text = try SourceFiles.read(file)
        let storeIsNew = storeOptions.store.map(REPL.isNewStore) ?? false
        let store = try storeOptions.open(fallback: nil)
        let format = try formatOptions.outputFormat()
        let prompt = ContinuePrompt(enabled: continues, store: storeOptions.store, storeIsNew: storeIsNew, origin: file)
        guard file.hasSuffix(".md") else {
            if !parameters.isEmpty { throw CLIFailure("--param applies to scenarios (.md files) only", .usage) }
            try exports.check(scenario: nil)
            if step { throw CLIFailure("--step applies to scenarios (.md files) only", .usage) }
            // A script replays on a logical clock, as a scenario does: the same bytes every run.
            let session = Session(store: store, format: format)
            session.context.measuresLatency = false
            prompt.record(session)
            return try prompt.after(session) {
                try ScriptRunner.run(Script.commands(in: text, name: file), on: session)
            }
        }
        let scenario = try SourceFiles.scenario(file, text: text)
        try exports.check(scenario: file)
        let player = try Self.player(scenario, parameters)
        // Files the scenario writes go to --outputs, or to a scratch directory removed at the end,
        // so a replay never finds (and reports replacing) what the last one wrote.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-run-\(UUID().uuidString)")
        let outputs = self.outputs ?? scratch.path
        try? FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session = player.session(store: store, outputDirectory: outputs, format: format)
        do { try player.preflight() } catch { throw CLIFailure(error.rendered, .dslError) }
        prompt.record(session)
        // Printed as it plays, cell by cell: the same bytes as the whole notebook at once.
        let replay = Presenter(player: player, pause: step ? StepPause() : nil).play(on: session)
        let outcomes = replay.outcomes
        if let cell = replay.stoppedAfter { Terminal.printError(["stopped after cell \(cell) of \(replay.cells)"]) }
        try exports.write(NotebookRun(player.scenario, outcomes, parameters: player.parameters))
        // A failure shows in the notebook; the prompt opens all the same, and the exit status says it.
        try prompt.open(on: session)
        let unexpected = outcomes.compactMap(\.unexpectedError)
        if let first = unexpected.first {
            throw CLIFailure(
                first.rendered + (unexpected.count > 1 ? ["(\(unexpected.count - 1) more failed commands)"] : []),
                .dslError)
        }
    }

    /// A player for `scenario` with `--param` values, paths among them relocated to its folder.
    static func player(_ scenario: Scenario, _ parameters: [String]) throws -> ScenarioPlayer {
        let given = try parse(parameters)
        let overrides = given.filter { scenario.parameters[$0.key] != nil }.mapValues {
            ScenarioPlayer.relocate(
                $0, scenarioDirectory: scenario.directory,
                workingDirectory: FileManager.default.currentDirectoryPath)
        }
        for name in given.keys.sorted() where scenario.parameters[name] == nil {
            throw CLIFailure(PlayerError.unknownParameter(name, scenario: scenario).description, .usage)
        }
        do { return try ScenarioPlayer(scenario: scenario, overrides: overrides) } catch {
            throw CLIFailure(error.description, .usage)
        }
    }

    static func parse(_ parameters: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "="), equals != parameter.startIndex else {
                throw CLIFailure("--param expects NAME=VALUE, got '\(parameter)'", .usage)
            }
            values[String(parameter[..<equals])] = String(parameter[parameter.index(after: equals)...])
        }
        return values
    }
}

/// Runs plain-script commands in order, printing outputs; stops at the first error.
enum ScriptRunner {
    static func run(_ commands: [SourceText], on session: Session) throws {
        for command in commands {
            let result = session.execute(command)
            Terminal.show(result)
            if let error = result.error {
                throw CLIFailure(DiagnosticRenderer.full(error, in: command), ExitStatus.of(error))
            }
        }
    }
}

/// Reading the files named on the command line, with usage errors that say which file.
enum SourceFiles {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CLIFailure("'\(path)' is a directory; name a scenario file", .usage)
            }
            throw CLIFailure("cannot read '\(path)': no such file", .usage)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure("'\(path)' is not UTF-8 text", .usage)
        }
        return text
    }

    static func scenario(_ path: String, text: String) throws -> Scenario {
        do { return try ScenarioParser.parse(path: path, text: text) } catch {
            throw CLIFailure(error.rendered, .dslError)
        }
    }
}
