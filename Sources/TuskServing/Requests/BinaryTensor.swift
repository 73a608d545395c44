/// The elements of an Open Inference tensor sent with the binary tensor extension: row-major,
/// little-endian, without padding; BOOL one byte (0 or 1); BYTES a 4-byte little-endian length
/// then the bytes, per element (Triton's `extension_binary_data.md`, which tritonclient writes).
///
/// Read into the JSON values the request reader checks and types, so a binary request is read
/// exactly as the same request written as JSON.
enum BinaryTensor {
    /// Why the bytes are not a tensor of their datatype: `isType` when the values are of the
    /// wrong kind (a NaN, text that is not UTF-8), not when the bytes are cut short.
    struct Failure: Error {
        let message: String
        let help: String
        let isType: Bool
    }

    /// Each element of `bytes` as a JSON value (numbers, strings or booleans), all at `range`.
    static func elements(_ bytes: ArraySlice<UInt8>, datatype: String, at range: Range<Int>) throws(Failure)
        -> [JSONValue]
    {
        let data = Array(bytes)
        func value(_ content: JSONValue.Content) -> JSONValue { JSONValue(content: content, range: range) }
        if datatype == "BYTES" {
            var values: [JSONValue] = []
            var i = 0
            while i < data.count {
                guard data.count - i >= 4 else {
                    throw Failure(
                        message: "ends inside an element's 4-byte length", help: "give each BYTES element its length",
                        isType: false)
                }
                let length = Int(littleEndian(data, at: i, size: 4))
                i += 4
                guard length <= data.count - i else {
                    throw Failure(
                        message: "has an element of \(length) bytes where \(data.count - i) remain",
                        help: "give each BYTES element its length, then its bytes", isType: false)
                }
                guard let text = String(validating: data[i..<(i + length)], as: UTF8.self) else {
                    throw Failure(
                        message: "holds an element that is not UTF-8 text", help: "send categories as UTF-8 strings",
                        isType: true)
                }
                values.append(value(.string(text)))
                i += length
            }
            return values
        }
        guard let size = elementSize[datatype] else {
            throw Failure(
                message: "has datatype \(datatype), which has no binary form",
                help: "use BOOL, INT8 to INT64, UINT8 to UINT64, FP16, FP32, FP64 or BYTES", isType: false)
        }
        guard data.count % size == 0 else {
            throw Failure(
                message: "has \(data.count) bytes, not a whole number of \(size)-byte \(datatype) elements",
                help: "set binary_data_size to the tensor's size in bytes", isType: false)
        }
        var values: [JSONValue] = []
        values.reserveCapacity(data.count / size)
        for i in stride(from: 0, to: data.count, by: size) {
            let bits = littleEndian(data, at: i, size: size)
            let number: Double
            switch datatype {
            case "BOOL":
                guard bits <= 1 else {
                    throw Failure(
                        message: "holds the byte \(bits), not a BOOL (0 or 1)", help: "write false as 0, true as 1",
                        isType: true)
                }
                values.append(value(.bool(bits == 1)))
                continue
            case "INT8": number = Double(Int8(truncatingIfNeeded: bits))
            case "INT16": number = Double(Int16(truncatingIfNeeded: bits))
            case "INT32": number = Double(Int32(truncatingIfNeeded: bits))
            case "INT64": number = Double(Int64(bitPattern: bits))
            case "FP16": number = Double(half(UInt16(truncatingIfNeeded: bits)))
            case "FP32": number = Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
            case "FP64": number = Double(bitPattern: bits)
            default: number = Double(bits)  // UINT8 to UINT64
            }
            // NaN is a missing value, as pandas and the CSV readers have it; infinity is no value.
            if number.isNaN {
                values.append(value(.null))
                continue
            }
            guard number.isFinite else {
                throw Failure(
                    message: "holds \(number), which is not a finite number",
                    help: "send a finite number, or NaN for a missing value", isType: true)
            }
            values.append(value(.number(number)))
        }
        return values
    }

    static let elementSize: [String: Int] = [
        "BOOL": 1, "INT8": 1, "UINT8": 1, "INT16": 2, "UINT16": 2, "FP16": 2, "INT32": 4, "UINT32": 4, "FP32": 4,
        "INT64": 8, "UINT64": 8, "FP64": 8,
    ]

    private static func littleEndian(_ data: [UInt8], at offset: Int, size: Int) -> UInt64 {
        var bits: UInt64 = 0
        for k in 0..<size { bits |= UInt64(data[offset + k]) << (8 * UInt64(k)) }
        return bits
    }

    /// An IEEE 754 half-precision float, widened exactly.
    private static func half(_ bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits >> 15) << 31
        let exponent = Int(bits >> 10) & 0x1f
        let fraction = UInt32(bits & 0x3ff)
        switch exponent {
        case 0:
            // Zero or subnormal: fraction × 2^-24.
            let magnitude = Float(fraction) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 0x1f:
            return Float(bitPattern: sign | 0x7f80_0000 | (fraction << 13))
        default:
            return Float(bitPattern: sign | (UInt32(exponent - 15 + 127) << 23) | (fraction << 13))
        }
    }
}
