/// A batch of logged requests read back, column by column: what `monitor` and `compare` read
/// without building a value per request.
public struct LoggedChunk: Sendable {
    /// The sequence number of its first request; the others follow one by one.
    public var first: Int
    public var release: Int
    public var count: Int
    /// Empty when not read (``Store/loggedChunks(deployment:from:parts:)``).
    public var ids: [String]
    /// The names the answers refer to by index.
    public var predictors: [String]
    /// Request `k`'s answers are `answerPredictors[answerStarts[k]..<answerStarts[k + 1]]`, the
    /// returned one first, with the probabilities at the same positions.
    public var answerStarts: [Int]
    public var answerPredictors: [Int]
    public var probabilities: [Double]
    public var distances: [Double]
    /// Nanoseconds; -1 when not measured.
    public var latencies: [Int]
    /// Empty when not read.
    public var columns: [LoggedColumn]
    /// What `monitor` counts, summed when the chunk was written; when a chunk is read with it,
    /// its answers are not read (``predictors`` and the arrays after it are empty).
    public var summary: ChunkSummary?

    /// Whether its answers were read.
    public var hasAnswers: Bool { !predictors.isEmpty }

    /// Request `k` as one value (of a chunk read with its ids and inputs).
    public func request(_ k: Int) -> LoggedRequest {
        let answers = (answerStarts[k]..<answerStarts[k + 1]).map {
            LoggedAnswer(predictor: predictors[answerPredictors[$0]], probability: probabilities[$0])
        }
        let input = columns.map { column -> (name: String, value: LoggedValue) in
            switch column.values {
            case .numbers(let values): (column.name, values[k].isNaN ? .null : .number(values[k]))
            case .codes(let codes, let levels): (column.name, codes[k] < 0 ? .null : .text(levels[Int(codes[k])]))
            }
        }
        return LoggedRequest(
            sequence: first + k, requestID: ids[k], release: release, answers: answers, distance: distances[k],
            input: input, latency: latencies[k] < 0 ? nil : latencies[k])
    }
}
