/// Protocol buffer wire format, the part an ONNX writer needs: varints, length-delimited fields
/// and packed repeated numbers (int64s and doubles), appended in the order they are written.
///
/// Why not swift-protobuf: tusk only writes ONNX, ten messages and forty fields of onnx-ml.proto,
/// and swift-protobuf with the generated onnx-ml.pb.swift (4,000 lines) cost about a minute of a
/// clean build's five on two cores (`bench/first-minutes.sh`), which is a new user's first wait.
/// onnxruntime and the onnx checker read what this writes (`Tests/TuskONNXTests`).
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    private enum WireType: UInt64 {
        case varint = 0, lengthDelimited = 2
    }

    private mutating func tag(_ field: Int, _ type: WireType) { varint(UInt64(field) << 3 | type.rawValue) }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func littleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// An `int64`, `int32` or enum field (negative numbers take ten bytes, as the format says).
    mutating func int(_ field: Int, _ value: Int64?) {
        guard let value else { return }
        tag(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]?) {
        guard let value else { return }
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String?) { bytes(field, value.map { Array($0.utf8) }) }

    mutating func message(_ field: Int, _ value: (some ProtoMessage)?) {
        guard let value else { return }
        var inner = ProtoWriter()
        value.write(to: &inner)
        bytes(field, inner.bytes)
    }

    /// A repeated field that is not packed (proto2's default): one tagged value per element.
    mutating func ints(_ field: Int, _ values: [Int64]) { for value in values { int(field, value) } }
    mutating func strings(_ field: Int, _ values: [String]) { for value in values { string(field, value) } }
    mutating func bytes(_ field: Int, _ values: [[UInt8]]) { for value in values { bytes(field, value) } }
    mutating func messages(_ field: Int, _ values: [some ProtoMessage]) {
        for value in values { message(field, value) }
    }

    /// `[packed = true]` numbers: one length-delimited field holding every value; nothing when empty.
    mutating func packedInts(_ field: Int, _ values: [Int64]) {
        guard !values.isEmpty else { return }
        var inner = ProtoWriter()
        for value in values { inner.varint(UInt64(bitPattern: value)) }
        bytes(field, inner.bytes)
    }

    mutating func packedDoubles(_ field: Int, _ values: [Double]) {
        guard !values.isEmpty else { return }
        var inner = ProtoWriter()
        for value in values { inner.littleEndian(value.bitPattern) }
        bytes(field, inner.bytes)
    }
}

/// A message of onnx-ml.proto that writes its fields in field-number order, as protoc's
/// serializers do, so the same model gives the same bytes.
protocol ProtoMessage {
    func write(to writer: inout ProtoWriter)
}

extension ProtoMessage {
    func serializedBytes() -> [UInt8] {
        var writer = ProtoWriter()
        write(to: &writer)
        return writer.bytes
    }
}
