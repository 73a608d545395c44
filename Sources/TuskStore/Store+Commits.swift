import Foundation
import GRDB
import TuskCore

/// What a `put` did: made a commit, or added to the commit opened by `startCommit`.
public enum PutResult: Sendable, Equatable {
    case committed(CommitInfo)
    case staged(repo: RepoName, branch: BranchName, files: Int)
}

extension Store {
    /// Writes files to `branch`. With no open commit this makes one commit holding all of
    /// `writes` (so a failure in any of them leaves the branch as it was); with an open commit it
    /// adds them to it.
    @discardableResult
    public func put(
        _ writes: [FileWrite], repo: RepoName, branch: BranchName, message: String? = nil,
        provenance: [CommitAddress] = []
    ) throws(StoreError) -> PutResult {
        try write { db in
            let head = try Store.requireBranch(db, repo, branch)
            if try Store.hasOpenCommit(db, repo, branch) {
                var tree = try Store.openTree(db, repo, branch)
                try Store.apply(writes, to: &tree, db: db)
                try Store.saveOpenTree(db, repo, branch, tree)
                return .staged(repo: repo, branch: branch, files: tree.count)
            }
            var tree = try head.map { try Store.tree(db, $0) } ?? [:]
            try Store.apply(writes, to: &tree, db: db)
            let message = message ?? Store.defaultMessage(for: writes)
            let id = try makeCommit(
                db, repo: repo, branch: branch, parent: head, tree: tree, message: message, provenance: provenance)
            return .committed(try Store.commitInfo(db, id))
        }
    }

    /// Opens a commit on `branch`: later puts accumulate in it until `finishCommit`.
    public func startCommit(_ repo: RepoName, _ branch: BranchName, message: String = "") throws(StoreError) {
        try write { db in
            let head = try Store.requireBranch(db, repo, branch)
            if try Store.hasOpenCommit(db, repo, branch) { throw StoreError.commitAlreadyOpen(branch, repo: repo) }
            try db.execute(
                sql: "INSERT INTO openCommit (repo, branch, message) VALUES (?, ?, ?)",
                arguments: [repo.rawValue, branch.rawValue, message])
            try Store.saveOpenTree(db, repo, branch, try head.map { try Store.tree(db, $0) } ?? [:])
        }
    }

    /// Closes the open commit on `branch`, giving it its id and moving the branch head to it.
    @discardableResult
    public func finishCommit(_ repo: RepoName, _ branch: BranchName, message: String? = nil) throws(StoreError)
        -> CommitInfo
    {
        try write { db in
            let head = try Store.requireBranch(db, repo, branch)
            guard
                let opened = try String.fetchOne(
                    db, sql: "SELECT message FROM openCommit WHERE repo = ? AND branch = ?",
                    arguments: [repo.rawValue, branch.rawValue])
            else { throw StoreError.noOpenCommit(branch, repo: repo) }
            let tree = try Store.openTree(db, repo, branch)
            try db.execute(
                sql: "DELETE FROM openCommit WHERE repo = ? AND branch = ?",
                arguments: [repo.rawValue, branch.rawValue])
            let id = try makeCommit(
                db, repo: repo, branch: branch, parent: head, tree: tree, message: message ?? opened, provenance: [])
            return try Store.commitInfo(db, id)
        }
    }

    /// The commit a reference names: a branch head or a unique id prefix, walked back `^N`.
    public func resolve(_ repo: RepoName, _ ref: CommitRef) throws(StoreError) -> CommitInfo {
        try read { db in try Store.commitInfo(db, try Store.resolve(db, repo, ref)) }
    }

    /// Commits newest first: the history of `branch` (following parents from its head), or every
    /// commit of the repo when no branch is given.
    public func listCommits(_ repo: RepoName, branch: BranchName? = nil) throws(StoreError) -> [CommitInfo] {
        try read { db in
            try Store.requireRepo(db, repo)
            guard let branch else {
                return try String.fetchAll(
                    db, sql: "SELECT id FROM \"commit\" WHERE repo = ? ORDER BY sequence DESC",
                    arguments: [repo.rawValue]
                ).map { try Store.commitInfo(db, CommitID(hex: $0)) }
            }
            var history: [CommitInfo] = []
            var next = try Store.requireBranch(db, repo, branch)
            while let id = next {
                let info = try Store.commitInfo(db, id)
                history.append(info)
                next = info.parent
            }
            return history
        }
    }

    /// The commits whose provenance includes `commit`: what was computed from it.
    public func subvenance(of commit: CommitID) throws(StoreError) -> [CommitAddress] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.repo, c.id FROM provenance p JOIN "commit" c ON c.id = p.commitId
                    WHERE p.sourceCommit = ? ORDER BY c.sequence
                    """, arguments: [commit.hex]
            ).map { CommitAddress(repo: try RepoName($0["repo"]), id: CommitID(hex: $0["id"])) }
        }
    }

    /// The branches whose head is `commit`.
    public func branches(pointingAt commit: CommitID) throws(StoreError) -> [BranchName] {
        try read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM branch WHERE head = ? ORDER BY name", arguments: [commit.hex]
            )
            .map { try BranchName($0) }
        }
    }

    // MARK: - Inside a transaction

    /// A file entry of a tree: content hash and size.
    typealias Tree = [RepoPath: (hash: ContentHash, size: Int)]

    func makeCommit(
        _ db: Database, repo: RepoName, branch: BranchName, parent: CommitID?, tree: Tree, message: String,
        provenance: [CommitAddress]
    ) throws -> CommitID {
        let sequence = try tick(db)
        let id = CommitHasher.id(
            repo: repo, branch: branch, parent: parent, sequence: sequence, message: message,
            provenance: provenance, tree: tree.mapValues(\.hash))
        try db.execute(
            sql: "INSERT INTO \"commit\" (id, repo, branch, parent, sequence, message) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id.hex, repo.rawValue, branch.rawValue, parent?.hex, sequence, message])
        let insert = try db.makeStatement(sql: "INSERT INTO file (commitId, path, hash, size) VALUES (?, ?, ?, ?)")
        for (path, entry) in tree.sorted(by: { $0.key < $1.key }) {
            try insert.execute(arguments: [id.hex, path.description, entry.hash.hex, entry.size])
        }
        for source in provenance {
            try db.execute(
                sql: "INSERT OR IGNORE INTO provenance (commitId, sourceRepo, sourceCommit) VALUES (?, ?, ?)",
                arguments: [id.hex, source.repo.rawValue, source.id.hex])
        }
        try db.execute(
            sql: "UPDATE branch SET head = ? WHERE repo = ? AND name = ?",
            arguments: [id.hex, repo.rawValue, branch.rawValue])
        return id
    }

    static func defaultMessage(for writes: [FileWrite]) -> String {
        let paths = writes.map(\.path.description)
        return paths.count <= 3 ? "put " + paths.joined(separator: ", ") : "put \(paths.count) files"
    }

    /// Applies writes to a tree, storing new contents once each by hash.
    static func apply(_ writes: [FileWrite], to tree: inout Tree, db: Database) throws {
        for write in writes {
            let path = write.path
            if path.isRoot { throw StoreError.rootIsNotAFile() }
            for depth in 1..<path.segments.count {
                let ancestor = try RepoPath("/" + path.segments.prefix(depth).joined(separator: "/"))
                if tree[ancestor] != nil { throw StoreError.underFile(path, file: ancestor) }
            }
            if tree.keys.contains(where: { $0 != path && $0.isWithin(path) }) { throw StoreError.isDirectory(path) }
            var bytes = write.bytes
            if write.append, let existing = tree[path] { bytes = try blob(db, existing.hash) + bytes }
            let hash = ContentHash(of: bytes)
            try db.execute(
                sql: "INSERT OR IGNORE INTO blob (hash, size, data) VALUES (?, ?, ?)",
                arguments: [hash.hex, bytes.count, Data(bytes)])
            tree[path] = (hash, bytes.count)
        }
    }

    static func tree(_ db: Database, _ commit: CommitID) throws -> Tree {
        var tree: Tree = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT path, hash, size FROM file WHERE commitId = ?", arguments: [commit.hex])
        {
            tree[try RepoPath(row["path"])] = (ContentHash(hex: row["hash"]), row["size"])
        }
        return tree
    }

    static func openTree(_ db: Database, _ repo: RepoName, _ branch: BranchName) throws -> Tree {
        var tree: Tree = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT path, hash, size FROM openFile WHERE repo = ? AND branch = ?",
            arguments: [repo.rawValue, branch.rawValue])
        {
            tree[try RepoPath(row["path"])] = (ContentHash(hex: row["hash"]), row["size"])
        }
        return tree
    }

    static func saveOpenTree(_ db: Database, _ repo: RepoName, _ branch: BranchName, _ tree: Tree) throws {
        try db.execute(
            sql: "DELETE FROM openFile WHERE repo = ? AND branch = ?", arguments: [repo.rawValue, branch.rawValue])
        let insert = try db.makeStatement(
            sql: "INSERT INTO openFile (repo, branch, path, hash, size) VALUES (?, ?, ?, ?, ?)")
        for (path, entry) in tree {
            try insert.execute(arguments: [
                repo.rawValue, branch.rawValue, path.description, entry.hash.hex, entry.size,
            ])
        }
    }

    static func blob(_ db: Database, _ hash: ContentHash) throws -> [UInt8] {
        guard let data = try Data.fetchOne(db, sql: "SELECT data FROM blob WHERE hash = ?", arguments: [hash.hex])
        else {
            throw StoreError.database("missing content \(hash.short)")
        }
        return [UInt8](data)
    }

    static func resolve(_ db: Database, _ repo: RepoName, _ ref: CommitRef) throws -> CommitID {
        try requireRepo(db, repo)
        var id: CommitID
        if let branch = try? BranchName(ref.base),
            let row = try Row.fetchOne(
                db, sql: "SELECT head FROM branch WHERE repo = ? AND name = ?",
                arguments: [repo.rawValue, branch.rawValue])
        {
            guard let head = row["head"] as String? else { throw StoreError.emptyBranch(branch, repo: repo) }
            id = CommitID(hex: head)
        } else {
            let prefix = ref.base.lowercased()
            let isHex = prefix.count >= 4 && prefix.allSatisfy { $0.isHexDigit }
            let matches =
                isHex
                ? try String.fetchAll(
                    db, sql: "SELECT id FROM \"commit\" WHERE repo = ? AND substr(id, 1, ?) = ? ORDER BY id LIMIT 5",
                    arguments: [repo.rawValue, prefix.count, prefix]
                ).map(CommitID.init(hex:)) : []
            if matches.count > 1 { throw StoreError.ambiguousPrefix(ref.base, matches: matches) }
            guard let match = matches.first else {
                let names = try String.fetchAll(
                    db, sql: "SELECT name FROM branch WHERE repo = ?", arguments: [repo.rawValue])
                throw StoreError.refNotFound(ref, repo: repo, candidates: names)
            }
            id = match
        }
        for step in 0..<ref.ancestors {
            guard
                let parent = try String.fetchOne(
                    db, sql: "SELECT parent FROM \"commit\" WHERE id = ?", arguments: [id.hex])
            else { throw StoreError.tooFewAncestors(ref, available: step) }
            id = CommitID(hex: parent)
        }
        return id
    }

    static func commitInfo(_ db: Database, _ id: CommitID) throws -> CommitInfo {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT repo, branch, parent, sequence, message,
                    (SELECT COUNT(*) FROM file WHERE commitId = c.id) AS files,
                    (SELECT COALESCE(SUM(size), 0) FROM file WHERE commitId = c.id) AS size
                FROM "commit" c WHERE id = ?
                """, arguments: [id.hex])!
        let provenance = try Row.fetchAll(
            db,
            sql: "SELECT sourceRepo, sourceCommit FROM provenance WHERE commitId = ? ORDER BY sourceRepo, sourceCommit",
            arguments: [id.hex]
        ).map { CommitAddress(repo: try RepoName($0["sourceRepo"]), id: CommitID(hex: $0["sourceCommit"])) }
        return CommitInfo(
            id: id, repo: try RepoName(row["repo"]), branch: try BranchName(row["branch"]),
            parent: (row["parent"] as String?).map(CommitID.init(hex:)), sequence: row["sequence"],
            message: row["message"], provenance: provenance, fileCount: row["files"], size: row["size"])
    }
}
