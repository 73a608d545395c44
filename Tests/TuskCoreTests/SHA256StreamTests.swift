import Testing

@testable import TuskCore

/// SHA-256 on the processor's SHA instructions and in portable Swift: FIPS 180-4's examples, and
/// the two paths agree on every length and split.
@Suite struct SHA256StreamTests {
    static func digest(_ bytes: [UInt8], hardware: Bool, pieces: Int = 1) -> String {
        var stream = SHA256Stream(hardware: hardware)
        let size = max(1, bytes.count / pieces)
        var offset = 0
        while offset < bytes.count {
            stream.update(bytes[offset..<min(bytes.count, offset + size)])
            offset += size
        }
        return stream.finalized().hex
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func knownDigests(text: String, hex: String) {
        #expect(Self.digest(Array(text.utf8), hardware: true) == hex)
        #expect(Self.digest(Array(text.utf8), hardware: false) == hex)
        #expect(ContentHash(ofText: text).hex == hex)
    }

    @Test func aMillionAs() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let hex = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(Self.digest(bytes, hardware: true, pieces: 7) == hex)
        #expect(Self.digest(bytes, hardware: false, pieces: 3) == hex)
        #expect(ContentHash(of: bytes).hex == hex)
    }

    @Test func bothPathsAgreeOnEveryLengthAndSplit() {
        var state: UInt32 = 7
        let bytes = (0..<2_000).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        for length in 0...300 {
            let prefix = Array(bytes[..<length])
            #expect(Self.digest(prefix, hardware: true, pieces: 3) == Self.digest(prefix, hardware: false))
        }
        #expect(Self.digest(bytes, hardware: true, pieces: 5) == Self.digest(bytes, hardware: false, pieces: 2))
        // A saved state resumes on either path.
        var first = SHA256Stream(hardware: true)
        first.update(bytes[..<1_000])
        var resumed = SHA256Stream(resuming: SHA256Stream.Saved(first.saved.bytes)!)
        resumed.update(bytes[Int(first.saved.count)...])
        #expect(resumed.finalized().hex == Self.digest(bytes, hardware: false))
    }
}
