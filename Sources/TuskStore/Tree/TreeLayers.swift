import Foundation
import TuskCore

/// A commit's tree as the union of a few shared layers, newest first.
///
/// A commit at depth `d` (its first ancestor has depth 1) stores one layer: every file written
/// by the commits after its *base*, the ancestor at depth `d & (d - 1)` (`d` with its lowest one
/// bit cleared), up to and including itself. Its tree is its own layer, then its base's, then
/// the base's base: as many layers as `d` has one bits, at most 64, about 7 for a history of
/// 10,000 commits. This is Subversion's skip-delta, applied to file entries: an entry is copied
/// into O(log n) layers over a history of n commits, so a commit costs what it changes (times a
/// logarithm, amortized), and a lookup is one index seek per layer, whatever the tree's size.
///
/// A tree only grows (files are written, never removed), so a key found in any layer is in the
/// tree, and the newest layer holding it has its current content. An open commit's staged
/// files are one more layer, in front of its head's.
struct TreeLayers {
    /// The open commit whose staged files come first, if any.
    let staged: (repo: RepoName, branch: BranchName)?
    /// The commit layers, newest first.
    let nodes: [Int64]

    init(_ db: Database, node: Int64?, staged: (repo: RepoName, branch: BranchName)? = nil) throws {
        var nodes: [Int64] = []
        var next = node
        while let key = next {
            nodes.append(key)
            next = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT base FROM commitNode WHERE key = ?"), arguments: [key])
        }
        self.nodes = nodes
        self.staged = staged
    }

    /// The file at `key`, or nil when the tree has no file there.
    func lookup(_ db: Database, _ key: PathKey) throws -> StoredFile? {
        let candidates = sources { "SELECT content FROM \($0) AND path = :path" }
        let sql = """
            SELECT id, hash, size FROM content WHERE id = COALESCE(\(candidates.map { "(\($0))" }.joined(separator: ", ")), NULL)
            """
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments(["path": key.bytes]))
        else { return nil }
        return StoredFile(content: row["id"], hash: ContentHash(hex: row["hash"]), size: row["size"])
    }

    /// The commit layer that wrote the file at `key` (its `origin`), or nil when the tree has no
    /// file there or it was written before writers were recorded. One seek per layer.
    func origin(_ db: Database, _ key: PathKey) throws -> (found: Bool, origin: Int64?) {
        for node in nodes {
            if let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT origin FROM entry WHERE node = ? AND path = ?"),
                arguments: [node, key.bytes])
            {
                return (true, row["origin"])
            }
        }
        return (false, nil)
    }

    /// The greatest key below `key`: an ancestor of `key` when one is a file.
    func predecessor(_ db: Database, _ key: PathKey) throws -> PathKey? {
        try neighbour(db, key, sql: { "SELECT path FROM \($0) AND path < :path ORDER BY path DESC LIMIT 1" }, "max")
    }

    /// The least key above `key`: below `key` when `key` is a directory.
    func successor(_ db: Database, _ key: PathKey) throws -> PathKey? {
        try neighbour(db, key, sql: { "SELECT path FROM \($0) AND path > :path ORDER BY path LIMIT 1" }, "min")
    }

    /// Every file below `directory` (all of them below the root), by key.
    func files(_ db: Database, under directory: PathKey) throws -> [PathKey: StoredFile] {
        let range = directory.descendants
        var files: [PathKey: StoredFile] = [:]
        let bounds = "path >= :lower" + (range.upper == nil ? "" : " AND path < :upper")
        for source in sources({ "SELECT path, content FROM \($0) AND \(bounds)" }) {
            let sql = "SELECT e.path, c.id, c.hash, c.size FROM (\(source)) e JOIN content c ON c.id = e.content"
            var values: [String: (any DatabaseValueConvertible)?] = ["lower": range.lower]
            if let upper = range.upper { values["upper"] = upper }
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments(values))
            while let row = try rows.next() {
                let key = PathKey(bytes: row["path"])
                if files[key] == nil {
                    files[key] = StoredFile(content: row["id"], hash: ContentHash(hex: row["hash"]), size: row["size"])
                }
            }
        }
        return files
    }

    private func neighbour(
        _ db: Database, _ key: PathKey, sql: (String) -> String, _ aggregate: String
    ) throws -> PathKey? {
        let candidates = sources(sql)
        guard !candidates.isEmpty else { return nil }
        let union = candidates.map { "SELECT (\($0)) AS k" }.joined(separator: " UNION ALL ")
        let found = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT \(aggregate)(k) FROM (\(union))"),
            arguments: arguments(["path": key.bytes]))
        return found.map(PathKey.init(bytes:))
    }

    /// One `FROM … WHERE …` clause per layer, newest first, for `body` to complete. Layers are
    /// bound as parameters, so the statement text depends only on how many there are, and
    /// prepared statements are reused across commits.
    private func sources(_ body: (String) -> String) -> [String] {
        var sources: [String] = []
        if staged != nil { sources.append(body("openEntry WHERE repo = :repo AND branch = :branch")) }
        for index in nodes.indices { sources.append(body("entry WHERE node = :n\(index)")) }
        return sources
    }

    private func arguments(_ values: [String: (any DatabaseValueConvertible)?]) -> StatementArguments {
        var all = values
        if let staged {
            all["repo"] = staged.repo.rawValue
            all["branch"] = staged.branch.rawValue
        }
        for (index, node) in nodes.enumerated() { all["n\(index)"] = node }
        return StatementArguments(all)
    }
}
