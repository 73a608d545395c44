import Foundation
import Testing

@testable import TuskONNX

/// The protocol buffer wire format as protobuf's encoding guide spells it, byte for byte.
@Suite struct ProtoWriterTests {
    func bytes(_ write: (inout ProtoWriter) -> Void) -> [UInt8] {
        var writer = ProtoWriter()
        write(&writer)
        return writer.bytes
    }

    @Test func varintsAsTheEncodingGuideShowsThem() {
        // "150" in field 1 is 08 96 01 (protobuf.dev, Encoding: "A Simple Message").
        #expect(bytes { $0.int(1, 150) } == [0x08, 0x96, 0x01])
        #expect(bytes { $0.int(1, 0) } == [0x08, 0x00])
        // A negative int64 is its two's complement: ten bytes.
        #expect(bytes { $0.int(2, -1) } == [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        #expect(bytes { $0.int(1, Int64.max) } == [0x08] + [UInt8](repeating: 0xFF, count: 8) + [0x7F])
        // A field number past 15 takes a two-byte tag: field 20, varint is (20 << 3) = 160.
        #expect(bytes { $0.int(20, 7) } == [0xA0, 0x01, 0x07])
        #expect(bytes { $0.int(1, nil) }.isEmpty)
    }

    @Test func lengthDelimitedAndPackedFields() {
        // "testing" in field 2 is 12 07 74 65 73 74 69 6e 67 (the guide's string example).
        #expect(bytes { $0.string(2, "testing") } == [0x12, 0x07] + Array("testing".utf8))
        #expect(bytes { $0.string(2, "") } == [0x12, 0x00])
        // Packed 1, 2, 3 in field 4: 22 03 01 02 03; an empty packed field is not written.
        #expect(bytes { $0.packedInts(4, [1, 2, 3]) } == [0x22, 0x03, 0x01, 0x02, 0x03])
        #expect(bytes { $0.packedInts(4, []) }.isEmpty)
        // Doubles are little-endian IEEE 754: 1.0 is 00 00 00 00 00 00 F0 3F.
        #expect(bytes { $0.packedDoubles(10, [1.0]) } == [0x52, 0x08, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        // Not packed (proto2's default for `repeated int64 dims`): a tag per element.
        #expect(bytes { $0.ints(1, [3, 1]) } == [0x08, 0x03, 0x08, 0x01])
    }

    @Test func aMessageIsItsFieldsInFieldNumberOrder() {
        var shape = Onnx.TensorShapeProto()
        shape.dim = [.init(dimValue: nil, dimParam: "N"), .init(dimValue: 2, dimParam: nil)]
        var tensor = Onnx.TypeProto.Tensor()
        tensor.elemType = 1
        tensor.shape = shape
        // TypeProto.Tensor: elem_type (1) = 1, then shape (2) holding two dims (1), each its oneof.
        let dims: [UInt8] = [0x0A, 0x03, 0x12, 0x01, 0x4E, 0x0A, 0x02, 0x08, 0x02]
        #expect(tensor.serializedBytes() == [0x08, 0x01, 0x12, UInt8(dims.count)] + dims)
    }
}
