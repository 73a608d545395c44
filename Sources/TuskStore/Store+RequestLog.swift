import Foundation
import GRDB
import TuskCore

/// One request a deployment answered, as its log keeps it.
public struct LoggedRequest: Sendable, Equatable {
    /// 1, 2, … per deployment, in the order requests were answered.
    public var sequence: Int
    public var requestID: String
    public var release: Int
    /// The predictor whose answer was returned, and its model (`repo@commit:/path`).
    public var predictor: String
    public var model: String
    /// The record as JSON.
    public var input: String
    /// Every predictor's answer, encoded by the router.
    public var answers: String
    /// Nanoseconds from the request to its answer; nil when not measured (replays on a logical clock).
    public var latency: Int?

    public init(
        sequence: Int, requestID: String, release: Int, predictor: String, model: String, input: String,
        answers: String, latency: Int?
    ) {
        self.sequence = sequence
        self.requestID = requestID
        self.release = release
        self.predictor = predictor
        self.model = model
        self.input = input
        self.answers = answers
        self.latency = latency
    }
}

extension Store {
    /// Appends a batch to a deployment's request log in one transaction, with prepared statements.
    ///
    /// `build` runs inside the transaction: it gets the deployment's record (read in the same
    /// transaction, so a release another process makes is wholly before or after the batch) and
    /// the first free sequence number, and returns the requests to log with a result, or nil to
    /// write nothing. A batch is in the log whole or not at all: a killed process loses only the
    /// batch it had not acknowledged.
    ///
    /// A raised `cancellation` (Ctrl-C) is seen every 4,096 rows and once more before the commit:
    /// the transaction rolls back and nothing of the batch is logged (``StoreError/Kind/cancelled``).
    public func appendRequests<T>(
        deployment: String, record: (collection: String, key: String), cancellation: CancellationFlag? = nil,
        _ build: (_ record: Document?, _ next: Int) -> (requests: [LoggedRequest], result: T)?
    ) throws(StoreError) -> T? {
        try write { db -> T? in
            let value = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM document WHERE collection = ? AND key = ?"),
                arguments: [record.collection, record.key])
            let last =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT MAX(sequence) FROM servedRequest WHERE deployment = ?"),
                    arguments: [deployment]) ?? 0
            let document = value.map { Document(collection: record.collection, key: record.key, value: $0) }
            guard let (requests, result) = build(document, last + 1) else { return nil }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO servedRequest
                        (deployment, sequence, requestId, release, predictor, model, input, answers, latency)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (index, request) in requests.enumerated() {
                if index % 4096 == 4095, cancellation?.isCancelled == true { throw StoreError.cancelled() }
                insert.setUncheckedArguments([
                    deployment, request.sequence, request.requestID, request.release, request.predictor,
                    request.model, request.input, request.answers, request.latency,
                ])
                try insert.execute()
            }
            if cancellation?.isCancelled == true { throw StoreError.cancelled() }
            return result
        }
    }

    /// A deployment's logged requests from sequence `first` on, in order.
    public func loggedRequests(deployment: String, from first: Int = 1) throws(StoreError) -> [LoggedRequest] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT sequence, requestId, release, predictor, model, input, answers, latency
                        FROM servedRequest WHERE deployment = ? AND sequence >= ? ORDER BY sequence
                        """), arguments: [deployment, first]
            ).map(Self.loggedRequest)
        }
    }

    /// The logged requests with id `requestID`, in order (an id sent again is logged again).
    public func loggedRequests(deployment: String, id requestID: String) throws(StoreError) -> [LoggedRequest] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT sequence, requestId, release, predictor, model, input, answers, latency
                        FROM servedRequest WHERE deployment = ? AND requestId = ? ORDER BY sequence
                        """), arguments: [deployment, requestID]
            ).map(Self.loggedRequest)
        }
    }

    /// How many requests a deployment has logged.
    public func loggedRequestCount(deployment: String) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM servedRequest WHERE deployment = ?"),
                arguments: [deployment]) ?? 0
        }
    }

    /// Attaches labels that arrived later to request ids, in one transaction; a label sent again
    /// replaces the earlier one. Returns how many of the ids the log holds.
    public func attachLabels(deployment: String, _ labels: [(requestID: String, label: String)])
        throws(StoreError) -> Int
    {
        try write { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO requestLabel (deployment, requestId, label) VALUES (?, ?, ?)
                    ON CONFLICT (deployment, requestId) DO UPDATE SET label = excluded.label
                    """)
            let known = try db.cachedStatement(
                sql: "SELECT 1 FROM servedRequest WHERE deployment = ? AND requestId = ? LIMIT 1")
            var matched = 0
            for (id, label) in labels {
                try upsert.execute(arguments: [deployment, id, label])
                if try Bool.fetchOne(known, arguments: [deployment, id]) == true { matched += 1 }
            }
            return matched
        }
    }

    /// The labels attached to a deployment's requests, by request id.
    public func requestLabels(deployment: String) throws(StoreError) -> [String: String] {
        try read { db in
            var labels: [String: String] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT requestId, label FROM requestLabel WHERE deployment = ?"),
                arguments: [deployment])
            while let row = try rows.next() { labels[row["requestId"]] = row["label"] }
            return labels
        }
    }

    private static func loggedRequest(_ row: Row) -> LoggedRequest {
        LoggedRequest(
            sequence: row["sequence"], requestID: row["requestId"], release: row["release"],
            predictor: row["predictor"], model: row["model"], input: row["input"], answers: row["answers"],
            latency: row["latency"])
    }
}
