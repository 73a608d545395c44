import Foundation

/// Maps byte strings to dense codes in order of first appearance, without making a String per
/// cell: an open-addressing table over FNV-1a hashes, the bytes of each level stored once. The
/// trainer's loader interns a column with it, the router's CSV request reader each categorical
/// column of a request file.
package struct ByteInterner {
    @usableFromInline var slots = [Int32](repeating: -1, count: 64)
    @usableFromInline var hashes: [UInt64] = []
    /// Every level's bytes, back to back; level k is `storage[offsets[k]..<offsets[k + 1]]`.
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var offsets: [Int] = [0]

    package init() {}

    /// The number of levels.
    package var count: Int { hashes.count }

    /// Every level's bytes, by code.
    package var levels: [[UInt8]] { (0..<count).map { Array(storage[offsets[$0]..<offsets[$0 + 1]]) } }

    /// Every level as text, by code.
    package var texts: [String] {
        storage.withUnsafeBufferPointer { stored in
            (0..<count).map { k in
                String(decoding: UnsafeBufferPointer(rebasing: stored[offsets[k]..<offsets[k + 1]]), as: UTF8.self)
            }
        }
    }

    /// The code of `bytes[start..<end]`, a new one if it was not seen before.
    @inlinable @inline(__always)
    package mutating func code(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        guard let base = bytes.baseAddress else { return withUnsafePointer(to: UInt8(0)) { code($0, 0) } }
        return code(base + start, end - start)
    }

    /// The code of the `count` bytes at `bytes`, a new one if they were not seen before.
    @inlinable @inline(__always)
    package mutating func code(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<count { hash = (hash ^ UInt64(bytes[k])) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Self.slot(hash) & mask
        while slots[slot] >= 0 {
            let candidate = Int(slots[slot])
            if hashes[candidate] == hash && offsets[candidate + 1] - offsets[candidate] == count {
                let same = storage.withUnsafeBufferPointer { stored in
                    count == 0 || memcmp(stored.baseAddress! + offsets[candidate], bytes, count) == 0
                }
                if same { return Int32(candidate) }
            }
            slot = (slot + 1) & mask
        }
        let code = Int32(hashes.count)
        storage.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        offsets.append(storage.count)
        hashes.append(hash)
        slots[slot] = code
        if hashes.count * 2 > slots.count { grow() }
        return code
    }

    /// A hash's first slot: FNV-1a's low bits mixed with its high ones, so levels that differ in
    /// their last byte only (`a1`, `a2`, …) spread.
    @inlinable @inline(__always)
    static func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash ^ (hash >> 29)) }

    @usableFromInline
    mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Self.slot(hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
