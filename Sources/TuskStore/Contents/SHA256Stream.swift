import TuskCore

/// SHA-256 (FIPS 180-4) fed piece by piece, whose state can be saved and resumed.
///
/// The store names file contents by the SHA-256 of their bytes (``ContentHash``), but a file put
/// from disk is never held in memory whole, and an append must not re-read what is already
/// stored. This hasher takes the bytes as they stream past, and its ``saved`` state (the eight
/// working words after the last whole 64-byte block, and how many bytes that covers) is kept with
/// each content, so an append resumes hashing where the old content's whole blocks end.
struct SHA256Stream {
    /// The state after a whole number of blocks: 32 bytes of words, then the byte count, big-endian.
    struct Saved: Equatable {
        var words: [UInt32]
        var count: UInt64

        var bytes: [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(40)
            for word in words {
                for shift in stride(from: 24, through: 0, by: -8) {
                    out.append(UInt8(truncatingIfNeeded: word >> shift))
                }
            }
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: count >> UInt64(shift)))
            }
            return out
        }

        init(words: [UInt32], count: UInt64) {
            self.words = words
            self.count = count
        }

        /// Reads back ``bytes``; nil when the data is not such a state.
        init?(_ bytes: [UInt8]) {
            guard bytes.count == 40 else { return nil }
            words = (0..<8).map { i in bytes[(i * 4)..<(i * 4 + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
            count = bytes[32..<40].reduce(0) { $0 << 8 | UInt64($1) }
            guard count % 64 == 0 else { return nil }
        }
    }

    private var words: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes already compressed: a multiple of 64.
    private var compressed: UInt64 = 0
    /// Bytes waiting for a whole block (fewer than 64).
    private var pending: [UInt8] = []

    init() { pending.reserveCapacity(64) }

    /// Resumes from a saved state; the bytes after `saved.count` must be fed again.
    init(resuming saved: Saved) {
        words = saved.words
        compressed = saved.count
        pending.reserveCapacity(64)
    }

    /// The state as of the last whole block, to store with the content.
    var saved: Saved { Saved(words: words, count: compressed) }

    mutating func update(_ bytes: some Collection<UInt8>) {
        if let done = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) { return done }
        update(Array(bytes))
    }

    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(bytes.baseAddress! + offset)
            offset += 64
        }
        if offset < bytes.count { pending.append(contentsOf: bytes[offset...]) }
    }

    /// The digest of everything fed so far (the stream itself can go on).
    func finalized() -> ContentHash {
        var copy = self
        let length = (compressed + UInt64(pending.count)) &* 8
        var tail = pending + [0x80]
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: length >> UInt64(shift)))
        }
        copy.pending.removeAll()
        tail.withUnsafeBytes { raw in
            for block in stride(from: 0, to: raw.count, by: 64) { copy.compress(raw.baseAddress! + block) }
        }
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for word in copy.words {
            for shift in stride(from: 28, through: 0, by: -4) { hex.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return ContentHash(hex: String(decoding: hex, as: UTF8.self))
    }

    /// One SHA-256 of a whole buffer.
    static func hash(_ bytes: some Collection<UInt8>) -> ContentHash {
        var stream = SHA256Stream()
        stream.update(bytes)
        return stream.finalized()
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

    /// Compresses one 64-byte block into the working words.
    private mutating func compress(_ block: UnsafeRawPointer) {
        compressed &+= 64
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
            }
            for i in 16..<64 {
                let s0 = Self.rotr(w[i - 15], 7) ^ Self.rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = Self.rotr(w[i - 2], 17) ^ Self.rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            Self.k.withUnsafeBufferPointer { k in
                var a = words[0], b = words[1], c = words[2], d = words[3]
                var e = words[4], f = words[5], g = words[6], h = words[7]
                for i in 0..<64 {
                    let s1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                    let s0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    h = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = b
                    b = a
                    a = t1 &+ t2
                }
                words[0] &+= a
                words[1] &+= b
                words[2] &+= c
                words[3] &+= d
                words[4] &+= e
                words[5] &+= f
                words[6] &+= g
                words[7] &+= h
            }
        }
    }
}
