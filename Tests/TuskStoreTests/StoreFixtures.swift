import Foundation
/// Builders shared by the store tests.
import TuskCore

@testable import TuskStore

enum Fixture {
    static func repo(_ name: String) -> RepoName { try! RepoName(name) }
    static func branch(_ name: String) -> BranchName { try! BranchName(name) }
    static func path(_ text: String) -> RepoPath { try! RepoPath(text) }
    static func write(_ path: String, _ text: String, append: Bool = false) -> FileWrite {
        FileWrite(path: Fixture.path(path), bytes: Array(text.utf8), append: append)
    }

    /// A fresh directory under the system temp dir, removed by the caller.
    static func temporaryDirectory() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-test-\(UUID().uuidString)")
        return url.path
    }

    /// Commits `writes` and returns the commit, failing the test on a staged result.
    @discardableResult
    static func commit(_ store: Store, _ repo: String, _ branch: String, _ writes: FileWrite..., message: String? = nil)
        throws -> CommitInfo
    {
        guard
            case .committed(let commit) = try store.put(
                writes, repo: Fixture.repo(repo), branch: Fixture.branch(branch), message: message)
        else { throw StoreError.database("expected a commit") }
        return commit
    }
}

extension Store {
    /// How many distinct contents are stored: what content addressing keeps small.
    func blobCount() throws -> Int { try count("content") }

    /// How many rows a table holds.
    func count(_ table: String) throws -> Int {
        try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
