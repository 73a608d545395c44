import Foundation
import Testing
import TuskRuntime

@testable import TuskCLI

/// The banner names the store the way the user can find it again, and says when this run made it.
@Suite struct REPLBannerTests {
    func banner(_ path: String, new: Bool) throws -> String {
        try REPL(session: Session(store: .inMemory()), storePath: path, storeIsNew: new).banner
    }

    @Test(arguments: [
        (".tusk", true, "tusk 0.1 — store ./.tusk (new) — type 'help' for commands, TAB to complete, Ctrl-D to leave."),
        ("demo", false, "tusk 0.1 — store ./demo — type 'help' for commands, TAB to complete, Ctrl-D to leave."),
        ("/tmp/s1", false, "tusk 0.1 — store /tmp/s1 — type 'help' for commands, TAB to complete, Ctrl-D to leave."),
        ("../s", true, "tusk 0.1 — store ../s (new) — type 'help' for commands, TAB to complete, Ctrl-D to leave."),
    ])
    func theBannerNamesTheStore(path: String, new: Bool, expected: String) throws {
        #expect(try banner(path, new: new) == expected)
    }

    @Test func aStoreIsNewUntilItHasADatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tusk-banner-\(UUID().uuidString)"
        )
        .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(REPL.isNewStore(at: directory))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(REPL.isNewStore(at: directory))
        _ = try StoreOptions.parse(["--store", directory]).open(fallback: nil)
        #expect(!REPL.isNewStore(at: directory))
    }
}
