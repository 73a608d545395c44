extension Onnx {
    /// `GraphProto`: nodes in the order they run, constants, inputs and outputs.
    struct GraphProto: ProtoMessage {
        var node: [NodeProto] = []
        var name: String?
        var initializer: [TensorProto] = []
        var docString: String?
        var input: [ValueInfoProto] = []
        var output: [ValueInfoProto] = []

        func write(to writer: inout ProtoWriter) {
            writer.messages(1, node)
            writer.string(2, name)
            writer.messages(5, initializer)
            writer.string(10, docString)
            writer.messages(11, input)
            writer.messages(12, output)
        }
    }

    /// `NodeProto`: one operator applied to named values.
    struct NodeProto: ProtoMessage {
        var input: [String] = []
        var output: [String] = []
        var name: String?
        var opType: String?
        var attribute: [AttributeProto] = []
        var domain: String?

        func write(to writer: inout ProtoWriter) {
            writer.strings(1, input)
            writer.strings(2, output)
            writer.string(3, name)
            writer.string(4, opType)
            writer.messages(5, attribute)
            writer.string(7, domain)
        }
    }

    /// `AttributeProto`: a named operator attribute; `type` says which value field holds it.
    struct AttributeProto: ProtoMessage {
        /// `AttributeProto.AttributeType`, the kinds tusk writes.
        enum AttributeType: Int64 {
            case int = 2, string = 3, tensor = 4, ints = 7, strings = 8
        }

        var name: String?
        var i: Int64?
        var s: [UInt8]?
        var t: TensorProto?
        var ints: [Int64] = []
        var strings: [[UInt8]] = []
        var type: AttributeType?

        func write(to writer: inout ProtoWriter) {
            writer.string(1, name)
            writer.int(3, i)
            writer.bytes(4, s)
            writer.message(5, t)
            writer.ints(8, ints)
            writer.bytes(9, strings)
            writer.int(20, type?.rawValue)
        }
    }
}
