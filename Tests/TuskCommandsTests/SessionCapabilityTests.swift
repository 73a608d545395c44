import Foundation
import Synchronization
import Testing
import TuskCore
import TuskLang
import TuskStore

@testable import TuskCommands

/// `format`, `save` and `export k8s` are ordinary commands: the first two ask the session in
/// their context (and refuse, at their argument, where there is none); the export needs none.
@Suite struct SessionCapabilityTests {
    /// A session that notes what its commands asked of it.
    final class NotingSession: SessionCapability {
        let formats = Mutex<[OutputFormat]>([])
        let saves = Mutex<[SaveRequest]>([])

        func setFormat(_ format: OutputFormat) { formats.withLock { $0.append(format) } }

        func save(_ request: SaveRequest, in context: CommandContext) throws(Diagnostic) -> SavedScenario {
            saves.withLock { $0.append(request) }
            return SavedScenario(path: request.path, commands: 2, replaced: false, relocated: [], differences: [])
        }
    }

    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-capability-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func context(_ session: (any SessionCapability)? = nil) throws -> CommandContext {
        var context = CommandContext(store: try Store.inMemory(), baseDirectory: directory)
        context.session = session
        return context
    }

    func run(_ line: String, in context: CommandContext) throws(Diagnostic) -> any CommandOutput {
        guard let parsed = try CommandSet.parse(line) else { throw Diagnostic("no command in '\(line)'") }
        return try parsed.command.runErased(context)
    }

    @Test func formatSetsTheSessionsFormat() throws {
        let session = NotingSession()
        let output = try run("format json", in: context(session))
        #expect(session.formats.withLock { $0 } == [.json])
        #expect((output as? FormatSetting)?.format == .json)
        #expect(output.textLines() == ["results print as json from now on"])
    }

    @Test func saveAsksTheSessionWithWhereThePathWasTyped() throws {
        let session = NotingSession()
        let output = try run("save notes/demo.md --title \"Demo\"", in: context(session))
        #expect(
            session.saves.withLock { $0 } == [
                SaveRequest(path: "notes/demo.md", pathSpan: SourceSpan(line: 1, column: 6, length: 13), title: "Demo")
            ])
        #expect((output as? SavedScenario)?.path == "notes/demo.md")
    }

    @Test(arguments: [
        (
            "format json", SourceSpan(line: 1, column: 8, length: 4),
            "format needs a session, and this command runs in none"
        ),
        (
            "save demo.md", SourceSpan(line: 1, column: 6, length: 7),
            "save needs a session, and this command runs in none"
        ),
    ])
    func withoutASessionTheyRefuseAtTheirArgument(line: String, span: SourceSpan, message: String) throws {
        let context = try context()
        let error = try #require(throws: Diagnostic.self) { _ = try run(line, in: context) }
        #expect(error.message == message)
        #expect(error.span == span)
        #expect(error.help != nil)
        #expect(!FileManager.default.fileExists(atPath: directory + "/demo.md"))
    }

    @Test func exportK8sWritesWithoutASession() throws {
        let context = try context()
        _ = try run("create repo raw", in: context)
        let output = try run("export k8s --out cluster", in: context)
        let exported = try #require(output as? ClusterExported)
        #expect(exported.files.map(\.path) == ["Dockerfile", "Dockerfile.dockerignore", "README.md"])
        for file in exported.files {
            #expect(FileManager.default.fileExists(atPath: directory + "/cluster/" + file.path), "\(file.path)")
        }
        #expect(
            output.textLines().first?.hasPrefix("wrote cluster/Dockerfile: the tusk image the steps run in") == true)
    }
}
