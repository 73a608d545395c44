extension Onnx {
    /// `ValueInfoProto`: a graph input's or output's name and type.
    struct ValueInfoProto: ProtoMessage {
        var name: String?
        var type: TypeProto?
        var docString: String?

        func write(to writer: inout ProtoWriter) {
            writer.string(1, name)
            writer.message(2, type)
            writer.string(3, docString)
        }
    }

    /// `TypeProto`, of which tusk writes the tensor case of the `value` oneof.
    struct TypeProto: ProtoMessage {
        var tensorType: Tensor?

        func write(to writer: inout ProtoWriter) { writer.message(1, tensorType) }

        /// `TypeProto.Tensor`: an element type and a shape.
        struct Tensor: ProtoMessage {
            var elemType: Int32?
            var shape: TensorShapeProto?

            func write(to writer: inout ProtoWriter) {
                writer.int(1, elemType.map(Int64.init))
                writer.message(2, shape)
            }
        }
    }

    /// `TensorShapeProto`: each dimension a fixed size or a named one (`N`, the batch).
    struct TensorShapeProto: ProtoMessage {
        var dim: [Dimension] = []

        func write(to writer: inout ProtoWriter) { writer.messages(1, dim) }

        /// `TensorShapeProto.Dimension`: its `value` oneof.
        struct Dimension: ProtoMessage {
            var dimValue: Int64?
            var dimParam: String?

            func write(to writer: inout ProtoWriter) {
                writer.int(1, dimValue)
                writer.string(2, dimParam)
            }
        }
    }
}
