import Foundation
import TuskCommands
import TuskCore
import TuskStore

extension SessionState {
    /// Writes what the session ran as a scenario that `tusk test` passes.
    ///
    /// The outputs in the file are not the ones the session printed: the commands are replayed on
    /// a fresh in-memory store from the file's folder, on the player's logical clock, exactly as
    /// `tusk test` will replay them, and the file records that replay. So a saved file always
    /// passes, a monitor's latency (measured here, not in a replay) never lands in it, and an
    /// error is recorded as the player renders it. Where the replay prints differently than the
    /// session did (the store held data from before, a file was replaced rather than written),
    /// the answer says which commands.
    func save(_ request: SaveRequest, in context: CommandContext) throws(Diagnostic) -> SavedScenario {
        guard let recorder else {
            throw Diagnostic(
                "nothing to save: only the REPL records what it runs", at: request.pathSpan,
                help: "type 'save \(request.path)' at the tusk> prompt (or after 'tusk run FILE --continue')")
        }
        let base = context.files.baseDirectory
        let target = URL(fileURLWithPath: request.path, relativeTo: URL(fileURLWithPath: base)).standardizedFileURL
        let folder = target.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(
                "no folder '\(folder)' to save into", at: request.pathSpan,
                help: "create it first, or name another path")
        }
        if let scenario = recorder.scenario, URL(fileURLWithPath: scenario).standardizedFileURL.path == target.path {
            throw Diagnostic(
                "'\(request.path)' is the scenario this session replayed; saving would replace it with a transcript",
                at: request.pathSpan, help: "save under another name")
        }
        guard !recorder.entries.isEmpty else {
            throw Diagnostic("nothing to save yet: no command has run in this session", help: "run some commands first")
        }
        let sameFolder = URL(fileURLWithPath: base).standardizedFileURL.path == folder
        let relocation =
            sameFolder
            ? RecordedPaths.Relocation(recorder.entries.map(\.command))
            : RecordedPaths.relocated(recorder.entries.map(\.command), from: base, to: folder)
        // A replay starts in text: a session that began in JSON says so first.
        let leading = recorder.format == .json ? ["format json"] : []
        let title = request.title ?? ScenarioWriter.title(forFile: request.path)
        let seed = context.seed
        var cells = (leading + relocation.commands).map { ScenarioWriter.Cell(command: $0, output: []) }

        let outcomes = try Self.replay(ScenarioWriter.text(title: title, seed: seed, cells: cells), at: target.path)
        var unrecordable = Set<Int>()
        for (index, outcome) in outcomes.enumerated() {
            let output = outcome.actual ?? []
            if ScenarioWriter.recordable(output) {
                cells[index].output = output
            } else {
                cells[index].output = [OutputMatcher.anyLines]
                unrecordable.insert(index)
            }
        }
        let text = ScenarioWriter.text(title: title, seed: seed, cells: cells)
        // What `tusk test` will find: every recording matches the replay it came from.
        let saved: Scenario
        do { saved = try ScenarioParser.parse(path: target.path, text: text) } catch {
            throw Diagnostic("save wrote a scenario it cannot read: \(error.diagnostic.message)", category: .internal)
        }
        guard saved.steps.count == outcomes.count,
            zip(saved.steps, outcomes).allSatisfy({ OutputMatcher.matches($0.expected, $1.actual ?? []) })
        else { throw Diagnostic("save wrote outputs that do not read back as recorded", category: .internal) }

        let replaced = FileManager.default.fileExists(atPath: target.path)
        do { try Data(text.utf8).write(to: target, options: .atomic) } catch {
            throw Diagnostic(
                "cannot write '\(request.path)': \(error.localizedDescription)", at: request.pathSpan,
                help: "check the folder's permissions")
        }

        var differences: [SavedScenario.Difference] = []
        for (offset, entry) in recorder.entries.enumerated() {
            let index = leading.count + offset
            let step = saved.steps[index], outcome = outcomes[index]
            let command = step.command.split(separator: "\n").joined(separator: " ")
            let change: String?
            if unrecordable.contains(index) {
                change = SavedScenario.unrecordable
            } else if entry.failed != (outcome.error != nil) {
                change = entry.failed ? "failed here, succeeds in the replay" : "succeeded here, fails in the replay"
            } else if !entry.failed, let printed = entry.printed,
                printed != SessionRecorder.fingerprint(Self.unmoved(outcome.actual ?? [], relocation.rewrites[offset]))
            {
                change = "prints differently in the replay"
            } else {
                change = nil
            }
            if let change { differences.append(.init(line: step.line, command: command, change: change)) }
        }
        return SavedScenario(
            path: Self.shown(request.path, base: base), commands: recorder.entries.count, replaced: replaced,
            relocated: relocation.summary,
            differences: differences)
    }

    /// A replay's output with the paths its command names as the session typed them: a command
    /// that echoes a file's name prints the same once its path is rewritten for the file's folder.
    private static func unmoved(_ lines: [String], _ rewrites: [RecordedPaths.Relocation.Rewrite]) -> [String] {
        rewrites.isEmpty
            ? lines
            : lines.map { line in rewrites.reduce(line) { $0.replacingOccurrences(of: $1.new, with: $1.old) } }
    }

    /// `path` (relative to `base`) as it reads from the directory tusk runs in.
    private static func shown(_ path: String, base: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        guard !path.hasPrefix("/"), URL(fileURLWithPath: base).standardizedFileURL.path != current else { return path }
        return ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// Plays scenario `text` as `tusk test` would, as though it were at `path`: on a fresh
    /// in-memory store, writing into a scratch directory removed afterwards.
    private static func replay(_ text: String, at path: String) throws(Diagnostic) -> [ScenarioPlayer.Outcome] {
        let scenario: Scenario
        let player: ScenarioPlayer
        let store: Store
        do {
            scenario = try ScenarioParser.parse(path: path, text: text)
            player = try ScenarioPlayer(scenario: scenario)
            store = try Store.inMemory()
        } catch {
            throw Diagnostic("save cannot replay the session: \(error)", category: .internal)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-save-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return player.play(on: player.session(store: store, outputDirectory: scratch.path))
    }
}
