/// What `monitor` counts in a chunk, counted once when the chunk is written: so a report over a
/// long log reads a few hundred bytes a chunk instead of every answer (10 M requests: 200 rows).
///
/// Exact for everything `monitor` reports but the latency percentiles, which come from a
/// ``LatencyHistogram`` (within 0.1% of the value; the maximum is exact).
public struct ChunkSummary: Sendable, Equatable {
    /// One predictor's counts, in the order the chunk's predictors first scored a request.
    public struct Tally: Sendable, Equatable {
        /// The predictor's index among the chunk's predictors.
        public var predictor: Int
        /// Requests it answered (its answer returned), and of those decided positive (> 0.5).
        public var answered = 0
        public var positive = 0
        /// Requests it scored (answered, or beside the answer), and of those decided positive.
        public var scored = 0
        public var scoredPositive = 0
    }

    /// The chunk's predictors, as its answers name them.
    public var predictors: [String] = []
    public var tallies: [Tally] = []
    /// For each distance cut the writer was given (the live model's outlier thresholds at each
    /// whole percentile, 0 to 100), how many requests lie beyond it.
    public var beyondCuts: [Int] = []
    /// The latencies measured (none on a logical clock).
    public var latencies = LatencyHistogram()

    /// Format of the summary; a reader refuses another.
    static let format: UInt8 = 1

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.format]
        LogBytes.varint(UInt64(predictors.count), into: &bytes)
        for name in predictors { LogBytes.string(name, into: &bytes) }
        LogBytes.varint(UInt64(tallies.count), into: &bytes)
        for tally in tallies {
            for value in [tally.predictor, tally.answered, tally.positive, tally.scored, tally.scoredPositive] {
                LogBytes.varint(UInt64(value), into: &bytes)
            }
        }
        LogBytes.varint(UInt64(beyondCuts.count), into: &bytes)
        for count in beyondCuts { LogBytes.varint(UInt64(count), into: &bytes) }
        latencies.encode(into: &bytes)
        return bytes
    }

    static func decode(_ bytes: [UInt8], chunk first: Int) throws(StoreError) -> ChunkSummary {
        var cursor = LogCursor(bytes)
        guard try cursor.byte() == format else {
            throw .corrupt("request log chunk \(first) has a summary of an unknown format")
        }
        var summary = ChunkSummary()
        for _ in 0..<(try cursor.count()) { summary.predictors.append(try cursor.string()) }
        for _ in 0..<(try cursor.count()) {
            summary.tallies.append(
                Tally(
                    predictor: try cursor.integer(), answered: try cursor.integer(), positive: try cursor.integer(),
                    scored: try cursor.integer(), scoredPositive: try cursor.integer()))
        }
        guard summary.tallies.allSatisfy({ $0.predictor < summary.predictors.count }) else {
            throw .corrupt("request log chunk \(first) has a summary of a predictor it does not name")
        }
        for _ in 0..<(try cursor.count()) { summary.beyondCuts.append(try cursor.integer()) }
        summary.latencies = try LatencyHistogram.decode(&cursor, chunk: first)
        guard cursor.atEnd else { throw .corrupt("request log chunk \(first) has bytes after its summary") }
        return summary
    }
}
