import Foundation

/// What an Open Inference request asks of its answer: which outputs (`outputs`, all when it
/// names none), each as JSON or as binary data (`parameters.binary_data` on an output, else the
/// request's `parameters.binary_data_output`), as the binary tensor extension has it.
///
/// tritonclient's default (`infer` with no `outputs`) sends `"binary_data_output": true`: every
/// output comes back as bytes after the JSON.
///
/// The request's features are the request reader's; this reads only the two fields about the
/// answer, which the reader does not need. Parameters tusk cannot honour are refused by name:
/// Triton's sequence batching (`sequence_id`…), `priority`, `timeout`, the classification
/// extension and shared memory.
struct RequestedOutputs: Sendable, Equatable {
    struct Output: Sendable, Equatable {
        let name: String
        let binary: Bool
    }

    let outputs: [Output]

    /// Every output, as JSON.
    static let all = RequestedOutputs(
        outputs: OpenInferenceProtocol.outputNames.map { Output(name: $0, binary: false) })

    /// Whether any output is binary (the answer then has an `Inference-Header-Content-Length`).
    var anyBinary: Bool { outputs.contains { $0.binary } }

    static let unsupportedRequestParameters = [
        "sequence_id", "sequence_start", "sequence_end", "priority", "timeout",
    ]

    /// Reads the request's JSON; nil (a 400 is the reader's to give) when it is not a JSON object.
    static func read(_ json: [UInt8]) throws(ServeFailure) -> RequestedOutputs {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(json))) as? [String: Any] else { return .all }
        var binaryByDefault = false
        if let parameters = root["parameters"] {
            guard let parameters = parameters as? [String: Any] else {
                throw failure("the request's 'parameters' must be an object")
            }
            if let name = unsupportedRequestParameters.first(where: { parameters[$0] != nil }) {
                throw failure(
                    "the request parameter '\(name)' is not supported by tusk serve (it serves one stateless model: "
                        + "send the request without it)")
            }
            if let flag = parameters["binary_data_output"] {
                guard let flag = flag as? Bool else { throw failure("'binary_data_output' must be true or false") }
                binaryByDefault = flag
            }
        }
        guard let requested = root["outputs"] else {
            return RequestedOutputs(
                outputs: OpenInferenceProtocol.outputNames.map { Output(name: $0, binary: binaryByDefault) })
        }
        guard let list = requested as? [Any] else { throw failure("'outputs' must be an array of outputs") }
        var outputs: [Output] = []
        for item in list {
            guard let output = item as? [String: Any], let name = output["name"] as? String else {
                throw failure(#"each of 'outputs' must be an object with a 'name', such as {"name": "probability"}"#)
            }
            guard OpenInferenceProtocol.outputNames.contains(name) else {
                throw ServeFailure(
                    status: 400, reason: "UNKNOWN_OUTPUT",
                    message: "the model has no output '\(name)' (its outputs are "
                        + OpenInferenceProtocol.outputNames.map { "'\($0)'" }.joined(separator: " and ") + ")")
            }
            guard !outputs.contains(where: { $0.name == name }) else {
                throw failure("the output '\(name)' is asked for twice")
            }
            var binary = binaryByDefault
            if let parameters = output["parameters"] {
                guard let parameters = parameters as? [String: Any] else {
                    throw failure("the parameters of output '\(name)' must be an object")
                }
                if let name = parameters.keys.sorted().first(where: {
                    $0 == "classification" || $0.hasPrefix("shared_memory")
                }) {
                    throw failure(
                        "the output parameter '\(name)' is not supported by tusk serve (the answer's 'probability' "
                            + "and 'decision' outputs give the class)")
                }
                if let flag = parameters["binary_data"] {
                    guard let flag = flag as? Bool else { throw failure("'binary_data' must be true or false") }
                    binary = flag
                }
            }
            outputs.append(Output(name: name, binary: binary))
        }
        guard !outputs.isEmpty else {
            return RequestedOutputs(
                outputs: OpenInferenceProtocol.outputNames.map { Output(name: $0, binary: binaryByDefault) })
        }
        return RequestedOutputs(outputs: outputs)
    }

    private static func failure(_ message: String) -> ServeFailure {
        ServeFailure(status: 400, reason: "WRONG_SHAPE", message: message)
    }
}
