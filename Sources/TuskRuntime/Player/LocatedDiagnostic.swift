import TuskCore

/// A diagnostic together with the text it points into, ready to render as `file:line:col`.
package struct LocatedDiagnostic: Error, Sendable, Equatable {
    package let diagnostic: Diagnostic
    package let source: SourceText

    package init(_ diagnostic: Diagnostic, in source: SourceText) {
        self.diagnostic = diagnostic
        self.source = source
    }

    /// The compiler-style rendering with the `-->` line.
    package var rendered: [String] { DiagnosticRenderer.full(diagnostic, in: source) }
}
