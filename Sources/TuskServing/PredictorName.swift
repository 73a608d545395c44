import TuskCore

/// The name of a predictor in a release: `live`, or `canary-N` / `shadow-N`, numbered from 1 in
/// the order they were added. The router names them (``DeploymentPolicy``); a user types one to
/// promote or retire it. Parsed once, where it is typed or read back, and rendered once.
///
/// A plain JSON string in release records, as it always was; the request log keeps the same
/// text (the store knows nothing of the scheme).
public struct PredictorName: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable { case live, canary, shadow }

    public let kind: Kind
    /// N of `canary-N` and `shadow-N`; 0 for `live`.
    public let number: Int
    /// The name as written: `live`, `canary-1`.
    public let rawValue: String

    /// The live predictor's name.
    public static let live = PredictorName(kind: .live, number: 0)

    private init(kind: Kind, number: Int) {
        self.kind = kind
        self.number = number
        self.rawValue = kind == .live ? "live" : "\(kind.rawValue)-\(number)"
    }

    /// `canary-N` or `shadow-N`; `number` is at least 1.
    static func numbered(_ kind: Kind, _ number: Int) -> PredictorName {
        precondition(kind != .live && number >= 1, "a canary or shadow is numbered from 1")
        return PredictorName(kind: kind, number: number)
    }

    /// Parses `live`, `canary-N` or `shadow-N` (N from 1, no leading zero, so the text reads back
    /// the same); throws a ``NameError`` for anything else.
    public init(_ text: String) throws(NameError) {
        if text == "live" {
            self = .live
            return
        }
        for kind in [Kind.canary, .shadow] where text.hasPrefix(kind.rawValue + "-") {
            let digits = text.utf8.dropFirst(kind.rawValue.utf8.count + 1)
            if let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 18,
                digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let number = Int(String(decoding: digits, as: UTF8.self))
            {
                self.init(kind: kind, number: number)
                return
            }
        }
        throw NameError(
            message: "'\(VisibleText.clipped(text))' is not a predictor name (live, canary-N or shadow-N)")
    }

    /// A name the request log of `deployment` holds, read back: the log keeps the text the
    /// router wrote, so one that does not parse is a damaged log, named.
    static func logged(_ text: String, of deployment: DeploymentName) throws(ServingError) -> PredictorName {
        do { return try PredictorName(text) } catch {
            throw .store(.corrupt("the request log of deployment '\(deployment)' holds \(error.message)"))
        }
    }

    public var description: String { rawValue }

    public static func == (a: Self, b: Self) -> Bool { a.kind == b.kind && a.number == b.number }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(number)
    }

    /// A plain JSON string, checked when read back: a malformed one is a `DecodingError` at its
    /// field, so the record that holds it can be named.
    public init(from decoder: any Decoder) throws {
        self = try decoder.singleValueContainer().decodeName { text throws(NameError) in try Self(text) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
