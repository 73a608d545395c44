import Foundation
import Synchronization
import TuskCore
import TuskStore

/// Deployments as the store keeps them: one document per deployment, its whole release history,
/// changed in one transaction by a rule of ``DeploymentPolicy`` so that a release another
/// process makes at the same time is never lost.
public struct DeploymentRegistry: Sendable {
    public static let collection = "deployment"
    let store: Store

    public init(store: Store) { self.store = store }

    /// A new deployment, with no release; its routing seed comes from its name unless given, so
    /// the same scenario splits traffic the same way everywhere.
    public func create(_ name: DeploymentName, seed: UInt64? = nil) throws(ServingError) -> Deployment {
        let deployment = Deployment(name: name, seed: seed ?? Router.hash(name.rawValue, 0))
        let encoded = try Self.encode(deployment)
        let created: Bool
        do throws(StoreError) {
            created = try store.update(collection: Self.collection, key: name.rawValue) { current in
                current == nil ? (encoded, true) : (nil, false)
            }
        } catch {
            throw .store(error)
        }
        guard created else { throw .deploymentExists(name) }
        return deployment
    }

    /// Every deployment, by name; a record that cannot be read back fails the whole call, naming
    /// it, rather than silently disappearing from the list.
    public func all() throws(ServingError) -> [Deployment] {
        let documents: [Document]
        do { documents = try store.documents(in: Self.collection) } catch { throw .store(error) }
        var deployments: [Deployment] = []
        for document in documents { deployments.append(try Self.decode(document.value, key: document.key)) }
        return deployments
    }

    /// The deployment named `name`.
    public func named(_ name: DeploymentName) throws(ServingError) -> Deployment {
        let document: Document?
        do { document = try store.document(in: Self.collection, key: name.rawValue) } catch { throw .store(error) }
        guard let document else { throw .noSuchDeployment(name, among: (try? all().map(\.name)) ?? []) }
        return try Self.decode(document.value, key: name.rawValue)
    }

    /// Applies `rule` to the deployment as the store holds it now and saves the result, in one
    /// transaction; a rule that throws changes nothing.
    @discardableResult
    public func change(_ name: DeploymentName, _ rule: (Deployment) throws(ServingError) -> Deployment)
        throws(ServingError) -> Deployment
    {
        var failure: ServingError?
        let changed: Deployment?
        do throws(StoreError) {
            changed = try store.update(collection: Self.collection, key: name.rawValue) {
                current -> (Data?, Deployment?) in
                guard let current else {
                    failure = .noSuchDeployment(name, among: [])
                    return (nil, nil)
                }
                do throws(ServingError) {
                    let next = try rule(try Self.decode(current, key: name.rawValue))
                    return (try Self.encode(next), next)
                } catch {
                    failure = error
                    return (nil, nil)
                }
            }
        } catch {
            throw .store(error)
        }
        if let failure {
            if failure.kind == .noSuchDeployment {
                throw .noSuchDeployment(name, among: (try? all().map(\.name)) ?? [])
            }
            throw failure
        }
        guard let changed else { throw .noSuchDeployment(name, among: []) }
        return changed
    }

    static func encode(_ deployment: Deployment) throws(ServingError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return try encoder.encode(deployment) } catch {
            throw .store(.unwritableRecord(collection, deployment.name.rawValue, reason: "\(error)"))
        }
    }

    /// The document keyed `key` read back; the last one decoded is kept, since a server
    /// reads the same document for every group of requests and decoding it costs more than
    /// comparing its bytes. A document that does not decode is a damaged store, named.
    static func decode(_ data: Data, key: String) throws(ServingError) -> Deployment {
        if let (bytes, deployment) = lastDecoded.withLock({ $0 }), bytes == data { return deployment }
        let deployment: Deployment
        do { deployment = try JSONDecoder().decode(Deployment.self, from: data) } catch {
            throw .store(.unreadableRecord(collection, key, reason: Self.reason(error)))
        }
        lastDecoded.withLock { $0 = (data, deployment) }
        return deployment
    }

    /// What a decoding error says, in one line.
    static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context)?, .keyNotFound(_, let context)?, .typeMismatch(_, let context)?,
            .valueNotFound(_, let context)?:
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "field '\(path)': ") + context.debugDescription
        default: return "\(error)"
        }
    }

    private static let lastDecoded = Mutex<(Data, Deployment)?>(nil)
}
