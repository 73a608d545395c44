import Dispatch
import Hummingbird
import TuskServing

/// The HTTP routes, each turning a request into a call of the ``PredictionService`` and its
/// answer or failure into the protocol's JSON.
struct Routes: Sendable {
    let service: PredictionService
    let drift: DriftGauge
    let configuration: ServeConfiguration

    static let version = "0.1.0"

    enum API: String {
        case seldon, v2

        func body(_ served: ServedBatch) -> String {
            switch self {
            case .seldon: SeldonProtocol.response(served)
            case .v2: OpenInferenceProtocol.response(served)
            }
        }

        func error(_ failure: ServeFailure) -> String {
            switch self {
            case .seldon: SeldonProtocol.error(failure)
            case .v2: OpenInferenceProtocol.error(failure)
            }
        }
    }

    func router() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router(context: BasicRequestContext.self)
        let deployment = service.deployment
        router.post(RouterPath(SeldonProtocol.path)) { request, _ in
            await predict(request, api: .seldon)
        }
        router.post("/v2/models/:name/infer") { request, context in
            let name = context.parameters.get("name") ?? ""
            guard name == deployment else {
                let failure = ServeFailure.unknownModel(name, served: deployment)
                service.metrics.record(api: API.v2.rawValue, code: failure.status, seconds: nil)
                return Self.json(failure.status, API.v2.error(failure))
            }
            return await predict(request, api: .v2)
        }
        router.get("/v2/health/live") { _, _ in Response(status: .ok) }
        router.get("/v2/health/ready") { _, _ in
            // The protocol's health answers are a status alone: 200 for true, a 4xx for false.
            (try? service.current()) != nil ? Response(status: .ok) : Response(status: .badRequest)
        }
        router.get("/v2/models/:name/ready") { _, context in
            guard context.parameters.get("name") == deployment else { return Response(status: .notFound) }
            return (try? service.current()) != nil ? Response(status: .ok) : Response(status: .badRequest)
        }
        router.get("/v2/models/:name") { _, context in
            let name = context.parameters.get("name") ?? ""
            guard name == deployment else {
                let failure = ServeFailure.unknownModel(name, served: deployment)
                return Self.json(failure.status, API.v2.error(failure))
            }
            do throws(ServingError) {
                let live = try service.current()
                return Self.json(
                    200,
                    OpenInferenceProtocol.metadata(
                        deployment: deployment, release: live.release.number, schema: live.schema))
            } catch {
                let failure = ServeFailure.serving(error)
                return Self.json(failure.status, API.v2.error(failure))
            }
        }
        router.get("/v2") { _, _ in Self.json(200, OpenInferenceProtocol.server(version: Self.version)) }
        router.get("/metrics") { _, _ in
            let figures = await drift.figures()
            let text = service.metrics.exposition(drift: figures, driftInterval: configuration.driftInterval)
            return Response(
                status: .ok, headers: [.contentType: PrometheusText.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// Reads the body (at most `--max-body` bytes), has the router answer it, and writes the answer
    /// or the failure in the protocol's shape.
    private func predict(_ request: Request, api: API) async -> Response {
        let receivedAt = DispatchTime.now().uptimeNanoseconds
        let outcome: Result<ServedBatch, ServeFailure>
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > configuration.maxBody {
            outcome = .failure(.tooLarge(limit: configuration.maxBody))
        } else {
            do {
                let body = try await request.body.collect(upTo: configuration.maxBody)
                if let text = body.withUnsafeReadableBytes({ String(validating: $0, as: UTF8.self) }) {
                    outcome = await service.predict(text, receivedAt: receivedAt)
                } else {
                    outcome = .failure(.notUTF8)
                }
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                outcome = .failure(.tooLarge(limit: configuration.maxBody))
            } catch {
                outcome = .failure(
                    ServeFailure(
                        status: 400, reason: "MALFORMED_PAYLOAD", message: "cannot read the request body: \(error)"))
            }
        }
        switch outcome {
        case .success(let served):
            let response = Self.json(200, api.body(served))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - receivedAt) / 1e9
            service.metrics.record(api: api.rawValue, code: 200, seconds: seconds)
            return response
        case .failure(let failure):
            service.metrics.record(api: api.rawValue, code: failure.status, seconds: nil)
            return Self.json(failure.status, api.error(failure))
        }
    }

    static func json(_ status: Int, _ text: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
