/// The store's tables, as named, append-only migrations: a new version adds a migration, never
/// edits one, so every store ever written still opens.
///
/// Version 2 replaces whole trees per commit with layers shared between commits (see
/// ``TreeLayers``) and whole-file blobs with content-addressed chunks (see ``ContentWriter``).
enum StoreSchema {
    static var migrator: SchemaMigrator {
        var migrator = SchemaMigrator()
        migrator.registerMigration("v1: repos, branches, commits, files") { db in
            try db.execute(
                sql: """
                    CREATE TABLE clock (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        sequence INTEGER NOT NULL
                    );
                    INSERT INTO clock (id, sequence) VALUES (1, 0);
                    CREATE TABLE repo (
                        name TEXT PRIMARY KEY,
                        description TEXT NOT NULL,
                        sequence INTEGER NOT NULL
                    );
                    CREATE TABLE "commit" (
                        id TEXT PRIMARY KEY,
                        repo TEXT NOT NULL REFERENCES repo(name) ON DELETE CASCADE,
                        branch TEXT NOT NULL,
                        parent TEXT REFERENCES "commit"(id),
                        sequence INTEGER NOT NULL UNIQUE,
                        message TEXT NOT NULL
                    );
                    CREATE INDEX commit_by_repo ON "commit"(repo, sequence);
                    CREATE TABLE branch (
                        repo TEXT NOT NULL REFERENCES repo(name) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        head TEXT REFERENCES "commit"(id),
                        PRIMARY KEY (repo, name)
                    );
                    CREATE TABLE provenance (
                        commitId TEXT NOT NULL REFERENCES "commit"(id) ON DELETE CASCADE,
                        sourceRepo TEXT NOT NULL,
                        sourceCommit TEXT NOT NULL REFERENCES "commit"(id),
                        PRIMARY KEY (commitId, sourceCommit)
                    );
                    CREATE INDEX provenance_by_source ON provenance(sourceCommit);
                    CREATE TABLE blob (
                        hash TEXT PRIMARY KEY,
                        size INTEGER NOT NULL,
                        data BLOB NOT NULL
                    );
                    CREATE TABLE file (
                        commitId TEXT NOT NULL REFERENCES "commit"(id) ON DELETE CASCADE,
                        path TEXT NOT NULL,
                        hash TEXT NOT NULL REFERENCES blob(hash),
                        size INTEGER NOT NULL,
                        PRIMARY KEY (commitId, path)
                    );
                    CREATE INDEX file_by_hash ON file(hash);
                    CREATE TABLE openCommit (
                        repo TEXT NOT NULL,
                        branch TEXT NOT NULL,
                        message TEXT NOT NULL,
                        PRIMARY KEY (repo, branch),
                        FOREIGN KEY (repo, branch) REFERENCES branch(repo, name) ON DELETE CASCADE
                    );
                    CREATE TABLE openFile (
                        repo TEXT NOT NULL,
                        branch TEXT NOT NULL,
                        path TEXT NOT NULL,
                        hash TEXT NOT NULL REFERENCES blob(hash),
                        size INTEGER NOT NULL,
                        PRIMARY KEY (repo, branch, path),
                        FOREIGN KEY (repo, branch) REFERENCES openCommit(repo, branch) ON DELETE CASCADE
                    );
                    """)
        }
        migrator.registerMigration("v2: shared tree layers, chunked contents", migrate: migrateToLayers)
        migrator.registerMigration("v3: the commit that wrote each file, and each file's provenance") { db in
            // origin: the commitNode key of the commit that wrote the entry's content (NULL for
            // entries written before v3, whose writer is found by walking history).
            try db.execute(
                sql: """
                    ALTER TABLE entry ADD COLUMN origin INTEGER;
                    ALTER TABLE openEntry ADD COLUMN provenance TEXT NOT NULL DEFAULT '';
                    CREATE TABLE fileProvenance (
                        node INTEGER NOT NULL REFERENCES commitNode(key) ON DELETE CASCADE,
                        path BLOB NOT NULL,
                        sourceRepo TEXT NOT NULL,
                        sourceCommit TEXT NOT NULL,
                        PRIMARY KEY (node, path, sourceCommit)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4: documents") { db in
            // Records of the engines above the store (pipelines, jobs, deployments), as JSON,
            // written in the same transactions as the commits they describe.
            try db.execute(
                sql: """
                    CREATE TABLE document (
                        collection TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value BLOB NOT NULL,
                        PRIMARY KEY (collection, key)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v5: the router's request log and the labels that arrive later") { db in
            // One row per request a deployment answered: what came in, who answered, every
            // predictor's answer (the live one, canaries', shadows'), and how long it took
            // (NULL when replayed on a logical clock). Appended in batches, never updated.
            try db.execute(
                sql: """
                    CREATE TABLE servedRequest (
                        deployment TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        requestId TEXT NOT NULL,
                        release INTEGER NOT NULL,
                        predictor TEXT NOT NULL,
                        model TEXT NOT NULL,
                        input TEXT NOT NULL,
                        answers TEXT NOT NULL,
                        latency INTEGER,
                        PRIMARY KEY (deployment, sequence)
                    ) WITHOUT ROWID;
                    CREATE INDEX servedRequest_by_id ON servedRequest(deployment, requestId);
                    CREATE TABLE requestLabel (
                        deployment TEXT NOT NULL,
                        requestId TEXT NOT NULL,
                        label TEXT NOT NULL,
                        PRIMARY KEY (deployment, requestId)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6: the request log in binary chunks, one row per batch", migrate: migrateToChunks)
        migrator.registerMigration("v7: what monitor counts, summed per chunk") { db in
            // A table of its own rather than a column: SQLite reads a row's cells in order through
            // its overflow pages, and a summary after a chunk's megabytes would cost reading them.
            // Chunks logged before have none; monitor counts their answers.
            try db.execute(
                sql: """
                    CREATE TABLE requestSummary (
                        chunk INTEGER PRIMARY KEY REFERENCES requestChunk(id) ON DELETE CASCADE,
                        summary BLOB NOT NULL
                    );
                    """)
        }
        migrator.registerMigration(
            "v8: a table per deployment's request log, summaries inline", migrate: migrateToLogTables)
        return migrator
    }
}
