import Foundation
import TuskCore

/// Where the time of one ``Store/appendRequests(deployment:record:timing:_:)`` went, in nanoseconds:
/// what `make bench` prints so the next person sees the limit without a profiler.
public struct RequestLogTiming: Sendable {
    /// Taking the write lock and reading the deployment's record and last sequence number.
    public var begin: UInt64 = 0
    /// The caller's `build`: answering and encoding the batch.
    public var build: UInt64 = 0
    /// SQLite's inserts of the chunks.
    public var insert: UInt64 = 0
    /// The commit: the write-ahead log's write (and a checkpoint, when SQLite runs one).
    public var commit: UInt64 = 0
}

extension Store {
    /// Appends batches to a deployment's request log in one transaction: one row per chunk.
    ///
    /// `build` runs inside the transaction: it gets the deployment's record (read in the same
    /// transaction, so a release another process makes is wholly before or after the batch) and
    /// the first free sequence number, and returns the chunks to log (numbered from it, in order)
    /// with a result, or nil to write nothing. A batch is in the log whole or not at all: a killed
    /// process loses only the batch it had not acknowledged.
    ///
    /// A raised `cancellation` (Ctrl-C) is seen before each chunk and once more before the commit:
    /// the transaction rolls back and nothing of the batch is logged (``StoreError/Kind/cancelled``).
    public func appendRequests<T>(
        deployment: DeploymentName, record: (collection: String, key: String), cancellation: CancellationFlag? = nil,
        timing: ((RequestLogTiming) -> Void)? = nil,
        _ build: (_ record: Document?, _ next: Int) -> (chunks: [RequestChunk], result: T)?
    ) throws(StoreError) -> T? {
        var times = RequestLogTiming()
        var mark = timing == nil ? 0 : DispatchTime.now().uptimeNanoseconds
        func lap() -> UInt64 {
            guard timing != nil else { return 0 }
            let now = DispatchTime.now().uptimeNanoseconds
            defer { mark = now }
            return now - mark
        }
        let result = try write { db -> T? in
            let value = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM document WHERE collection = ? AND key = ?"),
                arguments: [record.collection, record.key])
            var (table, next, lastRelease) = try Self.tail(db, deployment: deployment)
            let document = value.map { Document(collection: record.collection, key: record.key, value: $0) }
            times.begin = lap()
            guard let (chunks, result) = build(document, next) else { return nil }
            times.build = lap()
            var expected = next
            var release = lastRelease
            for chunk in chunks where chunk.count > 0 {
                if cancellation?.isCancelled == true { throw StoreError.cancelled() }
                guard chunk.first == expected else {
                    throw StoreError.corrupt("a request log chunk starts at \(chunk.first), not \(expected)")
                }
                guard chunk.release >= release else {
                    throw StoreError.corrupt(
                        "a request log chunk of release \(chunk.release) follows one of release \(release)")
                }
                expected += chunk.count
                release = chunk.release
                // The deployment's first chunk makes its table; the batch's next chunks go there.
                let into = try table ?? LogTable.create(db, deployment: deployment)
                table = into
                try Self.insert(chunk, into: into, db)
            }
            if cancellation?.isCancelled == true { throw StoreError.cancelled() }
            times.insert = lap()
            return result
        }
        if let timing {
            times.commit = lap()
            timing(times)
        }
        return result
    }

    /// One row of the log: the chunk's blobs bound where they lie, its summary NULL when it has none.
    static func insert(_ chunk: RequestChunk, into table: LogTable, _ db: Database) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO \(table.name) (first, count, release, summary, idHashes, answers, ids, inputs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try Self.bind(chunk.summary) { summary in
            try Self.bind(chunk.idHashes) { hashes in
                try Self.bind(chunk.answers) { answers in
                    try Self.bind(chunk.ids) { ids in
                        try Self.bind(chunk.inputs) { inputs in
                            try insert.execute(arguments: [
                                chunk.first, chunk.count, chunk.release,
                                chunk.summary.isEmpty ? nil : summary, hashes, answers, ids, inputs,
                            ])
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` with the bytes as `Data` that shares their storage: the log's chunks are
    /// megabytes, bound once and never kept.
    private static func bind<R>(_ bytes: [UInt8], _ body: (Data) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return try body(Data()) }
            return try body(
                Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none))
        }
    }

    static func nextSequence(_ db: Database, deployment: DeploymentName) throws -> Int {
        try tail(db, deployment: deployment).next
    }

    /// The deployment's log table (nil when it has logged nothing), the first free sequence number
    /// (1 for an empty log) and the release of its last chunk (0 for none).
    static func tail(_ db: Database, deployment: DeploymentName) throws -> (
        table: LogTable?, next: Int, release: Int
    ) {
        guard let table = try LogTable.find(db, deployment: deployment) else { return (nil, 1, 0) }
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT first + count AS next, release FROM \(table.name) ORDER BY first DESC LIMIT 1"))
        return (table, row?["next"] ?? 1, row?["release"] ?? 0)
    }

    /// A deployment's logged requests from sequence `first` on, chunk by chunk, in order (the first
    /// chunk may begin before `first`): their answers always, their ids when `ids`, and their
    /// inputs and ids for the chunks that hold requests from `inputsFrom` on (never when nil).
    ///
    /// SQLite reads a row's columns up to the last one asked for, so a reader that wants only
    /// answers reads only their bytes.
    ///
    /// With `summaries`, a chunk wholly at or after `first` that has a ``ChunkSummary`` comes with
    /// it and without its answers (`monitor` adds summaries up instead of counting answers).
    public func loggedChunks(
        deployment: DeploymentName, from first: Int = 1, ids: Bool = true, inputsFrom: Int? = 1,
        summaries: Bool = false
    ) throws(StoreError) -> [LoggedChunk] {
        try read { db in
            guard let table = try LogTable.find(db, deployment: deployment) else { return [] }
            let start =
                try Int.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT first FROM \(table.name) WHERE first <= ? ORDER BY first DESC LIMIT 1"),
                    arguments: [first]) ?? first
            // The ids of every chunk when asked, else of the chunks whose inputs are read (the
            // inputs' reader tells requests apart by id).
            var columns = ""
            var values: [Int] = []
            if ids {
                columns += ", ids"
            } else if let inputsFrom {
                columns += ", CASE WHEN first + count > ? THEN ids END AS ids"
                values.append(inputsFrom)
            }
            if let inputsFrom {
                columns += ", CASE WHEN first + count > ? THEN inputs END AS inputs"
                values.append(inputsFrom)
            }
            var answers = "answers"
            var summary = ""
            if summaries {
                summary = ", summary"
                answers = "CASE WHEN summary IS NULL OR first < ? THEN answers END AS answers"
                values.insert(first, at: 0)
            }
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT first, count, release\(summary), \(answers)\(columns)
                        FROM \(table.name) WHERE first >= ? ORDER BY first
                        """),
                arguments: StatementArguments(values + [start]))
            var chunks: [LoggedChunk] = []
            while let row = try rows.next() { chunks.append(try Self.decode(row)) }
            return chunks
        }
    }

    /// A deployment's logged requests from sequence `first` on, in order.
    public func loggedRequests(deployment: DeploymentName, from first: Int = 1) throws(StoreError) -> [LoggedRequest] {
        try loggedChunks(deployment: deployment, from: first).flatMap { chunk in
            (max(0, first - chunk.first)..<chunk.count).map(chunk.request)
        }
    }

    /// The logged requests with id `requestID`, in order (an id sent again is logged again).
    ///
    /// Each chunk keeps a 4-byte hash of each id before its other columns, so this reads those
    /// (4 bytes a request) and decodes only the chunks whose hashes match.
    public func loggedRequests(deployment: DeploymentName, id requestID: String) throws(StoreError) -> [LoggedRequest] {
        let hash = LogBytes.hash(requestID)
        var found: [LoggedRequest] = []
        for row in try candidateChunks(deployment: deployment, hashes: [hash], columns: "answers, ids, inputs") {
            let chunk = try Self.decode(row)
            for k in 0..<chunk.count where chunk.ids[k] == requestID { found.append(chunk.request(k)) }
        }
        return found
    }

    /// The chunks of a deployment holding an id hash of `hashes`, with `columns` beside their
    /// first, count and release.
    private func candidateChunks(deployment: DeploymentName, hashes: Set<UInt32>, columns: String) throws(StoreError)
        -> [Row]
    {
        try read { db in
            guard let table = try LogTable.find(db, deployment: deployment) else { return [] }
            var matching: [Int] = []
            let scan = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT first, idHashes FROM \(table.name) ORDER BY first"))
            while let row = try scan.next() {
                let bytes: Data = row["idHashes"]
                let hit = bytes.withUnsafeBytes { raw in
                    (0..<(raw.count / 4)).contains { k in
                        hashes.contains(raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self).littleEndian)
                    }
                }
                if hit { matching.append(row["first"]) }
            }
            let fetch = try db.cachedStatement(
                sql: "SELECT first, count, release, \(columns) FROM \(table.name) WHERE first = ?")
            return try matching.compactMap { try Row.fetchOne(fetch, arguments: [$0]) }
        }
    }

    static func decode(_ row: Row) throws(StoreError) -> LoggedChunk {
        let answers: Data? = row["answers"]
        let ids: Data? = row.hasColumn("ids") ? row["ids"] : nil
        let inputs: Data? = row.hasColumn("inputs") ? row["inputs"] : nil
        let summary: Data? = row.hasColumn("summary") ? row["summary"] : nil
        return try RequestChunkReader.chunk(
            first: row["first"], count: row["count"], release: row["release"], answers: answers.map { [UInt8]($0) },
            ids: ids.map { [UInt8]($0) }, inputs: inputs.map { [UInt8]($0) }, summary: summary.map { [UInt8]($0) })
    }

    /// How many requests a deployment has logged.
    public func loggedRequestCount(deployment: DeploymentName) throws(StoreError) -> Int {
        try read { db in try Self.nextSequence(db, deployment: deployment) - 1 }
    }

    /// The sequence number of the first request logged in release `release` or a later one, or nil.
    ///
    /// Releases only grow along a log (``appendRequests(deployment:record:cancellation:timing:_:)``
    /// refuses a chunk of an earlier release than the last), so this bisects the log's sequence
    /// numbers: about 2 log₂ n lookups of the key instead of an index written with every chunk.
    public func firstLoggedRequest(deployment: DeploymentName, release: Int) throws(StoreError) -> Int? {
        try read { db in
            guard let table = try LogTable.find(db, deployment: deployment),
                let start = try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT first FROM \(table.name) ORDER BY first LIMIT 1"))
            else { return nil }
            let chunkAt = try db.cachedStatement(
                sql: "SELECT first, release FROM \(table.name) WHERE first <= ? ORDER BY first DESC LIMIT 1")
            /// The first sequence number and the release of the chunk holding `sequence`.
            func chunk(holding sequence: Int) throws -> (first: Int, release: Int) {
                guard let row = try Row.fetchOne(chunkAt, arguments: [sequence]) else {
                    throw StoreError.corrupt("the request log of '\(deployment)' has no chunk holding \(sequence)")
                }
                return (row["first"], row["release"])
            }
            // The smallest sequence number in [low, high] whose chunk is of `release` or later.
            var (low, high) = (start, try Self.tail(db, deployment: deployment).next - 1)
            guard try chunk(holding: high).release >= release else { return nil }
            while low < high {
                let middle = low + (high - low) / 2
                if try chunk(holding: middle).release >= release { high = middle } else { low = middle + 1 }
            }
            return try chunk(holding: low).first
        }
    }

    /// Attaches labels that arrived later to request ids, in one transaction; a label sent again
    /// replaces the earlier one. Returns how many of the ids the log holds.
    public func attachLabels(deployment: DeploymentName, _ labels: [(requestID: String, label: String)])
        throws(StoreError) -> Int
    {
        var known: Set<String> = []
        let wanted = Set(labels.map { LogBytes.hash($0.requestID) })
        let ids = Set(labels.map(\.requestID))
        for row in try candidateChunks(deployment: deployment, hashes: wanted, columns: "ids") {
            let bytes: Data = row["ids"]
            for id in try RequestChunkReader.ids([UInt8](bytes), count: row["count"]) where ids.contains(id) {
                known.insert(id)
            }
        }
        return try write { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO requestLabel (deployment, requestId, label) VALUES (?, ?, ?)
                    ON CONFLICT (deployment, requestId) DO UPDATE SET label = excluded.label
                    """)
            var matched = 0
            for (id, label) in labels {
                try upsert.execute(arguments: [deployment.rawValue, id, label])
                if known.contains(id) { matched += 1 }
            }
            return matched
        }
    }

    /// The labels attached to a deployment's requests, by request id.
    public func requestLabels(deployment: DeploymentName) throws(StoreError) -> [String: String] {
        try read { db in
            var labels: [String: String] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT requestId, label FROM requestLabel WHERE deployment = ?"),
                arguments: [deployment.rawValue])
            while let row = try rows.next() { labels[row["requestId"]] = row["label"] }
            return labels
        }
    }

    /// Moves the write-ahead log's pages into the database file: a passive checkpoint (it never
    /// waits for readers or writers) on a connection of its own, so commits go on meanwhile.
    /// SQLite also does this itself once the log passes 1,000 pages, inside the commit that
    /// crossed the line; `tusk serve` calls this every 20 ms so that such a commit
    /// finds little left to copy, and the bench to show what a checkpoint costs.
    public func checkpoint() throws(StoreError) {
        do {
            try database.checkpoint()
        } catch {
            throw StoreError.from(error)
        }
    }
}
