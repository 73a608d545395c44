/// The request log's byte encoding: LEB128 varints, little-endian doubles, length-prefixed UTF-8.
///
/// Why not JSON or a row per request: a request is a few dozen bytes of features and answers, and
/// SQLite costs about a microsecond per row inserted and per index entry; a batch written as one
/// row of these bytes costs what its bytes cost.
enum LogBytes {
    @inline(__always)
    static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    @inline(__always)
    static func double(_ value: Double, into bytes: inout [UInt8]) {
        var bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
    }

    static func string(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            varint(UInt64(utf8.count), into: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    /// FNV-1a of the id's UTF-8: what the log's id column is searched by before ids are compared.
    static func hash(_ id: String) -> UInt32 {
        var id = id
        return id.withUTF8 { hash($0) }
    }

    @inline(__always)
    static func hash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }
}

/// Reads what ``LogBytes`` wrote, failing on bytes that end early.
struct LogCursor {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    mutating func byte() throws(StoreError) -> UInt8 {
        guard offset < bytes.count else { throw Self.truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(StoreError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte()
            guard shift < 64 else { throw Self.truncated }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func count() throws(StoreError) -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count - offset) else { throw Self.truncated }
        return Int(value)
    }

    /// A varint that is a number, not a length of what follows.
    mutating func integer() throws(StoreError) -> Int {
        let value = try varint()
        guard value <= UInt64(Int.max) else { throw Self.truncated }
        return Int(value)
    }

    mutating func double() throws(StoreError) -> Double {
        guard offset + 8 <= bytes.count else { throw Self.truncated }
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(bytes[offset + k]) << UInt64(8 * k) }
        offset += 8
        return Double(bitPattern: bits)
    }

    mutating func string() throws(StoreError) -> String {
        let length = try count()
        guard offset + length <= bytes.count else { throw Self.truncated }
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    mutating func uint32() throws(StoreError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw Self.truncated }
        defer { offset += 4 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    private static var truncated: StoreError { .corrupt("a request log chunk ends before its last field") }
}
