import TuskCore

extension Store {
    /// Runs `delete`, which removes `repo`'s commits, then removes the contents and chunks only
    /// those commits used. Candidates are gathered first, so the work grows with the repo
    /// deleted, not with the store.
    static func collectingGarbage(_ db: Database, of repo: RepoName, _ delete: () throws -> Void) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS doomedContent (id INTEGER PRIMARY KEY);
                CREATE TEMP TABLE IF NOT EXISTS doomedChunk (id INTEGER PRIMARY KEY);
                DELETE FROM doomedContent;
                DELETE FROM doomedChunk;
                """)
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO doomedContent SELECT e.content FROM entry e
                    JOIN commitNode n ON n.key = e.node JOIN "commit" c ON c.id = n.id WHERE c.repo = ?;
                INSERT OR IGNORE INTO doomedContent SELECT content FROM openEntry WHERE repo = ?;
                """, arguments: [repo.rawValue, repo.rawValue])
        try delete()
        try db.execute(
            sql: """
                DELETE FROM doomedContent WHERE EXISTS (SELECT 1 FROM entry WHERE content = doomedContent.id)
                    OR EXISTS (SELECT 1 FROM openEntry WHERE content = doomedContent.id);
                INSERT OR IGNORE INTO doomedChunk SELECT p.chunk FROM piece p JOIN doomedContent d ON d.id = p.content;
                DELETE FROM content WHERE id IN (SELECT id FROM doomedContent);
                DELETE FROM doomedChunk WHERE EXISTS (SELECT 1 FROM piece WHERE chunk = doomedChunk.id);
                DELETE FROM chunk WHERE id IN (SELECT id FROM doomedChunk);
                DELETE FROM doomedContent;
                DELETE FROM doomedChunk;
                """)
    }

    /// Returns free pages to the file system and empties the write-ahead log. Best effort: when
    /// another process is reading, the pages stay free inside the file for later writes.
    func giveSpaceBack() {
        guard directory != nil else { return }
        try? database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum")
            try db.checkpoint(.truncate)
        }
    }
}
