/// Every error of the trainer: one lowercase line naming the thing, where it is in the data
/// (`file:line:col` when it comes from a file), and how to fix it.
public struct MLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// The data source, its 1-based line and column, when known.
    public let file: String?
    public let line: Int?
    public let column: Int?
    public let help: String?

    public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, help: String? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.help = help
    }

    /// `file:line:col`, as far as it is known.
    public var location: String? {
        guard let file else { return nil }
        return [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return place + message + (help.map { " (\($0))" } ?? "")
    }
}
