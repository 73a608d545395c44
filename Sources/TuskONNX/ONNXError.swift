/// Why a model could not be written as ONNX: one lowercase line naming the thing, and how to fix it.
public struct ONNXError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A column whose name the graph cannot take (an output's name, or the graph's own prefix).
        case columnName
    }

    public let kind: Kind
    public let message: String
    /// The column the error is about, when there is one.
    public let column: String?
    public let help: String?

    public var description: String { message }

    static func columnName(_ column: String, _ message: String, help: String) -> ONNXError {
        ONNXError(kind: .columnName, message: message, column: column, help: help)
    }
}
