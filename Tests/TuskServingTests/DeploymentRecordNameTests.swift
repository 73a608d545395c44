import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskServing

/// A deployment's name is typed where its record is read back: a record whose name is no
/// deployment name is a damaged record, named with its field, never served under a guess; and
/// the record keeps the shape it always had, the name a plain string.
@Suite struct DeploymentRecordNameTests {
    @Test func theRecordKeepsThePlainStringName() throws {
        let store = try Store.inMemory()
        let registry = DeploymentRegistry(store: store)
        let created = try registry.create(try DeploymentName("production"), seed: 7)
        let stored = try #require(try store.document(in: DeploymentRegistry.collection, key: "production"))
        let object = try #require(try JSONSerialization.jsonObject(with: stored.value) as? [String: Any])
        #expect(object["name"] as? String == "production")
        #expect(try registry.named(try DeploymentName("production")) == created)
    }

    @Test func aRecordWithAMalformedNameIsNamed() throws {
        let store = try Store.inMemory()
        let registry = DeploymentRegistry(store: store)
        let production = try DeploymentName("production")
        _ = try registry.create(production, seed: 7)
        let stored = try #require(try store.document(in: DeploymentRegistry.collection, key: "production"))
        let damaged = String(decoding: stored.value, as: UTF8.self).replacingOccurrences(
            of: #""name":"production""#, with: #""name":"prod uction""#)
        #expect(damaged != String(decoding: stored.value, as: UTF8.self))
        try store.write(documents: [
            Document(collection: DeploymentRegistry.collection, key: "production", value: Data(damaged.utf8))
        ])
        let named = #expect(throws: ServingError.self) { try registry.named(production) }
        let listed = #expect(throws: ServingError.self) { try registry.all() }
        for error in [named, listed] {
            guard case .store(let failure)? = error?.underlying else {
                Issue.record("not a store error: \(String(describing: error))")
                continue
            }
            #expect(failure.kind == .corrupt)
            #expect(
                failure.message.contains(
                    "the deployment record 'production' is unreadable: field 'name': deployment name 'prod uction' "
                        + "contains ' '"), "\(failure.message)")
        }
    }
}
