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

    /// Format of the summary; a reader refuses another. Format 1 wrote every cut's count; 2 writes
    /// how many requests lie between consecutive cuts, only where any do (a one-request chunk of
    /// `tusk serve` has one such place of 101), which the counts beyond each cut add up from.
    static let format: UInt8 = 2

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
        // Between cut c - 1 and cut c: beyondCuts[c - 1] - beyondCuts[c] requests (beyond the last
        // cut: its count), written as (places skipped, count) where it is not 0.
        LogBytes.varint(UInt64(beyondCuts.count), into: &bytes)
        var places: [(at: Int, count: Int)] = []
        for c in beyondCuts.indices {
            let between = beyondCuts[c] - (c + 1 < beyondCuts.count ? beyondCuts[c + 1] : 0)
            if between != 0 { places.append((c, between)) }
        }
        LogBytes.varint(UInt64(places.count), into: &bytes)
        var previous = -1
        for place in places {
            LogBytes.varint(UInt64(place.at - previous - 1), into: &bytes)
            LogBytes.varint(UInt64(place.count), into: &bytes)
            previous = place.at
        }
        latencies.encode(into: &bytes)
        return bytes
    }

    static func decode(_ bytes: [UInt8], chunk first: Int) throws(StoreError) -> ChunkSummary {
        var cursor = LogCursor(bytes)
        let version = try cursor.byte()
        guard version == 1 || version == format else {
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
        // Format 2 writes fewer bytes than cuts: their number is bounded by what a writer gives
        // (the percentiles, 101) rather than by the bytes left.
        let cuts = version == 1 ? try cursor.count() : try cursor.integer()
        guard cuts <= 1 << 16 else { throw .corrupt("request log chunk \(first) has a summary of \(cuts) cuts") }
        if version == 1 {
            for _ in 0..<cuts { summary.beyondCuts.append(try cursor.integer()) }
        } else {
            summary.beyondCuts = Array(repeating: 0, count: cuts)
            var at = -1
            for _ in 0..<(try cursor.count()) {
                let skipped = try cursor.integer()
                let count = try cursor.integer()
                guard skipped < cuts - at - 1, count <= 1 << 40 else {
                    throw .corrupt("request log chunk \(first) has a summary with counts beyond its cuts")
                }
                at += skipped + 1
                summary.beyondCuts[at] = count
            }
            for c in stride(from: cuts - 2, through: 0, by: -1) { summary.beyondCuts[c] += summary.beyondCuts[c + 1] }
        }
        summary.latencies = try LatencyHistogram.decode(&cursor, chunk: first)
        guard cursor.atEnd else { throw .corrupt("request log chunk \(first) has bytes after its summary") }
        return summary
    }
}
