/// One request a deployment answered, as its log keeps it.
public struct LoggedRequest: Sendable, Equatable {
    /// 1, 2, … per deployment, in the order requests were answered.
    public var sequence: Int
    public var requestID: String
    public var release: Int
    /// Every predictor's answer, the one returned first: the live model's, a canary's, a shadow's.
    public var answers: [LoggedAnswer]
    /// The live model's outlier distance.
    public var distance: Double
    /// The record's features in the request table's column order.
    public var input: [(name: String, value: LoggedValue)]
    /// Nanoseconds from the request to its answer; nil when not measured (replays on a logical clock).
    public var latency: Int?

    /// The predictor whose answer was returned.
    public var predictor: String { answers.first?.predictor ?? "" }

    public init(
        sequence: Int, requestID: String, release: Int, answers: [LoggedAnswer], distance: Double,
        input: [(name: String, value: LoggedValue)], latency: Int?
    ) {
        self.sequence = sequence
        self.requestID = requestID
        self.release = release
        self.answers = answers
        self.distance = distance
        self.input = input
        self.latency = latency
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.sequence == b.sequence && a.requestID == b.requestID && a.release == b.release && a.answers == b.answers
            && a.distance.bitPattern == b.distance.bitPattern && a.latency == b.latency
            && a.input.map(\.name) == b.input.map(\.name) && a.input.map(\.value) == b.input.map(\.value)
    }
}
