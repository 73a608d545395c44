/// A SHA-256 digest in lowercase hex: the identity of file contents and of commits.
///
/// Identical bytes always hash to the same value, which is what makes storage
/// content-addressed and commit ids reproducible across machines.
public struct ContentHash: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let hex: String

    /// Wraps an existing 64-character hex digest (as read back from the store).
    public init(hex: String) { self.hex = hex }

    /// Hashes raw bytes (see ``SHA256Stream``).
    public init(of bytes: some Sequence<UInt8>) {
        var stream = SHA256Stream()
        if bytes.withContiguousStorageIfAvailable({ stream.update(UnsafeRawBufferPointer($0)) }) == nil {
            stream.update(Array(bytes))
        }
        self = stream.finalized()
    }

    /// Hashes the UTF-8 bytes of a canonical text.
    public init(ofText text: String) { self.init(of: Array(text.utf8)) }

    /// The first 12 hex digits, as shown in listings.
    public var short: String { String(hex.prefix(12)) }
    public var description: String { hex }
    public static func < (a: Self, b: Self) -> Bool { a.hex < b.hex }
}
