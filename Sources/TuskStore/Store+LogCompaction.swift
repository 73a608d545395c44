import Foundation
import TuskCore

/// What one ``Store/compactRequestLog(deployment:from:small:target:limit:)`` did.
public struct LogCompaction: Sendable, Equatable {
    /// The chunks merged, and the chunks they became.
    public var merged = 0
    public var into = 0
    /// Where the next call starts: the log before it is as compact as this policy makes it.
    public var resume: Int
}

extension Store {
    /// Merges runs of small chunks of a deployment's log into chunks of about `target` requests.
    ///
    /// `tusk serve` logs each group of concurrent requests as a chunk of its own, a few requests
    /// each: every such chunk repeats its column names and levels, and `monitor` reads its answers
    /// one by one (a log of 6 M requests in chunks of 8 took 858 MB, 142 bytes a request, and
    /// `monitor` 8.6 s). Merged, the same requests cost what a batch's do.
    ///
    /// A run is consecutive chunks of fewer than `small` requests each, of one release and one
    /// set of input columns; it is merged once it holds `target` requests, or when something
    /// else follows it. The run still growing at the log's end waits for a later call. Each merge
    /// reads and encodes outside the write lock, then replaces the run's rows by one in a
    /// transaction of its own that first checks they are still the same rows (another process may
    /// have merged them): a commit of `tusk serve` waits at most for one such replacement.
    /// Every request keeps its sequence number, id, answers, distance, latency and input, and the
    /// merged chunk's summary is the sum of the run's (none when one of them has none).
    ///
    /// - Parameters:
    ///   - from: the first sequence number to look at (a previous call's `resume`).
    ///   - limit: the most requests merged by this call.
    public func compactRequestLog(
        deployment: DeploymentName, from: Int = 1, small: Int = 1024, target: Int = 4096, limit: Int = 65_536
    ) throws(StoreError) -> LogCompaction {
        var result = LogCompaction(resume: from)
        let runs = try read { db -> [(first: Int, end: Int, chunks: Int)] in
            guard let table = try LogTable.find(db, deployment: deployment) else { return [] }
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT first, count, release FROM \(table.name) WHERE first >= ? ORDER BY first"),
                arguments: [from])
            var runs: [(first: Int, end: Int, chunks: Int)] = []
            var open: (first: Int, end: Int, chunks: Int, release: Int)?
            var planned = 0
            var scanned = from
            while planned < limit, let row = try rows.next() {
                let (first, count, release): (Int, Int, Int) = (row["first"], row["count"], row["release"])
                if let run = open, count >= small || release != run.release || run.end != first {
                    if run.chunks > 1 { runs.append((run.first, run.end, run.chunks)) }
                    planned += run.end - run.first
                    open = nil
                }
                scanned = first + count
                guard count < small else { continue }
                if open == nil { open = (first, first, 0, release) }
                open!.end = first + count
                open!.chunks += 1
                if open!.end - open!.first >= target {
                    runs.append((open!.first, open!.end, open!.chunks))
                    planned += open!.end - open!.first
                    open = nil
                }
            }
            result.resume = open?.first ?? scanned
            return runs
        }
        for run in runs {
            let parts = try read { db -> [LoggedChunk] in
                guard let table = try LogTable.find(db, deployment: deployment) else { return [] }
                let rows = try Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT first, count, release, summary, answers, ids, inputs FROM \(table.name)
                            WHERE first >= ? AND first < ? ORDER BY first
                            """), arguments: [run.first, run.end])
                var parts: [LoggedChunk] = []
                while let row = try rows.next() { parts.append(try Self.decode(row)) }
                return parts
            }
            // Runs are cut where the input columns change (the requests were read against
            // another schema): each stretch of equal columns is merged alone.
            var stretches: [[LoggedChunk]] = []
            for part in parts {
                if let last = stretches.last?.last, RequestChunkWriter.sameColumns(last.columns, part.columns) {
                    stretches[stretches.count - 1].append(part)
                } else {
                    stretches.append([part])
                }
            }
            for stretch in stretches where stretch.count > 1 {
                if try replace(RequestChunkWriter.merge(stretch), ofChunks: stretch.count, deployment: deployment) {
                    result.merged += stretch.count
                    result.into += 1
                }
            }
        }
        return result
    }

    /// Returns up to `pages` of the file's free pages to the file system, in one transaction,
    /// when more than `keeping` are free; how many it returned.
    ///
    /// Merging frees the pages of the rows it replaces, and the next chunks fill them again; a
    /// log merged all at once (a store written before merging existed: 6 M requests in 730,889
    /// rows, 55% of its 829 MB free after) keeps its size until something vacuums it. A few pages
    /// a call, so a commit waiting behind one waits for little.
    public func returnFreePages(atMost pages: Int = 256, keeping: Int = 1024) throws(StoreError) -> Int {
        try write { db -> Int in
            let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            guard free > keeping else { return 0 }
            let returned = min(pages, free - keeping)
            try db.execute(sql: "PRAGMA incremental_vacuum(\(returned))")
            return returned
        }
    }

    /// Replaces the `chunks` rows that hold `merged`'s requests by `merged`, in one transaction,
    /// if they are still there as they were read (as many rows, as many requests); false if not.
    func replace(_ merged: RequestChunk, ofChunks chunks: Int, deployment: DeploymentName) throws(StoreError) -> Bool {
        try write { db -> Bool in
            let end = merged.first + merged.count
            guard let table = try LogTable.find(db, deployment: deployment),
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT count(*) AS chunks, total(count) AS requests FROM \(table.name)
                            WHERE first >= ? AND first < ?
                            """),
                    arguments: [merged.first, end])
            else { return false }
            let (found, requests): (Int, Double) = (row["chunks"], row["requests"])
            guard found == chunks, requests == Double(merged.count) else { return false }
            try db.cachedStatement(sql: "DELETE FROM \(table.name) WHERE first >= ? AND first < ?")
                .execute(arguments: [merged.first, end])
            try Self.insert(merged, into: table, db)
            return true
        }
    }
}
