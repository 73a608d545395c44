import Foundation

/// A result a pipeline step saved as JSON (`/pfs/out/result.json` of an `evaluate`, `audit` or
/// `drift` step), read back into its command's output so it prints as that command prints it:
/// tables with four decimals, not JSON with sixteen.
///
/// Each kind of result is known by a top-level key only its JSON has (`confusion`, `attributes`,
/// `reference_rows`), and decoded as that kind alone: a damaged result says which field is
/// wrong, rather than being tried as each kind in turn and reported as none.
enum ResultFile {
    /// A result's command, the key that marks its JSON, and its decoder.
    struct Kind: Sendable {
        let command: String
        let key: String
        let decode: @Sendable (JSONDecoder, Data) throws -> any CommandOutput
    }

    static let kinds: [Kind] = [
        Kind(command: "evaluate", key: "confusion") { try $0.decode(Evaluation.self, from: $1) },
        Kind(command: "audit", key: "attributes") { try $0.decode(FairnessReport.self, from: $1) },
        Kind(command: "drift", key: "reference_rows") { try $0.decode(DriftReport.self, from: $1) },
    ]

    /// Why the bytes of a result file could not be read back as one.
    enum Failure: Error {
        /// Not a JSON object that any of those commands writes.
        case notAResult
        /// Marked as `command`'s result, but a field is missing or of the wrong type: `reason`.
        case damaged(command: String, reason: String)
    }

    /// The command a result came from, and its output decoded.
    static func decode(_ bytes: [UInt8]) throws(Failure) -> (command: String, output: any CommandOutput) {
        let data = Data(bytes)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw .notAResult }
        let marked = kinds.filter { object[$0.key] != nil }
        guard marked.count == 1, let kind = marked.first else { throw .notAResult }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do { return (kind.command, try kind.decode(decoder, data)) } catch {
            throw .damaged(command: kind.command, reason: reason(error))
        }
    }

    /// A decoding error in one line: the field, and what is wrong with it.
    static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context)?, .keyNotFound(_, let context)?, .typeMismatch(_, let context)?,
            .valueNotFound(_, let context)?:
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "field '\(path)': ") + context.debugDescription
        default: return "\(error)"
        }
    }
}
