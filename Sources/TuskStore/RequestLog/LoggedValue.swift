/// A value of a logged input: a number, a category, or missing.
public enum LoggedValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case null
}
