/// One predictor's answer to a logged request: its probability of the positive class.
public struct LoggedAnswer: Sendable, Equatable {
    public var predictor: String
    public var probability: Double

    public init(predictor: String, probability: Double) {
        self.predictor = predictor
        self.probability = probability
    }
}
