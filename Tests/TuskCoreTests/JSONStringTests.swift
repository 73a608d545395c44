import Foundation
import Testing
import TuskCore

/// The one JSON string escaper: exact bytes for the cases that matter, and every string reads
/// back as itself through Foundation's JSON parser.
@Suite struct JSONStringTests {
    @Test(arguments: [
        ("", #""""#),
        ("plain words, 42", #""plain words, 42""#),
        (#"say "hi" \o/"#, #""say \"hi\" \\o/""#),
        ("\n\r\t", #""\n\r\t""#),
        ("\r\n", #""\r\n""#),
        ("\u{0}\u{1}\u{8}\u{C}\u{1B}\u{1F}", #""\u0000\u0001\u0008\u000c\u001b\u001f""#),
        ("\u{7F}\u{80}\u{9F}", "\"\u{7F}\u{80}\u{9F}\""),
        ("é e\u{301} 😀 \u{2028}\u{2029} ﷽", "\"é e\u{301} 😀 \u{2028}\u{2029} ﷽\""),
    ])
    func escapesWhatJSONRequires(_ text: String, _ expected: String) {
        let quoted = JSONString.quoted(text)
        // Scalar by scalar: a combining mark stays where it was, not composed.
        #expect(Array(quoted.unicodeScalars) == Array(expected.unicodeScalars), "\(quoted)")
    }

    @Test func appendsToWhatIsThere() {
        var out = "{\"k\":"
        JSONString.append("a\"b", to: &out)
        JSONString.append("plain", to: &out)
        #expect(out == #"{"k":"a\"b""plain""#)
    }

    /// Every ASCII character, alone and among others, and some of the rest of Unicode, read back
    /// by JSONSerialization as the same scalars.
    @Test func everyStringReadsBackAsItself() throws {
        var texts = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        texts.append(String((0..<0x80).map { Character(UnicodeScalar(UInt8($0))) }))
        // (Not a byte-order mark first: Foundation drops a leading one while decoding.)
        texts += ["é", "e\u{301}", "😀", "x\u{FEFF}y", "\u{10FFFF}", "日本語 \"quoted\"\n\\"]
        for text in texts {
            let data = Data(("[" + JSONString.quoted(text) + "]").utf8)
            let decoded = try #require(try JSONSerialization.jsonObject(with: data) as? [String])
            #expect(decoded.count == 1 && Array(decoded[0].unicodeScalars) == Array(text.unicodeScalars), "\(text)")
        }
    }
}
