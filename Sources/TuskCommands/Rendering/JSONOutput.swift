import Foundation
import TuskCore

/// Results as JSON: pretty-printed, keys sorted and in snake_case, numbers that JSON cannot
/// hold (NaN, infinities) written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
package enum JSONOutput {
    package static func lines(_ output: any CommandOutput) -> [String] {
        do { return split(try encoder.encode(output)) } catch {
            return ["{\"error\": " + JSONString.quoted("cannot encode the result: \(error)") + "}"]
        }
    }

    /// A result with what followed it (the jobs a command started) under `key`, still one object,
    /// so the output stays one JSON document.
    package static func lines(_ output: any CommandOutput, adding key: String, _ extra: any Encodable) -> [String] {
        do {
            guard var object = try JSONSerialization.jsonObject(with: try encoder.encode(output)) as? [String: Any]
            else { return lines(output) }
            object[key] = try JSONSerialization.jsonObject(with: try encoder.encode(extra), options: .fragmentsAllowed)
            return split(
                try JSONSerialization.data(
                    withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
        } catch {
            return lines(output)
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    private static func split(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
