import TuskCore

extension Store {
    /// Creates `branch`, or moves it when it exists, to the commit `head` resolves to (none: an
    /// empty branch). Moving a branch is how deferred processing works: data waits on a side
    /// branch until `master` is pointed at it.
    ///
    /// Returns the branch, whether it is new, and the head it had before, if any.
    @discardableResult
    public func createBranch(
        _ repo: RepoName, _ branch: BranchName, head: CommitRef? = nil, documents: [Document] = []
    ) throws(StoreError) -> (branch: BranchInfo, created: Bool, previousHead: CommitID?) {
        try write { db in
            try Store.save(db, documents)
            try Store.requireRepo(db, repo)
            let target = try head.map { try Store.resolve(db, repo, $0) }
            let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT head FROM branch WHERE repo = ? AND name = ?"),
                arguments: [repo.rawValue, branch.rawValue])
            let previous = (existing?["head"] as String?).map(CommitID.init(hex:))
            if existing != nil {
                if try Store.hasOpenCommit(db, repo, branch) {
                    throw StoreError.branchHasOpenCommit(branch, repo: repo)
                }
                try db.cachedStatement(sql: "UPDATE branch SET head = ? WHERE repo = ? AND name = ?").execute(
                    arguments: [target?.hex, repo.rawValue, branch.rawValue])
            } else {
                try db.cachedStatement(sql: "INSERT INTO branch (repo, name, head) VALUES (?, ?, ?)").execute(
                    arguments: [repo.rawValue, branch.rawValue, target?.hex])
            }
            return (try Store.branchInfo(db, repo, branch), existing == nil, previous)
        }
    }

    /// The branches of a repo, by name.
    public func listBranches(_ repo: RepoName) throws(StoreError) -> [BranchInfo] {
        try read { db in
            try Store.requireRepo(db, repo)
            return try String.fetchAll(
                db.cachedStatement(sql: "SELECT name FROM branch WHERE repo = ? ORDER BY name"),
                arguments: [repo.rawValue]
            ).map { try Store.branchInfo(db, repo, BranchName($0)) }
        }
    }

    static func branchInfo(_ db: Database, _ repo: RepoName, _ branch: BranchName) throws -> BranchInfo {
        let head = try requireBranch(db, repo, branch)
        return BranchInfo(
            repo: repo, name: branch, head: head, hasOpenCommit: try hasOpenCommit(db, repo, branch))
    }

    /// The head of an existing branch; throws with a suggestion when the branch is missing.
    @discardableResult
    static func requireBranch(_ db: Database, _ repo: RepoName, _ branch: BranchName) throws -> CommitID? {
        try requireRepo(db, repo)
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT head FROM branch WHERE repo = ? AND name = ?"),
                arguments: [repo.rawValue, branch.rawValue])
        else {
            let names = try String.fetchAll(
                db.cachedStatement(sql: "SELECT name FROM branch WHERE repo = ?"), arguments: [repo.rawValue])
            throw StoreError.branchNotFound(branch, repo: repo, candidates: names)
        }
        return (row["head"] as String?).map(CommitID.init(hex:))
    }

    static func hasOpenCommit(_ db: Database, _ repo: RepoName, _ branch: BranchName) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM openCommit WHERE repo = ? AND branch = ?"),
            arguments: [repo.rawValue, branch.rawValue]) ?? false
    }
}
