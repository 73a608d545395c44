/// A glob that does not compile: what is wrong, and where in the pattern (in characters from its
/// start) when one place is to blame.
public struct GlobError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// 0-based offset, in Unicode scalars, of the character at fault.
    public let offset: Int?
    public let help: String?

    init(_ message: String, offset: Int?, help: String? = nil) {
        self.message = message
        self.offset = offset
        self.help = help
    }

    public var description: String { message + (help.map { " (\($0))" } ?? "") }
}
