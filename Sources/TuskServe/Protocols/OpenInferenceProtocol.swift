import TuskCore
import TuskML
import TuskServing

/// The Open Inference Protocol (KServe V2) over REST: health, model metadata and inference, the
/// model being the deployment.
///
/// An answer has two outputs, one element per request: `probability`, the positive class's
/// probability (FP64), and `decision`, the class answered (BYTES). Its `id` is the request's
/// (the payload's `id`, else the log's id of its first row); `parameters` carry the release,
/// each row's request id and the predictor that answered it:
///
///     {"model_name":"production","model_version":"3","id":"r42",
///      "parameters":{"release":3,"request_ids":["r42"],"predictors":["live"]},
///      "outputs":[{"name":"probability","shape":[1],"datatype":"FP64","parameters":{"class":">50K"},"data":[0.19]},
///                 {"name":"decision","shape":[1],"datatype":"BYTES","data":["<=50K"]}]}
///
/// An error is `{"error":"…"}`, as the protocol has it.
enum OpenInferenceProtocol {
    static func inferPath(_ model: String) -> String { "/v2/models/\(model)/infer" }

    /// The outputs a model answers with, in the order an answer lists them by default.
    static let outputNames = ["probability", "decision"]

    /// An answer: its JSON and, when outputs were asked for as binary (the binary tensor
    /// extension, tritonclient's default), their bytes after it, in the order the JSON lists them.
    struct Answer {
        let json: String
        let binary: [UInt8]
        /// Whether any output was asked for as binary (even an empty one).
        let isBinary: Bool
    }

    static func response(_ served: ServedBatch, outputs: RequestedOutputs = .all) -> Answer {
        var json = JSONWriter(capacity: 300 + served.answers.count * 40)
        var binary: [UInt8] = []
        json.raw("{\"model_name\":")
        json.string(served.deployment.rawValue)
        json.raw(",\"model_version\":")
        json.string(String(served.release))
        json.raw(",\"id\":")
        json.string(served.answers.first?.requestID ?? "")
        json.raw(",\"parameters\":{\"release\":")
        json.number(served.release)
        json.raw(",\"request_ids\":")
        json.array(served.answers) { $0.string($1.requestID) }
        json.raw(",\"predictors\":")
        json.array(served.answers) { $0.string($1.predictor.rawValue) }
        json.raw("},\"outputs\":")
        json.array(outputs.outputs) { json, output in
            let isProbability = output.name == "probability"
            json.raw("{\"name\":")
            json.string(output.name)
            json.raw(",\"shape\":[")
            json.number(served.answers.count)
            json.raw("],\"datatype\":")
            json.string(isProbability ? "FP64" : "BYTES")
            json.raw(",\"parameters\":{")
            if isProbability {
                json.raw("\"class\":")
                json.string(served.classes.last ?? "")
            }
            if output.binary {
                let start = binary.count
                for answer in served.answers {
                    if isProbability {
                        appendLittleEndian(answer.probability.bitPattern, to: &binary)
                    } else {
                        appendLittleEndian(UInt32(answer.decision.utf8.count), to: &binary)
                        binary += answer.decision.utf8
                    }
                }
                if isProbability { json.raw(",") }
                json.raw("\"binary_data_size\":")
                json.number(binary.count - start)
                json.raw("}}")
            } else {
                json.raw("},\"data\":")
                if isProbability {
                    json.array(served.answers) { $0.number($1.probability) }
                } else {
                    json.array(served.answers) { $0.string($1.decision) }
                }
                json.raw("}")
            }
        }
        json.raw("}")
        return Answer(json: json.text, binary: binary, isBinary: outputs.anyBinary)
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// `GET /v2/models/{name}`: the live model's features as inputs (one element per request,
    /// numbers as FP64, categories as BYTES), and the two outputs.
    static func metadata(deployment: DeploymentName, release: Int, schema: RequestSchema) -> String {
        // One version: the live release. Older releases are history, not models a request can
        // reach (a rollback makes a new release), so they are not listed.
        var json = JSONWriter(capacity: 1024)
        json.raw("{\"name\":")
        json.string(deployment.rawValue)
        json.raw(",\"versions\":")
        json.array([String(release)]) { $0.string($1) }
        json.raw(",\"platform\":\"tusk\",\"inputs\":")
        json.array(schema.features) { json, feature in
            json.raw("{\"name\":")
            json.string(feature.name)
            json.raw(",\"datatype\":")
            json.string(feature.kind == .numeric ? "FP64" : "BYTES")
            json.raw(",\"shape\":[-1]}")
        }
        json.raw(
            ",\"outputs\":[{\"name\":\"probability\",\"datatype\":\"FP64\",\"shape\":[-1]},"
                + "{\"name\":\"decision\",\"datatype\":\"BYTES\",\"shape\":[-1]}]}")
        return json.text
    }

    static func server(version: String) -> String {
        #"{"name":"tusk","version":"\#(version)","extensions":["binary_tensor_data"]}"#
    }

    static func error(_ failure: ServeFailure) -> String {
        var json = JSONWriter()
        json.raw("{\"error\":")
        json.string(failure.message)
        json.raw("}")
        return json.text
    }
}
