import Foundation

/// A result a pipeline step saved as JSON (`/pfs/out/result.json` of an `evaluate`, `audit` or
/// `drift` step), read back into its command's output so it prints as that command prints it:
/// tables with four decimals, not JSON with sixteen.
enum ResultFile {
    /// The command a result came from, and its output decoded; nil when the bytes are no result
    /// of those commands.
    static func decode(_ bytes: [UInt8]) -> (command: String, output: any CommandOutput)? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = Data(bytes)
        if let evaluation = try? decoder.decode(Evaluation.self, from: data) { return ("evaluate", evaluation) }
        if let audit = try? decoder.decode(FairnessReport.self, from: data) { return ("audit", audit) }
        if let drift = try? decoder.decode(DriftReport.self, from: data) { return ("drift", drift) }
        return nil
    }
}
