extension Onnx {
    /// `ModelProto`: the file `export onnx` writes.
    struct ModelProto: ProtoMessage {
        var irVersion: Int64?
        var producerName: String?
        var producerVersion: String?
        var domain: String?
        var modelVersion: Int64?
        var docString: String?
        var graph: GraphProto?
        var opsetImport: [OperatorSetIdProto] = []
        var metadataProps: [StringStringEntryProto] = []

        func write(to writer: inout ProtoWriter) {
            writer.int(1, irVersion)
            writer.string(2, producerName)
            writer.string(3, producerVersion)
            writer.string(4, domain)
            writer.int(5, modelVersion)
            writer.string(6, docString)
            writer.message(7, graph)
            writer.messages(8, opsetImport)
            writer.messages(14, metadataProps)
        }
    }

    /// `OperatorSetIdProto`: an operator set the graph uses, by domain and version.
    struct OperatorSetIdProto: ProtoMessage {
        var domain: String?
        var version: Int64?

        func write(to writer: inout ProtoWriter) {
            writer.string(1, domain)
            writer.int(2, version)
        }
    }

    /// `StringStringEntryProto`: one entry of a model's metadata.
    struct StringStringEntryProto: ProtoMessage {
        var key: String?
        var value: String?

        init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }

        func write(to writer: inout ProtoWriter) {
            writer.string(1, key)
            writer.string(2, value)
        }
    }
}
