extension Onnx {
    /// `TensorProto`: a constant (an initializer or an attribute's tensor), its values in the
    /// typed field its data type reads.
    struct TensorProto: ProtoMessage {
        /// `TensorProto.DataType`, the element types tusk writes.
        enum DataType: Int64 {
            case float = 1, int64 = 7, string = 8, double = 11
        }

        var dims: [Int64] = []
        var dataType: Int32?
        var stringData: [[UInt8]] = []
        var int64Data: [Int64] = []
        var name: String?
        var doubleData: [Double] = []
        var docString: String?

        func write(to writer: inout ProtoWriter) {
            writer.ints(1, dims)
            writer.int(2, dataType.map(Int64.init))
            writer.bytes(6, stringData)
            writer.packedInts(7, int64Data)
            writer.string(8, name)
            writer.packedDoubles(10, doubleData)
            writer.string(12, docString)
        }
    }
}
