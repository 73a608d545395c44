import Foundation
import Testing
import TuskCore

@testable import TuskStore

/// A store written by schema v1 (whole trees per commit, whole blobs) opens with v2 and reads
/// the same: ids, history, files, sizes and an open commit's staged files.
@Suite struct MigrationTests {
    @Test func aVersionOneStoreMovesToLayersAndChunks() throws {
        let directory = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let big = ContentTests.pattern(3 << 20)
        let blobs = ["one": Array("1".utf8), "two": Array("22".utf8), "big": big]
        let hash = blobs.mapValues { ContentHash(of: $0).hex }
        let ids = (1...3).map { String(repeating: "\($0)", count: 64) }
        do {
            let queue = try ConnectionPool(path: directory + "/store.sqlite")
            try StoreSchema.migrator.migrate(queue, upTo: "v1: repos, branches, commits, files")
            try queue.write { db in
                try db.execute(
                    sql: """
                        UPDATE clock SET sequence = 4;
                        INSERT INTO repo VALUES ('r', 'old', 1);
                        INSERT INTO "commit" VALUES (?, 'r', 'master', NULL, 2, 'first');
                        INSERT INTO "commit" VALUES (?, 'r', 'master', ?, 3, 'second');
                        INSERT INTO "commit" VALUES (?, 'r', 'dev', ?, 4, 'third');
                        INSERT INTO branch VALUES ('r', 'master', ?), ('r', 'dev', ?);
                        """, arguments: [ids[0], ids[1], ids[0], ids[2], ids[1], ids[1], ids[2]])
                for (name, bytes) in blobs {
                    try db.execute(
                        sql: "INSERT INTO blob VALUES (?, ?, ?)", arguments: [hash[name], bytes.count, Data(bytes)])
                }
                let trees: [(String, [(String, String)])] = [
                    (ids[0], [("/a", "one")]),
                    (ids[1], [("/a", "one"), ("/d/b", "two")]),
                    (ids[2], [("/a", "two"), ("/d/b", "two"), ("/big", "big")]),
                ]
                for (commit, files) in trees {
                    for (path, name) in files {
                        try db.execute(
                            sql: "INSERT INTO file VALUES (?, ?, ?, ?)",
                            arguments: [commit, path, hash[name], blobs[name]!.count])
                    }
                }
                // master has an open commit that rewrote /a and added /c.
                try db.execute(sql: "INSERT INTO openCommit VALUES ('r', 'master', 'staged')")
                for (path, name) in [("/a", "two"), ("/d/b", "two"), ("/c", "one")] {
                    try db.execute(
                        sql: "INSERT INTO openFile VALUES ('r', 'master', ?, ?, ?)",
                        arguments: [path, hash[name], blobs[name]!.count])
                }
            }
        }

        let store = try Store.open(directory: directory)
        let repo = Fixture.repo("r")
        #expect(try store.listCommits(repo).map(\.id.hex) == ids.reversed())
        let third = try store.resolve(repo, CommitRef(base: "dev"))
        #expect(third.fileCount == 3 && third.size == 2 + 2 + big.count)
        #expect(try store.files(repo, third.id).map(\.path.description) == ["/a", "/big", "/d/b"])
        #expect(try store.readFile(repo, third.id, Fixture.path("/big")) == big)
        #expect(try store.count("chunk") == 3 + 2)
        #expect(try store.readFile(repo, CommitID(hex: ids[0]), Fixture.path("/a")) == Array("1".utf8))
        #expect(try store.inspectRepo(repo).masterSize == 3)
        // Writers were not recorded before v3: history tells them. /d/b was written by the second
        // commit and kept by the third; /a was rewritten by the third.
        #expect(try store.origin(of: Fixture.path("/d/b"), in: repo, at: third.id).commit.id.hex == ids[1])
        #expect(try store.origin(of: Fixture.path("/a"), in: repo, at: third.id).commit.id.hex == ids[2])
        // The open commit goes on where v1 left it.
        let finished = try store.finishCommit(repo, Fixture.branch("master"))
        #expect(finished.parent?.hex == ids[1] && finished.message == "staged" && finished.sequence == 5)
        #expect(try store.files(repo, finished.id).map(\.path.description) == ["/a", "/c", "/d/b"])
        #expect(try store.readFile(repo, finished.id, Fixture.path("/a")) == Array("22".utf8))
        // Appends to migrated contents resume their hash.
        let appended = try Fixture.commit(store, "r", "dev", Fixture.write("/big", "!", append: true))
        #expect(try store.files(repo, appended.id)[1].hash == ContentHash(of: big + Array("!".utf8)))
        // The v1 tables are gone and the file now has incremental auto-vacuum.
        let (tables, vacuum) = try store.database.read { db in
            (
                try db.tableExists("file") || db.tableExists("blob") || db.tableExists("openFile"),
                try Int.fetchOne(db, sql: "PRAGMA auto_vacuum")
            )
        }
        #expect(!tables)
        #expect(vacuum == 2)
    }
}

/// Deleting a repo gives its space back to the file system.
@Suite struct SpaceTests {
    @Test func deletingARepoShrinksTheFile() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store.open(directory: directory)
        let repo = Fixture.repo("big")
        try store.createRepo(repo)
        try store.createRepo(Fixture.repo("small"))
        try Fixture.commit(store, "small", "master", Fixture.write("/keep", "kept"))
        for n in 0..<4 {
            try Fixture.commit(
                store, "big", "master",
                FileWrite(path: Fixture.path("/f\(n)"), bytes: ContentTests.pattern(1 << 20, seed: UInt32(n))))
        }
        func size() throws -> Int {
            try FileManager.default.attributesOfItem(atPath: directory + "/store.sqlite")[.size] as! Int
                + ((try? FileManager.default.attributesOfItem(atPath: directory + "/store.sqlite-wal")[.size] as? Int)
                    ?? 0)
        }
        store.giveSpaceBack()
        let before = try size()
        #expect(before > 4 << 20)
        try store.deleteRepo(repo)
        #expect(try size() < 1 << 20)
        #expect(try store.count("chunk") == 1)
        #expect(try store.count("content") == 1)
        #expect(try store.count("entry") == 1)
        let small = try store.resolve(Fixture.repo("small"), CommitRef(base: "master"))
        #expect(try store.readFile(Fixture.repo("small"), small.id, Fixture.path("/keep")) == Array("kept".utf8))
    }
}
