import TuskCore

/// A value with the place in the command it came from, so later errors can point at it.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    public let value: Value
    public let span: SourceSpan

    public init(_ value: Value, at span: SourceSpan) {
        self.value = value
        self.span = span
    }
}
