/// Where a model came from, written into the ONNX model's metadata beside what the model itself
/// knows (its label, classes and training data's SHA-256).
public struct ONNXProvenance: Sendable, Equatable {
    /// The model file or store address it was read from (`models@master:/model.json`).
    public var source: String
    /// The commit that holds the model, `repo@id`; nil for a local file.
    public var commit: String?
    /// The exporting tusk's version (the model's `producer_version`).
    public var producerVersion: String

    public init(source: String, commit: String? = nil, producerVersion: String) {
        self.source = source
        self.commit = commit
        self.producerVersion = producerVersion
    }
}
