/// A batch of requests as the log stores it: one row of its deployment's log table (``LogTable``),
/// column by column.
///
/// Its summary, then four blobs, in the order SQLite stores them, so a reader that needs the first ones never reads
/// the rest: the ids' 4-byte hashes (what `why` and `feedback` scan), the answers (the predictors'
/// names once, then per request its answers as numbers, the outlier distance and the latency:
/// what `monitor` and `compare` count), the ids, and the inputs (each column's name and levels
/// once, then its values: what drift and `explain` read). Build one with ``RequestChunkWriter``.
public struct RequestChunk: Sendable, Equatable {
    /// The sequence number of its first request.
    public var first: Int
    public var count: Int
    public var release: Int
    /// FNV-1a of each id, 4 bytes little-endian each, in order.
    var idHashes: [UInt8]
    var answers: [UInt8]
    /// Each id as a varint length and UTF-8.
    var ids: [UInt8]
    var inputs: [UInt8]
    /// What `monitor` counts (``ChunkSummary``), before the blobs: a report reads it alone.
    var summary: [UInt8]

    /// Bytes the chunk holds (what its requests cost on disk, before SQLite's page overhead).
    public var byteCount: Int { idHashes.count + answers.count + ids.count + inputs.count + summary.count }
}
