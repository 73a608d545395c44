import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskServing

extension PredictorName {
    /// A predictor's name, for fixtures; a malformed one fails the test that builds it.
    static func fixture(_ text: String) -> PredictorName {
        do { return try PredictorName(text) } catch {
            Issue.record("fixture predictor \(text): \(error)")
            return .live
        }
    }
}

/// Predictor names are structured (`live`, `canary-N`, `shadow-N`): parsed once where typed or
/// read back, rendered once, and stored as the plain strings they always were.
@Suite struct PredictorNameTests {
    @Test(arguments: [
        ("live", PredictorName.Kind.live, 0), ("canary-1", .canary, 1), ("shadow-2", .shadow, 2),
        ("canary-10", .canary, 10),
    ])
    func parsesAndRendersTheSameText(text: String, kind: PredictorName.Kind, number: Int) throws {
        let name = try PredictorName(text)
        #expect(name.kind == kind && name.number == number)
        #expect(name.rawValue == text && name.description == text)
        #expect(try PredictorName(name.rawValue) == name)
    }

    @Test(arguments: [
        "", "Live", "canary", "canary-", "canary-0", "canary-01", "shadow-+1", "shadow-1a", "canary-1 ", "production",
        "shadow-" + String(repeating: "9", count: 19),
    ])
    func refusesAnythingElse(text: String) {
        let error = #expect(throws: NameError.self) { try PredictorName(text) }
        #expect(error?.message.contains("is not a predictor name (live, canary-N or shadow-N)") == true)
    }

    @Test func theRouterNumbersCanariesAndShadowsFromOne() throws {
        let one = ModelAddress.fixture("1"), two = ModelAddress.fixture("2"), three = ModelAddress.fixture("3")
        var d = Deployment(name: try DeploymentName("production"), seed: 7)
        d = try DeploymentPolicy.release(d, model: one)
        d = try DeploymentPolicy.canary(d, model: two, traffic: 10)
        d = try DeploymentPolicy.shadow(d, model: three)
        #expect(d.current?.predictors.map(\.name) == [.live, .fixture("canary-1"), .fixture("shadow-1")])
        #expect(d.current?.predictors.map(\.name.kind) == [.live, .canary, .shadow])
    }

    @Test func roundTripsAsAPlainJSONString() throws {
        let cause = Release.Cause.promote(predictor: .fixture("shadow-1"))
        let json = try JSONEncoder().encode(cause)
        #expect(String(decoding: json, as: UTF8.self) == #"{"promote":{"predictor":"shadow-1"}}"#)
        #expect(try JSONDecoder().decode(Release.Cause.self, from: json) == cause)
    }

    /// A release record that names a malformed predictor is a damaged record, named with its
    /// field, never served under a guess.
    @Test func aDeploymentRecordWithAMalformedPredictorIsNamed() throws {
        let store = try Store.inMemory()
        let registry = DeploymentRegistry(store: store)
        let production = try DeploymentName("production")
        _ = try registry.create(production)
        _ = try registry.change(production) { deployment throws(ServingError) in
            try DeploymentPolicy.shadow(
                try DeploymentPolicy.release(deployment, model: .fixture("1")), model: .fixture("2"))
        }
        let stored = try #require(try store.document(in: DeploymentRegistry.collection, key: "production"))
        let text = String(decoding: stored.value, as: UTF8.self)
        let damaged = text.replacingOccurrences(of: #""name":"shadow-1""#, with: #""name":"shadow-01""#)
        #expect(damaged != text)
        try store.write(documents: [
            Document(collection: DeploymentRegistry.collection, key: "production", value: Data(damaged.utf8))
        ])
        let error = #expect(throws: ServingError.self) { try registry.named(production) }
        guard case .store(let failure)? = error?.underlying else {
            Issue.record("not a store error: \(String(describing: error))")
            return
        }
        #expect(failure.kind == .corrupt)
        #expect(failure.message.contains("the deployment record 'production' is unreadable"), "\(failure.message)")
        #expect(
            failure.message.contains("'shadow-01' is not a predictor name") && failure.message.contains("predictors"),
            "\(failure.message)")
    }
}
