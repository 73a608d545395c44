import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskServing

extension ModelAddress {
    /// `repo@<64 × digit>:path`, for fixtures; a malformed one fails the test that builds it.
    static func fixture(_ digit: Character, repo: String = "models", path: String = "/model.json") -> ModelAddress {
        let text = "\(repo)@\(String(repeating: digit, count: 64)):\(path)"
        do {
            return try ModelAddress(parsing: text)
        } catch {
            Issue.record("fixture address \(text): \(error)")
            return ModelAddress(repo: RepoName.fixture, commit: CommitID(hex: text), path: .root)
        }
    }
}

extension RepoName {
    /// A valid name, for a fixture that failed.
    static var fixture: RepoName {
        do { return try RepoName("fixture") } catch { preconditionFailure("'fixture' is a repo name") }
    }
}

/// A model address is typed once, where it is read: a release record that names a bad repo,
/// commit or path fails to decode at that field, and the JSON shape stays the one releases have.
@Suite struct ModelAddressTests {
    static let hex = String(repeating: "ab", count: 32)
    static let data = String(repeating: "c", count: 64)

    @Test func parsesAndPrintsTheFullForm() throws {
        let address = try ModelAddress(parsing: "models@\(Self.hex):/census/model.json")
        #expect(address.repo == (try RepoName("models")))
        #expect(address.commit == CommitID(hex: Self.hex))
        #expect(address.path == (try RepoPath("/census/model.json")))
        #expect(address.full == "models@\(Self.hex):/census/model.json")
        #expect(address.description == "models@abababababab:/census/model.json")
        #expect(try ModelAddress(parsing: address.full) == address)
    }

    @Test(arguments: [
        ("models", 6, "has no '@' after its repo"),
        ("models@\(String(repeating: "ab", count: 32))", 71, "has no ':' before its path"),
        ("my models@\(String(repeating: "ab", count: 32)):/m.json", 0, "repo"),
        ("models@abc:/m.json", 7, "is not a commit id"),
        ("models@\(String(repeating: "AB", count: 32)):/m.json", 7, "is not a commit id"),
        ("models@\(String(repeating: "ab", count: 32)):m.json", 72, "does not start with '/'"),
        ("models@\(String(repeating: "ab", count: 32)):/../m.json", 72, "climbs above the repo root"),
    ])
    func refusesMalformedAddressesAtThePartThatIsWrong(text: String, offset: Int, reason: String) {
        let error = #expect(throws: ModelAddress.AddressError.self) { try ModelAddress(parsing: text) }
        #expect(error?.offset == offset, "\(text)")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.description.contains("at character \(offset + 1)") == true)
    }

    @Test func roundTripsThroughTheRecordedShape() throws {
        let data = try RepoName("data")
        let address = ModelAddress(
            repo: try RepoName("models"), commit: CommitID(hex: Self.hex), path: try RepoPath("/model.json"),
            provenance: [CommitAddress(repo: data, id: CommitID(hex: Self.data))],
            trainingData: .stored(repo: data, commit: CommitID(hex: Self.data), path: try RepoPath("/train.csv")))
        let json = try JSONEncoder().encode(address)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        // The shape releases were always stored in: plain strings.
        #expect(object["repo"] as? String == "models")
        #expect(object["commit"] as? String == Self.hex)
        #expect(object["path"] as? String == "/model.json")
        #expect(object["provenance"] as? [String] == ["data@" + Self.data])
        #expect(object["trainingData"] as? String == "data@\(Self.data):/train.csv")
        #expect(try JSONDecoder().decode(ModelAddress.self, from: json) == address)

        let local = ModelAddress(
            repo: address.repo, commit: address.commit, path: address.path, trainingData: .local("data/train.csv"))
        let decoded = try JSONDecoder().decode(ModelAddress.self, from: try JSONEncoder().encode(local))
        #expect(decoded.trainingData == .local("data/train.csv"))
        #expect(decoded == local)
    }

    @Test(arguments: [
        ("repo", "\"no such repo!\""),
        ("commit", "\"3f2a\""),
        ("path", "\"/../x\""),
        ("provenance", "[\"data\"]"),
        ("provenance", "[\"data@xyz\"]"),
    ])
    func aMalformedRecordFailsAtItsField(field: String, value: String) throws {
        var fields = [
            "repo": "\"models\"", "commit": "\"\(Self.hex)\"", "path": "\"/model.json\"", "provenance": "[]",
        ]
        fields[field] = value
        let json =
            "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ModelAddress.self, from: Data(json.utf8))
        }
        guard case .dataCorrupted(let context)? = error else {
            Issue.record("not a data-corrupted error at a field: \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == [field])
    }

    /// A deployment whose release names a malformed model is a damaged record, named: never
    /// skipped, never served from a guess.
    @Test func aDeploymentRecordWithAMalformedModelIsNamed() throws {
        let store = try Store.inMemory()
        let registry = DeploymentRegistry(store: store)
        _ = try registry.create(try DeploymentName("production"))
        _ = try registry.change(try DeploymentName("production")) { deployment throws(ServingError) in
            try DeploymentPolicy.release(deployment, model: .fixture("1"))
        }
        let stored = try #require(try store.document(in: DeploymentRegistry.collection, key: "production"))
        let damaged = String(decoding: stored.value, as: UTF8.self).replacingOccurrences(
            of: String(repeating: "1", count: 64), with: "not-a-commit")
        try store.write(documents: [
            Document(collection: DeploymentRegistry.collection, key: "production", value: Data(damaged.utf8))
        ])
        let error = #expect(throws: ServingError.self) { try registry.named(try DeploymentName("production")) }
        guard case .store(let failure)? = error?.underlying else {
            Issue.record("not a store error: \(String(describing: error))")
            return
        }
        #expect(failure.kind == .corrupt)
        #expect(failure.message.contains("the deployment record 'production' is unreadable"), "\(failure.message)")
        #expect(failure.message.contains("commit") && failure.message.contains("not-a-commit"), "\(failure.message)")
    }
}
