import Foundation
import Testing
import TuskCore

/// Deployment names: ``NameRule`` at its word strictness, checked where they are typed and where
/// they are read back, and stored as the plain strings they always were.
@Suite struct DeploymentNameTests {
    @Test(arguments: ["production", "p", "canary_2", "Prod-EU-1", "a" + String(repeating: "b", count: 62)])
    func acceptsWordsOfLettersDigitsDashesAndUnderscores(text: String) throws {
        let name = try DeploymentName(text)
        #expect(name.rawValue == text)
        #expect(name.description == text)
        #expect(DeploymentName.isWord(text))
    }

    @Test(arguments: [
        ("", "deployment name is empty"),
        ("9lives", "deployment name '9lives' must start with a letter"),
        ("-prod", "deployment name '-prod' must start with a letter"),
        ("model.json", "deployment name 'model.json' contains '.'; use letters, digits, '_' or '-'"),
        ("models@master", "deployment name 'models@master' contains '@'; use letters, digits, '_' or '-'"),
        ("prod uction", "deployment name 'prod uction' contains ' '; use letters, digits, '_' or '-'"),
        ("prodé", "deployment name 'prodé' contains 'é'; use letters, digits, '_' or '-'"),
        ("a" + String(repeating: "b", count: 63), "is longer than 63 characters (64 bytes)"),
    ])
    func refusesWhatIsNotAWordSayingWhy(text: String, reason: String) {
        let error = #expect(throws: NameError.self) { try DeploymentName(text) }
        #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
    }

    /// `predict WORD` takes a word made like a deployment name for one, even a long one (refused
    /// then as too long), and anything else for a model file or address.
    @Test func aWordIsADeploymentWhateverItsLength() {
        #expect(DeploymentName.isWord("a" + String(repeating: "b", count: 80)))
        #expect(!DeploymentName.isWord("model.json"))
        #expect(!DeploymentName.isWord("models@master"))
        #expect(!DeploymentName.isWord(""))
    }

    /// Other names keep the standard rule: dots and a leading digit are fine there.
    @Test func repoNamesKeepTheStandardRule() throws {
        #expect(try RepoName("9lives.v2").rawValue == "9lives.v2")
        #expect(NameRule.problem(with: "9lives.v2", kind: "deployment", .word) != nil)
    }

    @Test func roundTripsAsAPlainJSONString() throws {
        let name = try DeploymentName("production")
        let json = try JSONEncoder().encode(["deployment": name])
        #expect(String(decoding: json, as: UTF8.self) == #"{"deployment":"production"}"#)
        #expect(try JSONDecoder().decode([String: DeploymentName].self, from: json) == ["deployment": name])
    }

    /// A malformed stored name fails as data corrupted at its field, so whoever reads the record
    /// can name it and the field.
    @Test func aMalformedStoredNameFailsAtItsField() throws {
        struct Record: Decodable { let name: DeploymentName }
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Record.self, from: Data(#"{"name": "no such name!"}"#.utf8))
        }
        guard case .dataCorrupted(let context)? = error else {
            Issue.record("not a data-corrupted error: \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["name"])
        #expect(context.debugDescription.contains("deployment name 'no such name!' contains ' '"))
    }
}
