import TuskCore

/// A diagnostic together with the text it points into, ready to render as `file:line:col`.
public struct LocatedDiagnostic: Error, Sendable, Equatable {
    public let diagnostic: Diagnostic
    public let source: SourceText

    public init(_ diagnostic: Diagnostic, in source: SourceText) {
        self.diagnostic = diagnostic
        self.source = source
    }

    /// The compiler-style rendering with the `-->` line.
    public var rendered: [String] { DiagnosticRenderer.full(diagnostic, in: source) }
}
