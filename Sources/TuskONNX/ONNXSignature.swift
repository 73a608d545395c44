import TuskML

/// The tensors an exported model takes and gives, as a serving engine declares them (Triton's
/// `config.pbtxt`, Open Inference V2 metadata): one `[N, 1]` input per training column, FP32 for
/// numeric columns (NaN for missing) and BYTES for categorical ones (empty or `?` for missing);
/// outputs `label` (`[N]`, BYTES) and `probabilities` (`[N, 2]`, FP32, in the model's class order).
public struct ONNXSignature: Sendable, Equatable {
    public enum ElementType: String, Sendable {
        case float32 = "FP32"
        case bytes = "BYTES"
    }

    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let type: ElementType
        /// The shape without the batch dimension (`[1]` for an input column, `[2]` for probabilities,
        /// `[]` for the label).
        public let shape: [Int]
    }

    public let inputs: [Tensor]
    public let outputs: [Tensor]
    /// The class names, in the order of `probabilities`' columns.
    public let classes: [String]

    public static let labelOutput = "label"
    public static let probabilitiesOutput = "probabilities"

    /// The strings that mean "missing" in a categorical input, unless the model knows one as a level.
    public static let missingStrings = ["", "?"]

    public init(_ model: TrainedModel) {
        inputs =
            model.encoder.numeric.map { Tensor(name: $0.name, type: .float32, shape: [1]) }
            + model.encoder.categorical.map { Tensor(name: $0.name, type: .bytes, shape: [1]) }
        outputs = [
            Tensor(name: Self.labelOutput, type: .bytes, shape: []),
            Tensor(name: Self.probabilitiesOutput, type: .float32, shape: [2]),
        ]
        classes = model.classes
    }
}
