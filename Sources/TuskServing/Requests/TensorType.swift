/// Open Inference tensor datatypes, and what JSON values each holds.
enum TensorType: String {
    case bool = "BOOL"
    case int8 = "INT8", int16 = "INT16", int32 = "INT32", int64 = "INT64"
    case uint8 = "UINT8", uint16 = "UINT16", uint32 = "UINT32", uint64 = "UINT64"
    case fp16 = "FP16", fp32 = "FP32", fp64 = "FP64"
    case bytes = "BYTES"

    enum Values: CustomStringConvertible {
        case bools, strings, numbers
        case integers(bits: Int, signed: Bool)

        var description: String {
            switch self {
            case .bools: "true or false"
            case .strings: "strings"
            case .numbers: "numbers"
            case .integers(let bits, let signed):
                signed
                    ? "whole numbers from \(Int64.min >> (64 - bits)) to \(Int64.max >> (64 - bits))"
                    : "whole numbers from 0 to \(UInt64.max >> (64 - bits))"
            }
        }
    }

    /// Whether a whole number fits an integer type: below 2^(bits-1) (2^bits unsigned), exact
    /// powers of two as doubles, so INT64's and UINT64's bounds compare exactly.
    static func fits(_ number: Double, bits: Int, signed: Bool) -> Bool {
        let limit = Double(sign: .plus, exponent: signed ? bits - 1 : bits, significand: 1)
        return signed ? number >= -limit && number < limit : number >= 0 && number < limit
    }

    var holds: Values {
        switch self {
        case .bool: .bools
        case .bytes: .strings
        case .fp16, .fp32, .fp64: .numbers
        case .int8: .integers(bits: 8, signed: true)
        case .int16: .integers(bits: 16, signed: true)
        case .int32: .integers(bits: 32, signed: true)
        case .int64: .integers(bits: 64, signed: true)
        case .uint8: .integers(bits: 8, signed: false)
        case .uint16: .integers(bits: 16, signed: false)
        case .uint32: .integers(bits: 32, signed: false)
        case .uint64: .integers(bits: 64, signed: false)
        }
    }
}
