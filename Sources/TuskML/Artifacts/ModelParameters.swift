/// What a model learned: the parameters of exactly one kind of model.
///
/// One enum rather than an optional per kind, so a model cannot say `logistic` and hold trees,
/// or hold neither: the kind is read from the parameters, never stored beside them.
public enum ModelParameters: Sendable, Equatable {
    case logistic(LogisticRegression)
    case boosted(GradientBoosting)

    public var kind: TrainedModel.Kind {
        switch self {
        case .logistic: .logistic
        case .boosted: .boosted
        }
    }
}
