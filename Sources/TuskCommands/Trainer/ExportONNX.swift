import TuskArtifacts
import TuskCore
import TuskLang
import TuskML
import TuskONNX

/// `export onnx MODEL -o OUT`: a model's whole scoring path as an ONNX model, for engines Tusk did
/// not write (onnxruntime, Triton and so Seldon Core 2's stock servers). From the shell, a prompt,
/// a scenario or a pipeline step (`-o /pfs/out/model.onnx`).
package struct ExportONNX: TuskCommand {
    static let output = Option<DataArgument>(
        "output", short: "o", value: "OUT",
        "a local path, or a store address to commit to (a store address without a path means /model.onnx)",
        required: true, writes: true)

    package static let declaration = CommandDeclaration(
        "export onnx", "Write a model as ONNX: its whole scoring path, for onnxruntime and Triton.",
        arguments: [.init("MODEL", .data)],
        options: [output],
        details: """
            The graph takes one [N, 1] input per training column, named after it: float for a numeric
            column (NaN for a missing value), string for a categorical one (an empty string or '?' for a
            missing value). It does what tusk does to them: missing values, standardization, one-hot slots
            with pooled <infrequent> levels, levels never seen in training; for boosted trees, each split's
            threshold, category set and learned missing direction. It answers 'label' (the class) and
            'probabilities' ([N, 2], in the model's class order), as scikit-learn's converters name them,
            equal to 'predict' up to float32. IR version 8, opsets 17 and ai.onnx.ml 3 (onnxruntime 1.12
            or later, Triton 22.07 or later). The metadata names the model's commit, its label and its
            training data's SHA-256.
            """,
        examples: [
            "export onnx models@master -o model.onnx",
            "export onnx /pfs/income_training/model.json -o /pfs/out/model.onnx",
        ])

    let model: DataArgument
    let output: DataArgument

    package init(_ call: Invocation) throws(Diagnostic) {
        model = try DataArgument(call.argument(0))
        output = try call.required(Self.output)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> ONNXExported {
        let loaded = try context.loadModel(model)
        let bytes: [UInt8]
        do {
            bytes = try ONNXExport.model(
                loaded.model,
                provenance: ONNXProvenance(
                    source: loaded.source.name, commit: loaded.source.commit?.description,
                    producerVersion: TuskVersion.current))
        } catch {
            throw Diagnostic(error.message, at: model.span, help: error.help)
        }
        let receipt = try context.write(
            bytes, to: output, defaultPath: RepoPath.root.appending("model.onnx"),
            provenance: loaded.source.commit.map { [$0] } ?? [], message: "export onnx \(loaded.source.name)")
        let signature = ONNXSignature(loaded.model)
        return ONNXExported(
            model: loaded.source.address, kind: loaded.model.kind.rawValue,
            inputs: signature.inputs.map { .init(name: $0.name, type: $0.type.rawValue) },
            outputs: signature.outputs.map { .init(name: $0.name, type: $0.type.rawValue) },
            classes: signature.classes, output: receipt)
    }
}

package struct ONNXExported: CommandOutput {
    package struct Tensor: Codable, Sendable {
        package let name: String
        /// `FP32` or `BYTES`, as Triton and Open Inference V2 name them.
        package let type: String
    }

    package let model: AddressText
    package let kind: String
    package let inputs: [Tensor]
    package let outputs: [Tensor]
    /// The order of `probabilities`' columns.
    package let classes: [String]
    package let output: WriteReceipt

    package func render(_ text: inout TextOutput) {
        let numeric = inputs.filter { $0.type == "FP32" }.count
        text.line(
            "onnx: \(kind) model \(model): \(inputs.count) inputs (\(numeric) float, \(inputs.count - numeric) string), "
                + "outputs label and probabilities [\(classes.joined(separator: ", "))]")
        text.line(ReceiptText.line(output))
    }
}
