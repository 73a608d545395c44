import Foundation

/// A record an engine above the store keeps beside the data (a pipeline spec, a job, a
/// deployment): opaque bytes, usually JSON, under a collection and a key.
///
/// Documents are written in the same transaction as the commit they go with (see
/// ``Store/put(_:repo:branch:message:provenance:documents:)``), so a job's record and its
/// output commit appear together or not at all.
public struct Document: Sendable, Equatable {
    public let collection: String
    public let key: String
    public let value: Data

    public init(collection: String, key: String, value: Data) {
        self.collection = collection
        self.key = key
        self.value = value
    }
}
