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

    /// Format of the answers and inputs; a reader refuses another.
    static let format: UInt8 = 1

    public init(release: Int, predictors: [String], columns: [LoggedColumn], capacity: Int = 0) {
        self.release = release
        self.columns = columns
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
    }

    /// Ends the request whose answers were just written: its id, its row of the columns, the live
    /// model's outlier distance, and its latency in nanoseconds (nil on a logical clock).
    public mutating func finish(id: String, row: Int, distance: Double, latency: Int?) {
        answers.append(0)
        LogBytes.double(distance, into: &answers)
        LogBytes.varint(latency.map { UInt64(max(0, $0)) + 1 } ?? 0, into: &answers)
        rows.append(Int32(row))
        var id = id
        id.withUTF8 { utf8 in
            var hash = LogBytes.hash(utf8).littleEndian
            withUnsafeBytes(of: &hash) { idHashes.append(contentsOf: $0) }
            LogBytes.varint(UInt64(utf8.count), into: &ids)
            ids.append(contentsOf: utf8)
        }
    }

    /// The chunk, its first request numbered `first`.
    public func chunk(first: Int) -> RequestChunk {
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
            inputs: inputs)
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
