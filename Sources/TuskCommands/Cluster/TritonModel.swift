import TuskONNX

/// A model as a folder of a Triton model repository, which Seldon Core 2's stock Triton server
/// loads from a `Model`'s `storageUri` (`requirements: [onnx]`): `config.pbtxt` and `1/model.onnx`.
///
/// The configuration declares what the ONNX graph takes and gives, with batching: each input
/// `[1]` per row (TYPE_FP32 for a numeric column, TYPE_STRING for a categorical one), so a V2
/// request sends `[N, 1]` tensors — FP32 and BYTES, which `tusk serve` also accepts for the same
/// model — and the outputs `label` (one string per row: the graph's `[N]`, hence the reshape) and
/// `probabilities` (`[2]` per row).
struct TritonModel: Sendable {
    /// The most rows one request (or one dynamic batch) may hold.
    static let maxBatchSize = 1024

    let name: String
    let signature: ONNXSignature

    var config: String {
        var lines = [
            "# Triton model configuration written by 'tusk export k8s': the ONNX graph in 1/model.onnx.",
            "# probabilities are in the order \(signature.classes.map { "'\($0)'" }.joined(separator: ", ")).",
            "name: \(Self.quoted(name))",
            "platform: \"onnxruntime_onnx\"",
            "max_batch_size: \(Self.maxBatchSize)",
            "input [",
        ]
        for (k, input) in signature.inputs.enumerated() {
            let comma = k == signature.inputs.count - 1 ? "" : ","
            lines.append(
                "  { name: \(Self.quoted(input.name)), data_type: \(Self.dataType(input.type)), dims: [ 1 ] }\(comma)")
        }
        lines.append("]")
        lines.append("output [")
        for (k, output) in signature.outputs.enumerated() {
            let comma = k == signature.outputs.count - 1 ? "" : ","
            // A per-row scalar is `dims: [ 1 ]` reshaped to the graph's `[ ]`, as Triton's docs say.
            let shape =
                output.shape.isEmpty
                ? "dims: [ 1 ], reshape: { shape: [ ] }"
                : "dims: [ \(output.shape.map(String.init).joined(separator: ", ")) ]"
            lines.append(
                "  { name: \(Self.quoted(output.name)), data_type: \(Self.dataType(output.type)), \(shape) }\(comma)")
        }
        lines.append("]")
        return lines.joined(separator: "\n") + "\n"
    }

    static func dataType(_ type: ONNXSignature.ElementType) -> String {
        switch type {
        case .float32: "TYPE_FP32"
        case .bytes: "TYPE_STRING"
        }
    }

    /// A protobuf text-format string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
