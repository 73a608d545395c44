/// One input column of a logged batch, as the request table holds it: the log keeps the numbers
/// and category codes, not their text.
public struct LoggedColumn: Sendable {
    public enum Values: Sendable {
        /// NaN for a missing value.
        case numbers([Double])
        /// Indices into `levels`; -1 for a missing value.
        case codes([Int32], levels: [String])
    }

    public var name: String
    public var values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }
}
