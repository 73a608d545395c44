import Foundation
import TuskML

/// A trained model as an ONNX model: the whole scoring path — missing values, standardization,
/// one-hot slots with pooled and unseen levels, the weights or the trees — so any ONNX runtime
/// answers as `tusk predict` does, up to float32 inputs and outputs.
///
/// The graph takes one `[N, 1]` input per training column, named after it (float, NaN for a
/// missing value, for numeric columns; string, empty or `?` for a missing value, for categorical
/// ones) and gives `label` (`[N]` strings) and `probabilities` (`[N, 2]` floats, in the model's
/// class order), as scikit-learn's converters name them. IR version 8, opsets 17 and ai.onnx.ml 3:
/// what onnxruntime 1.12 and later, and so Triton 22.07 and later, load.
///
///     let bytes = try ONNXExport.model(model, provenance: ONNXProvenance(source: "model.json", producerVersion: "0.1.0"))
public enum ONNXExport {
    public static let irVersion: Int64 = 8
    public static let opset: Int64 = 17
    public static let mlOpset: Int64 = 3

    /// The serialized ONNX model of `model`.
    public static func model(_ model: TrainedModel, provenance: ONNXProvenance) throws(ONNXError) -> [UInt8] {
        try proto(model, provenance: provenance).serializedBytes()
    }

    static func proto(_ model: TrainedModel, provenance: ONNXProvenance) throws(ONNXError) -> Onnx.ModelProto {
        try checkNames(model)
        let signature = ONNXSignature(model)
        var builder = GraphBuilder()
        let logOdds =
            switch model.parameters {
            case .logistic(let logistic): builder.logOdds(logistic, model.encoder)
            case .boosted(let boosted): builder.rawScore(boosted, model.encoder)
            }
        builder.outputs(positive: builder.apply("Sigmoid", [logOdds]), classes: model.classes)

        var graph = Onnx.GraphProto()
        graph.name = "tusk_\(model.kind.rawValue)"
        graph.docString = "Tusk \(model.kind.rawValue) model of '\(model.target)' from \(provenance.source)"
        graph.node = builder.nodes
        graph.initializer = builder.initializers
        graph.input = signature.inputs.map { input in
            input.type == .float32
                ? .batch(input.name, .float, [1], doc: "numeric; NaN for a missing value")
                : .batch(input.name, .string, [1], doc: "categorical; an empty string or '?' for a missing value")
        }
        graph.output = [
            .batch(ONNXSignature.labelOutput, .string, [], doc: "the decided class"),
            .batch(
                ONNXSignature.probabilitiesOutput, .float, [2],
                doc: "the probability of each class: " + model.classes.joined(separator: ", ")),
        ]

        var proto = Onnx.ModelProto()
        proto.irVersion = irVersion
        proto.opsetImport = [opsetID("", opset), opsetID(GraphBuilder.mlDomain, mlOpset)]
        proto.producerName = "tusk"
        proto.producerVersion = provenance.producerVersion
        proto.modelVersion = 1
        proto.docString =
            "The scoring path of a Tusk \(model.kind.rawValue) model: '\(model.classes[1])' when the "
            + "probability of '\(model.target)' being it is above one half."
        proto.graph = graph
        proto.metadataProps = metadata(model, provenance).map { Onnx.StringStringEntryProto($0.0, $0.1) }
        return proto
    }

    /// What the model's metadata says, in a fixed order.
    static func metadata(_ model: TrainedModel, _ provenance: ONNXProvenance) -> [(String, String)] {
        var entries: [(String, String)] = [
            ("tusk.kind", model.kind.rawValue),
            ("tusk.label", model.target),
            ("tusk.classes.negative", model.classes[0]),
            ("tusk.classes.positive", model.classes[1]),
            ("tusk.model", provenance.source),
        ]
        if let commit = provenance.commit { entries.append(("tusk.commit", commit)) }
        entries += [
            ("tusk.training_data", model.trainingData.source),
            ("tusk.training_data.rows", String(model.trainingData.rows)),
            ("tusk.training_data.sha256", model.trainingData.sha256),
            ("tusk.seed", String(model.seed)),
        ]
        return entries
    }

    /// Column names the graph cannot take: an output's name, the prefix of the graph's own
    /// values, or nothing at all (ONNX reads an empty name as an absent input).
    static func checkNames(_ model: TrainedModel) throws(ONNXError) {
        let columns = model.encoder.numeric.map(\.name) + model.encoder.categorical.map(\.name)
        guard !columns.isEmpty else {
            throw .columnName(
                "", "the model has no feature columns to take as inputs", help: "retrain it with features")
        }
        for column in columns {
            if column == ONNXSignature.labelOutput || column == ONNXSignature.probabilitiesOutput {
                throw .columnName(
                    column, "column '\(column)' has the name of an output of the ONNX model",
                    help: "rename the column in the training data and retrain")
            }
            if column.hasPrefix(GraphBuilder.prefix) || column.isEmpty {
                throw .columnName(
                    column,
                    "column '\(column)' cannot name an ONNX input (empty, or starting with '\(GraphBuilder.prefix)')",
                    help: "rename the column in the training data and retrain")
            }
        }
    }

    private static func opsetID(_ domain: String, _ version: Int64) -> Onnx.OperatorSetIdProto {
        var id = Onnx.OperatorSetIdProto()
        id.domain = domain
        id.version = version
        return id
    }
}
