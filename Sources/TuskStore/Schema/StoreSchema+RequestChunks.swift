import Foundation

extension StoreSchema {
    /// Version 6: the request log as one row per batch (``RequestChunk``) instead of one row per
    /// request with its input as JSON and its answers as text (about 550 bytes a request, and a
    /// microsecond of SQLite per row and per index entry). The release is a column of the chunk,
    /// the predictors small integers into its list of names; the model is the release's. Rows of v5 move into chunks of up
    /// to ``legacyChunkSize`` consecutive requests of one deployment and release with the same
    /// input fields; each request keeps its sequence number, id, answers, distance and latency.
    static func migrateToChunks(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE requestChunk (
                    id INTEGER PRIMARY KEY,
                    deployment TEXT NOT NULL,
                    first INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    release INTEGER NOT NULL,
                    idHashes BLOB NOT NULL,
                    answers BLOB NOT NULL,
                    ids BLOB NOT NULL,
                    inputs BLOB NOT NULL
                );
                CREATE UNIQUE INDEX requestChunk_by_first ON requestChunk(deployment, first);
                CREATE INDEX requestChunk_by_release ON requestChunk(deployment, release, first);
                """)
        var pending: [LegacyRequest] = []
        var deployment = ""
        func flush() throws {
            guard let head = pending.first else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            var predictors: [String] = []
            for request in pending {
                for answer in request.answers where !predictors.contains(answer.predictor) {
                    predictors.append(answer.predictor)
                }
            }
            let columns = head.fields.indices.map { index -> LoggedColumn in
                let values = pending.map { $0.fields[index].value }
                let name = head.fields[index].name
                guard values.contains(where: { if case .text = $0 { true } else { false } }) else {
                    return LoggedColumn(
                        name: name, values: .numbers(values.map { if case .number(let x) = $0 { x } else { .nan } }))
                }
                let levels = Array(Set(values.compactMap { if case .text(let t) = $0 { t } else { nil } })).sorted()
                let code = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
                return LoggedColumn(
                    name: name,
                    values: .codes(values.map { if case .text(let t) = $0 { code[t]! } else { -1 } }, levels: levels))
            }
            var writer = RequestChunkWriter(
                release: head.release, predictors: predictors, columns: columns, capacity: pending.count)
            for (row, request) in pending.enumerated() {
                for answer in request.answers {
                    writer.answer(predictors.firstIndex(of: answer.predictor)!, answer.probability)
                }
                writer.finish(id: request.id, row: row, distance: request.distance, latency: request.latency)
            }
            let chunk = writer.chunk(first: head.sequence)
            try db.execute(
                sql: """
                    INSERT INTO requestChunk (deployment, first, count, release, idHashes, answers, ids, inputs)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    deployment, chunk.first, chunk.count, chunk.release, Data(chunk.idHashes), Data(chunk.answers),
                    Data(chunk.ids), Data(chunk.inputs),
                ])
        }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT deployment, sequence, requestId, release, predictor, input, answers, latency
                FROM servedRequest ORDER BY deployment, sequence
                """)
        while let row = try rows.next() {
            let request = try LegacyRequest(row)
            let name: String = row["deployment"]
            if let last = pending.last,
                name != deployment || request.release != last.release || request.sequence != last.sequence + 1
                    || request.fields.map(\.name) != last.fields.map(\.name) || pending.count >= legacyChunkSize
            {
                try flush()
            }
            deployment = name
            pending.append(request)
        }
        try flush()
        try db.execute(sql: "DROP TABLE servedRequest")
    }

    /// Version 8: each deployment's log in a table of its own (``LogTable``), one row per chunk
    /// keyed by its first sequence number, its summary a column before its blobs: logging a small
    /// batch then changes one page of the database instead of four (the row, two indexes and the
    /// summary's row), what each commit of `tusk serve` pays. The release index goes: releases
    /// only grow along a log, so ``Store/firstLoggedRequest(deployment:release:)`` bisects it.
    static func migrateToLogTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE requestLogDeployment (
                    number INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE
                )
                """)
        let names = try String.fetchAll(db, sql: "SELECT DISTINCT deployment FROM requestChunk ORDER BY deployment")
        for name in names {
            try db.execute(sql: "INSERT INTO requestLogDeployment (name) VALUES (?)", arguments: [name])
            let table = LogTable(number: Int(db.lastInsertedRowID))
            try db.execute(sql: table.creation)
            try db.execute(
                sql: """
                    INSERT INTO \(table.name) (first, count, release, summary, idHashes, answers, ids, inputs)
                    SELECT first, count, release, summary, idHashes, answers, ids, inputs
                    FROM requestChunk LEFT JOIN requestSummary ON requestSummary.chunk = requestChunk.id
                    WHERE deployment = ? ORDER BY first
                    """, arguments: [name])
        }
        // The old tables' pages back to the file system (the store vacuums incrementally): the
        // copy would otherwise leave the file twice the log's size.
        try db.execute(sql: "DROP TABLE requestSummary; DROP TABLE requestChunk; PRAGMA incremental_vacuum")
    }

    /// The most requests of a v5 log moved into one chunk.
    static let legacyChunkSize = 65_536
}

/// A row of the v5 request log, read back: its input was a flat JSON object the serving engine
/// wrote (numbers bare, categories quoted, `null` for missing), its answers `live=0.81 shadow-1=0.4 ~1.7`.
struct LegacyRequest {
    var sequence: Int
    var id: String
    var release: Int
    var fields: [(name: String, value: LoggedValue)]
    var answers: [LoggedAnswer]
    var distance: Double
    var latency: Int?

    init(_ row: Row) throws {
        sequence = row["sequence"]
        id = row["requestId"]
        release = row["release"]
        latency = row["latency"]
        let input: String = row["input"]
        fields = try Self.fields(input, sequence: sequence)
        let text: String = row["answers"]
        answers = []
        distance = .nan
        for part in text.split(separator: " ") {
            if part.first == "~" {
                distance = Double(part.dropFirst()) ?? .nan
            } else if let equals = part.lastIndex(of: "=") {
                answers.append(
                    LoggedAnswer(
                        predictor: String(part[..<equals]),
                        probability: Double(part[part.index(after: equals)...]) ?? .nan))
            }
        }
        let predictor: String = row["predictor"]
        guard answers.first?.predictor == predictor else {
            throw StoreError.corrupt("logged request \(sequence) names '\(predictor)' but its answers do not")
        }
    }

    /// The fields of a flat JSON object, in order.
    static func fields(_ json: String, sequence: Int) throws -> [(name: String, value: LoggedValue)] {
        let bytes = Array(json.utf8)
        var at = 0
        func fail() -> StoreError { .corrupt("logged request \(sequence) has an input that is not a flat JSON object") }
        func skipSpace() { while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 } }
        func string() throws -> String {
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail() }
            at += 1
            var out: [UInt8] = []
            while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
                if bytes[at] == UInt8(ascii: "\\") {
                    at += 1
                    guard at < bytes.count else { throw fail() }
                    switch bytes[at] {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard at + 4 < bytes.count,
                            let code = UInt32(String(decoding: bytes[(at + 1)...(at + 4)], as: UTF8.self), radix: 16),
                            let scalar = Unicode.Scalar(code)
                        else { throw fail() }
                        out += Array(String(Character(scalar)).utf8)
                        at += 4
                    default: out.append(bytes[at])
                    }
                } else {
                    out.append(bytes[at])
                }
                at += 1
            }
            guard at < bytes.count else { throw fail() }
            at += 1
            return String(decoding: out, as: UTF8.self)
        }
        var fields: [(String, LoggedValue)] = []
        skipSpace()
        guard at < bytes.count, bytes[at] == UInt8(ascii: "{") else { throw fail() }
        at += 1
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") { return [] }
        while true {
            skipSpace()
            let name = try string()
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw fail() }
            at += 1
            skipSpace()
            guard at < bytes.count else { throw fail() }
            if bytes[at] == UInt8(ascii: "\"") {
                fields.append((name, .text(try string())))
            } else {
                let start = at
                while at < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), 0x20].contains(bytes[at]) { at += 1 }
                let token = String(decoding: bytes[start..<at], as: UTF8.self)
                if token == "null" {
                    fields.append((name, .null))
                } else if let number = Double(token) {
                    fields.append((name, .number(number)))
                } else {
                    throw fail()
                }
            }
            skipSpace()
            guard at < bytes.count else { throw fail() }
            if bytes[at] == UInt8(ascii: "}") { return fields }
            guard bytes[at] == UInt8(ascii: ",") else { throw fail() }
            at += 1
        }
    }
}
