/// Encodes a batch of answered requests into a ``RequestChunk``, one request at a time, as the
/// router answers them.
///
///     var writer = RequestChunkWriter(release: 2, predictors: ["live", "shadow-1"], columns: columns)
///     writer.answer(0, 0.81)           // the answering predictor first
///     writer.answer(1, 0.42)           // then every other predictor that scored the request
///     writer.finish(id: "r1", row: 0, distance: 1.7, latency: nil)
///     let chunk = writer.chunk(first: 1)
///
/// A request takes a byte per answer and its probability's 8 (so a decision read back is the one
/// made), the distance's 8, a varint latency, and its input: an integer-valued number as a zigzag
/// varint (1–3 bytes for the census's), any other number in 8, a category as a varint code.
public struct RequestChunkWriter: Sendable {
    private let release: Int
    private let columns: [LoggedColumn]
    /// The rows of the columns written, in order: the inputs are encoded column after column when
    /// the chunk is made, each in one tight loop.
    private var rows: [Int32] = []
    private var idHashes: [UInt8] = []
    private var ids: [UInt8] = []
    private var answers: [UInt8] = []
    /// What `monitor` counts, counted as the requests are written.
    private var summary = ChunkSummary()
    /// Each predictor's place in `summary.tallies` (-1: it has scored nothing yet).
    private var tallyOf: [Int]
    private let distanceCuts: [Double]
    /// How many requests had each number of cuts below their distance (0 to all of them).
    private var cutsBelow: [Int]
    /// Whether the request being written has had its first (returned) answer.
    private var answered = false

    /// Format of the answers and inputs; a reader refuses another.
    static let format: UInt8 = 1

    /// - Parameter distanceCuts: ascending distances to count the requests beyond (the live
    ///   model's outlier thresholds at each whole percentile), for the chunk's summary; without
    ///   them the chunk has none, and `monitor` counts its answers one by one.
    public init(
        release: Int, predictors: [String], columns: [LoggedColumn], distanceCuts: [Double] = [], capacity: Int = 0
    ) {
        self.release = release
        self.columns = columns
        self.distanceCuts = distanceCuts
        cutsBelow = Array(repeating: 0, count: distanceCuts.count + 1)
        tallyOf = Array(repeating: -1, count: predictors.count)
        summary.predictors = predictors
        rows.reserveCapacity(capacity)
        idHashes.reserveCapacity(capacity * 4)
        ids.reserveCapacity(capacity * 10)
        answers.reserveCapacity(64 + capacity * (10 * predictors.count + 12))
        answers.append(Self.format)
        LogBytes.varint(UInt64(predictors.count), into: &answers)
        for name in predictors { LogBytes.string(name, into: &answers) }
    }

    /// How many requests it holds.
    public var requests: Int { rows.count }

    /// One predictor's probability of the positive class for the request being written: the
    /// answering predictor's first, then the others in the order they are to be read back.
    public mutating func answer(_ predictor: Int, _ probability: Double) {
        LogBytes.varint(UInt64(predictor + 1), into: &answers)
        LogBytes.double(probability, into: &answers)
        if tallyOf[predictor] < 0 {
            tallyOf[predictor] = summary.tallies.count
            summary.tallies.append(ChunkSummary.Tally(predictor: predictor))
        }
        let positive = probability > 0.5 ? 1 : 0
        let slot = tallyOf[predictor]
        summary.tallies[slot].scored += 1
        summary.tallies[slot].scoredPositive += positive
        if !answered {
            summary.tallies[slot].answered += 1
            summary.tallies[slot].positive += positive
            answered = true
        }
    }

    /// Ends the request whose answers were just written: its id, its row of the columns, the live
    /// model's outlier distance, and its latency in nanoseconds (nil on a logical clock).
    public mutating func finish(id: String, row: Int, distance: Double, latency: Int?) {
        answers.append(0)
        LogBytes.double(distance, into: &answers)
        LogBytes.varint(latency.map { UInt64(max(0, $0)) + 1 } ?? 0, into: &answers)
        answered = false
        if !distanceCuts.isEmpty { cutsBelow[Self.cutsBelow(distance, distanceCuts)] += 1 }
        if let latency { summary.latencies.add(max(0, latency)) }
        rows.append(Int32(row))
        var id = id
        id.withUTF8 { utf8 in
            var hash = LogBytes.hash(utf8).littleEndian
            withUnsafeBytes(of: &hash) { idHashes.append(contentsOf: $0) }
            LogBytes.varint(UInt64(utf8.count), into: &ids)
            ids.append(contentsOf: utf8)
        }
    }

    /// How many of the ascending `cuts` lie below `distance`: a binary search, a request costs
    /// seven comparisons for the 101 percentile cuts.
    static func cutsBelow(_ distance: Double, _ cuts: [Double]) -> Int {
        var low = 0
        var high = cuts.count
        while low < high {
            let middle = (low + high) / 2
            if cuts[middle] < distance { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The chunk, its first request numbered `first`.
    public func chunk(first: Int) -> RequestChunk {
        var summary = summary
        // Beyond cut c: the requests with more than c cuts below their distance.
        var beyond = 0
        summary.beyondCuts = Array(repeating: 0, count: distanceCuts.count)
        for c in stride(from: distanceCuts.count - 1, through: 0, by: -1) {
            beyond += cutsBelow[c + 1]
            summary.beyondCuts[c] = beyond
        }
        var inputs: [UInt8] = [Self.format]
        LogBytes.varint(UInt64(columns.count), into: &inputs)
        for column in columns {
            LogBytes.string(column.name, into: &inputs)
            switch column.values {
            case .numbers:
                inputs.append(0)
            case .codes(_, let levels):
                inputs.append(1)
                LogBytes.varint(UInt64(levels.count), into: &inputs)
                for level in levels { LogBytes.string(level, into: &inputs) }
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 10)
        for column in columns {
            bytes.removeAll(keepingCapacity: true)
            switch column.values {
            case .numbers(let values):
                values.withUnsafeBufferPointer { values in
                    for row in rows { Self.number(values[Int(row)], into: &bytes) }
                }
            case .codes(let codes, _):
                codes.withUnsafeBufferPointer { codes in
                    for row in rows { LogBytes.varint(UInt64(max(-1, codes[Int(row)]) + 1), into: &bytes) }
                }
            }
            LogBytes.varint(UInt64(bytes.count), into: &inputs)
            inputs += bytes
        }
        return RequestChunk(
            first: first, count: rows.count, release: release, idHashes: idHashes, answers: answers, ids: ids,
            inputs: inputs, summary: distanceCuts.isEmpty ? [] : summary.encoded())
    }

    /// An integer-valued number (|x| < 2^52, not -0) as its zigzag varint shifted left once; a
    /// missing one as 1; any other as 3 and its 8 bytes.
    @inline(__always)
    static func number(_ value: Double, into bytes: inout [UInt8]) {
        if value.isNaN {
            bytes.append(1)
        } else if abs(value) < 4_503_599_627_370_496, value == value.rounded(.towardZero),
            !(value == 0 && value.sign == .minus)
        {
            let integer = Int64(value)
            let zigzag = UInt64(bitPattern: (integer << 1) ^ (integer >> 63))
            LogBytes.varint(zigzag << 1, into: &bytes)
        } else {
            bytes.append(3)
            LogBytes.double(value, into: &bytes)
        }
    }
}
