import Foundation
import Testing
import TuskCore

@testable import TuskStore

/// Merging a log's small chunks: every request reads back as it was logged, the merged summary is
/// what one chunk of all those requests would have counted, runs stop at releases and at changed
/// columns, the run still growing at the end waits, and a run changed meanwhile is left alone.
@Suite struct LogCompactionTests {
    static let deployment = try! DeploymentName("d")
    static let cuts: [Double] = [0.5, 1, 2, 4]

    /// `count` requests of release `release` in one chunk, numbered from the log's next; request
    /// `n` (its sequence number) has its own values, and a "kind" category that comes and goes.
    static func log(_ store: Store, count: Int, release: Int = 1, columns extra: Bool = false) throws {
        _ = try store.appendRequests(deployment: deployment, record: ("deployment", "d")) { _, next in
            let rows = next..<(next + count)
            var columns = [
                LoggedColumn(name: "age", values: .numbers(rows.map { $0 % 7 == 0 ? .nan : Double($0) / 3 })),
                LoggedColumn(
                    name: "kind",
                    values: .codes(rows.map { $0 % 5 == 0 ? -1 : Int32(($0 / 2) % 2) }, levels: ["k\(next)", "shared"])),
            ]
            if extra { columns.append(LoggedColumn(name: "more", values: .numbers(rows.map(Double.init)))) }
            var writer = RequestChunkWriter(
                release: release, predictors: next % 2 == 0 ? ["live", "shadow-1"] : ["shadow-1", "live"],
                columns: columns, distanceCuts: cuts)
            for (row, n) in rows.enumerated() {
                let live = next % 2 == 0 ? 0 : 1
                writer.answer(live, Double(n % 10) / 10)
                writer.answer(1 - live, 0.25)
                writer.finish(id: "id\(n)", row: row, distance: Double(n % 9) / 2, latency: n % 3 == 0 ? nil : n * 10)
            }
            return ([writer.chunk(first: next)], ())
        }
    }

    static func chunks(_ store: Store) throws -> [LoggedChunk] {
        try store.loggedChunks(deployment: deployment, summaries: true)
    }

    @Test func mergedRequestsReadBackAsLoggedAndTheSummaryAddsUp() throws {
        let store = try Store.inMemory()
        for count in [3, 1, 4, 1, 5, 9, 2, 6, 5, 3] { try Self.log(store, count: count) }
        let before = try store.loggedRequests(deployment: Self.deployment)
        let result = try store.compactRequestLog(deployment: Self.deployment, small: 8, target: 12)
        // A run of 14 (3+1+4+1+5) reaches the target; the 9 is not small; 2+6+5 reaches it; the
        // last 3 wait at the end.
        #expect(result == LogCompaction(merged: 8, into: 2, resume: 37))
        let after = try store.loggedRequests(deployment: Self.deployment)
        #expect(after.count == before.count)
        for (a, b) in zip(after, before) {
            #expect(a.sequence == b.sequence && a.requestID == b.requestID && a.release == b.release)
            #expect(a.answers == b.answers && a.latency == b.latency)
            #expect(a.distance.bitPattern == b.distance.bitPattern)
            #expect(a.input.map(\.name) == b.input.map(\.name))
            #expect(zip(a.input, b.input).allSatisfy { x, y in "\(x.value)" == "\(y.value)" }, "request \(a.sequence)")
        }
        let chunks = try Self.chunks(store)
        #expect(chunks.map(\.first) == [1, 15, 24, 37])
        // The merged summary is what one writer counting all of a run's requests counts.
        let whole = try Self.summary(of: Array(before[23..<36]))
        #expect(chunks[2].summary?.beyondCuts == whole.beyondCuts)
        #expect(chunks[2].summary?.latencies == whole.latencies)
        for name in ["live", "shadow-1"] {
            let merged = try #require(
                chunks[2].summary.flatMap { s in s.tallies.first { s.predictors[$0.predictor] == name } })
            let expected = try #require(whole.tallies.first { whole.predictors[$0.predictor] == name })
            let counts: [Int] = [merged.answered, merged.positive, merged.scored, merged.scoredPositive]
            let wanted: [Int] = [expected.answered, expected.positive, expected.scored, expected.scoredPositive]
            #expect(counts == wanted, "\(name)")
        }
        // Found by id, in a merged chunk.
        #expect(try store.loggedRequests(deployment: Self.deployment, id: "id30").map(\.sequence) == [30])
        // Again from where it stopped: the tail still waits; once it grows past the target, merged.
        #expect(try store.compactRequestLog(deployment: Self.deployment, from: 37, small: 8, target: 12).merged == 0)
        try Self.log(store, count: 7)
        try Self.log(store, count: 7)
        #expect(
            try store.compactRequestLog(deployment: Self.deployment, from: 37, small: 8, target: 12)
                == LogCompaction(merged: 3, into: 1, resume: 54))
        #expect(try Self.chunks(store).map(\.first) == [1, 15, 24, 37])
        #expect(try store.loggedRequests(deployment: Self.deployment).map(\.sequence) == Array(1...53))
    }

    /// A summary written by one writer over `requests`, as the log's chunk of them all would have it.
    static func summary(of requests: [LoggedRequest]) throws -> ChunkSummary {
        var writer = RequestChunkWriter(release: 1, predictors: ["live", "shadow-1"], columns: [], distanceCuts: cuts)
        for request in requests {
            for answer in request.answers { writer.answer(answer.predictor == "live" ? 0 : 1, answer.probability) }
            writer.finish(id: request.requestID, row: 0, distance: request.distance, latency: request.latency)
        }
        return try ChunkSummary.decode(writer.chunk(first: 1).summary, chunk: 1)
    }

    @Test func runsStopAtAReleaseAtChangedColumnsAndAtALargeChunk() throws {
        let store = try Store.inMemory()
        try Self.log(store, count: 2)
        try Self.log(store, count: 2)
        try Self.log(store, count: 2, release: 2)
        try Self.log(store, count: 2, release: 2)
        try Self.log(store, count: 2, release: 2, columns: true)
        try Self.log(store, count: 2, release: 2, columns: true)
        try Self.log(store, count: 50, release: 2)
        try Self.log(store, count: 2, release: 2)
        let result = try store.compactRequestLog(deployment: Self.deployment, small: 8, target: 100)
        #expect(result == LogCompaction(merged: 6, into: 3, resume: 63))
        #expect(try Self.chunks(store).map(\.first) == [1, 5, 9, 13, 63])
        #expect(try Self.chunks(store).map(\.release) == [1, 2, 2, 2, 2])
        #expect(try store.firstLoggedRequest(deployment: Self.deployment, release: 2) == 5)
        #expect(
            try store.loggedRequests(deployment: Self.deployment, from: 9)[0].input.map(\.name) == [
                "age", "kind", "more",
            ])
    }

    /// A deployment's first batch of several chunks (more than 65,536 requests) makes its table
    /// once and logs them all (it failed on the second chunk: the table made again).
    @Test func aFirstBatchOfSeveralChunksIsLoggedWhole() throws {
        let store = try Store.inMemory()
        _ = try store.appendRequests(deployment: Self.deployment, record: ("deployment", "d")) { _, next in
            let chunks = (0..<3).map { k in
                var writer = RequestChunkWriter(release: 1, predictors: ["live"], columns: [])
                for row in 0..<2 {
                    writer.answer(0, 0.5)
                    writer.finish(id: "c\(k)r\(row)", row: row, distance: 0, latency: nil)
                }
                return writer.chunk(first: next + 2 * k)
            }
            return (chunks, ())
        }
        #expect(try store.loggedChunks(deployment: Self.deployment).map(\.first) == [1, 3, 5])
    }

    /// The pages a merge frees go back to the file system, a few at a time, beyond those kept for
    /// the next chunks.
    @Test func freePagesGoBackBeyondThoseKept() throws {
        let store = try Store.inMemory()
        // 400 chunks of 30: two runs of 137 merged (4,110 requests each), the last 126 wait.
        for _ in 0..<400 { try Self.log(store, count: 30) }
        #expect(try store.compactRequestLog(deployment: Self.deployment, small: 64, target: 4096).merged == 274)
        func pages() throws -> (total: Int, free: Int) {
            try store.read { db in
                (
                    try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                )
            }
        }
        let before = try pages()
        #expect(before.free > 20)
        #expect(try store.returnFreePages(atMost: 10, keeping: 5) == 10)
        #expect(try pages() == (before.total - 10, before.free - 10))
        #expect(try store.returnFreePages(atMost: 1000, keeping: 5) == before.free - 15)
        #expect(try pages().free == 5)
        #expect(try store.returnFreePages(atMost: 1000, keeping: 5) == 0)
        #expect(try store.loggedRequests(deployment: Self.deployment).count == 12_000)
    }

    /// A v7 log (one table of chunks for every deployment, their summaries in a table beside it)
    /// moves into v8's table per deployment with every chunk, request and summary.
    @Test func aV7LogMovesIntoATablePerDeploymentWithItsSummaries() throws {
        let directory = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The same chunks written through v8, to compare with.
        let reference = try Store.inMemory()
        try Self.log(reference, count: 3)
        try Self.log(reference, count: 2, release: 2)
        let summarized = try Self.chunks(reference)
        let written = try reference.read { db in
            try Row.fetchAll(
                db, sql: "SELECT first, count, release, summary, idHashes, answers, ids, inputs FROM requestLog1")
        }
        do {
            let pool = try ConnectionPool(path: directory + "/store.sqlite")
            try StoreSchema.migrator.migrate(pool, upTo: "v7: what monitor counts, summed per chunk")
            try pool.write { db in
                // "d"'s chunks after another deployment's, and the second one without a summary.
                for (index, (deployment, row)) in ([("a", written[0])] + written.map { ("d", $0) }).enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO requestChunk (id, deployment, first, count, release, idHashes, answers, ids, inputs)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            index + 1, deployment, row["first"] as Int, row["count"] as Int, row["release"] as Int,
                            row["idHashes"] as Data, row["answers"] as Data, row["ids"] as Data, row["inputs"] as Data,
                        ])
                    if index < 2 {
                        try db.execute(
                            sql: "INSERT INTO requestSummary (chunk, summary) VALUES (?, ?)",
                            arguments: [index + 1, row["summary"] as Data])
                    }
                }
            }
        }
        let store = try Store.open(directory: directory)
        let moved = try store.loggedChunks(deployment: Self.deployment, summaries: true)
        #expect(moved.map(\.first) == [1, 4] && moved.map(\.release) == [1, 2])
        #expect(moved[0].summary != nil && moved[0].summary == summarized[0].summary)
        #expect(moved[1].summary == nil && moved[1].hasAnswers)
        let requests = try store.loggedRequests(deployment: Self.deployment)
        #expect(requests.map(\.requestID) == (1...5).map { "id\($0)" })
        #expect(requests.map(\.answers) == (try reference.loggedRequests(deployment: Self.deployment)).map(\.answers))
        #expect(
            try store.loggedRequests(deployment: try DeploymentName("a")).map(\.requestID) == ["id1", "id2", "id3"])
        #expect(try store.firstLoggedRequest(deployment: Self.deployment, release: 2) == 4)
    }

    @Test func aChunkOfAnEarlierReleaseThanTheLastIsRefused() throws {
        let store = try Store.inMemory()
        try Self.log(store, count: 2, release: 2)
        #expect(throws: StoreError.self) { try Self.log(store, count: 2, release: 1) }
        #expect(try store.loggedRequestCount(deployment: Self.deployment) == 2)
    }

    @Test func aRunChangedSinceItWasReadIsLeftAlone() throws {
        let store = try Store.inMemory()
        for _ in 0..<4 { try Self.log(store, count: 3) }
        // Read by one process; another merges the log meanwhile; the first one's merge is stale.
        let stale = RequestChunkWriter.merge(Array(try store.loggedChunks(deployment: Self.deployment).prefix(2)))
        #expect(try store.compactRequestLog(deployment: Self.deployment, small: 8, target: 9).merged == 3)
        #expect(try store.replace(stale, ofChunks: 2, deployment: Self.deployment) == false)
        #expect(try Self.chunks(store).map(\.first) == [1, 10])
        #expect(try store.loggedRequests(deployment: Self.deployment).map(\.requestID) == (1...12).map { "id\($0)" })
    }
}
