import TuskCore

/// A glob over repo paths, as Pachyderm's `glob file` and its datums match them (``Glob``):
/// `/*.csv`, `/data/?/*`, `/{a,b}/**`, `/STORE(*).txt`.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    let glob: Glob

    /// Compiles `text`; a pattern Pachyderm would not compile is an error, never a pattern that
    /// matches nothing.
    public init(_ text: String) throws(GlobError) { glob = try Glob(text) }

    public init(_ glob: Glob) { self.glob = glob }

    public var description: String { glob.description }

    /// Whether the path of `segments` (a file's, or a directory's above it) matches, as Pachyderm
    /// matches `/a/b` (no trailing `/`); the pattern `/` matches the root.
    func matches(_ segments: [String]) -> Bool {
        if segments.isEmpty { return glob.description == "/" }
        return glob.matches("/" + segments.joined(separator: "/"))
    }
}
