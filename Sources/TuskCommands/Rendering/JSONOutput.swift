import Foundation

/// Results as JSON: pretty-printed, keys sorted and in snake_case, numbers that JSON cannot
/// hold (NaN, infinities) written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
public enum JSONOutput {
    public static func lines(_ output: any CommandOutput) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            let data = try encoder.encode(output)
            return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
        } catch {
            return ["{\"error\": \"cannot encode the result: \(error)\"}"]
        }
    }
}
