import TuskCore

/// A glob over repo paths: `/*.csv`, `/data/?/*`, `/**`.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    let segments: [String]
    public let description: String

    public init(_ text: String) {
        description = text
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    func matches(_ path: [String]) -> Bool { Self.match(segments[...], path[...]) }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            return (0...path.count).contains { match(pattern.dropFirst(), path.dropFirst($0)) }
        }
        guard let segment = path.first, matchSegment(Array(head)[...], Array(segment)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func matchSegment(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        switch head {
        case "*": return (0...text.count).contains { matchSegment(pattern.dropFirst(), text.dropFirst($0)) }
        case "?": return !text.isEmpty && matchSegment(pattern.dropFirst(), text.dropFirst())
        default: return text.first == head && matchSegment(pattern.dropFirst(), text.dropFirst())
        }
    }
}
