import Synchronization
import TuskCore
import TuskML

/// Models loaded once and kept for the engine's life (a model commit never changes), and the
/// deployment each served batch was last routed on.
public final class ModelCache: Sendable {
    /// Each model with what binding it to a table reads of it, gathered once.
    private let models = Mutex<[ModelAddress: BoundScorer.Plan]>([:])
    private let served = Mutex<[DeploymentName: Deployment]>([:])

    public init() {}

    /// The deployment as the last batch served through it found it: the next batch is routed on
    /// it without a read of its own, and the log's transaction checks it is still current.
    func lastServed(_ name: DeploymentName) -> Deployment? {
        served.withLock { $0[name] }
    }

    func remember(served deployment: Deployment) {
        served.withLock { $0[deployment.name] = deployment }
    }

    func plan(for address: ModelAddress) -> BoundScorer.Plan? {
        models.withLock { $0[Self.key(address)] }
    }

    @discardableResult
    func insert(_ model: TrainedModel, for address: ModelAddress) -> BoundScorer.Plan {
        let plan = BoundScorer.Plan(model)
        models.withLock { $0[Self.key(address)] = plan }
        return plan
    }

    /// The commit and path identify the bytes; provenance is a description of them.
    private static func key(_ address: ModelAddress) -> ModelAddress {
        address.file
    }
}
