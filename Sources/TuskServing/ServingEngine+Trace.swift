import TuskCore
import TuskStore

/// One served request with what answered it: the first links of `why`'s chain. The rest (the
/// model commit's job, pipeline and data) is the store's and the pipelines' lineage.
public struct RequestTrace: Sendable {
    public let request: LoggedRequest
    public let release: Release
    public let predictor: Predictor
    /// Every predictor's probability of the positive class, the answering one first.
    public let answers: [(predictor: PredictorName, probability: Double)]
}

extension ServingEngine {
    /// Every time request `id` was served, latest first.
    public func trace(_ name: DeploymentName, request id: String) throws(ServingError) -> [RequestTrace] {
        let deployment = try registry.named(name)
        let requests: [LoggedRequest]
        do { requests = try workspace.store.loggedRequests(deployment: name, id: id) } catch { throw .store(error) }
        guard !requests.isEmpty else { throw .noSuchRequest(id, name) }
        var traces: [RequestTrace] = []
        for request in requests.reversed() {
            let answers = try request.answers.map { answer throws(ServingError) in
                (try PredictorName.logged(answer.predictor, of: name), answer.probability)
            }
            guard let release = deployment.release(request.release), let answering = answers.first?.0,
                let predictor = release.predictors.first(where: { $0.name == answering })
            else { continue }
            traces.append(RequestTrace(request: request, release: release, predictor: predictor, answers: answers))
        }
        return traces
    }

    /// Attaches labels that arrived later; returns how many match a served request.
    public func feedback(_ name: DeploymentName, labels: [(requestID: String, label: String)]) throws(ServingError)
        -> Int
    {
        _ = try registry.named(name)
        do { return try workspace.store.attachLabels(deployment: name, labels) } catch { throw .store(error) }
    }
}
