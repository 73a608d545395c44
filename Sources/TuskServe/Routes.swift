import Dispatch
import Hummingbird
import TuskServing

/// The HTTP routes, each turning a request into a call of the ``PredictionService`` and its
/// answer or failure into the protocol's JSON.
///
/// Every route is declared once, in ``table``: the router is built from it, and the
/// ``ProtocolErrors`` middleware reads it to answer a known path with the wrong method 405 (with
/// `Allow`) and an unknown path 404, each with a JSON body in the protocol's error shape.
struct Routes: Sendable {
    let service: PredictionService
    let drift: DriftGauge
    let configuration: ServeConfiguration

    static let version = "0.1.0"

    /// The header that gives the length of an Open Inference request's (or answer's) JSON when
    /// binary tensor data follows it.
    /// (`HTTPFields.Element` is swift-http-types' `HTTPField`, which Hummingbird does not re-export.)
    static let inferenceHeaderLength = HTTPFields.Element.Name("Inference-Header-Content-Length")!

    enum API: String {
        case seldon, v2

        func error(_ failure: ServeFailure) -> String {
            switch self {
            case .seldon: SeldonProtocol.error(failure)
            case .v2: OpenInferenceProtocol.error(failure)
            }
        }

        /// Seldon's paths (`/api/…`, `/seldon/…`) answer in Seldon's shape; the rest in V2's.
        static func serving(_ path: String) -> API {
            path.hasPrefix("/api/") || path.hasPrefix("/seldon/") ? .seldon : .v2
        }
    }

    /// One route: its method, its path (`:name` matches one segment) and what answers it.
    struct Route: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let handler: @Sendable (Request, BasicRequestContext) async -> Response
    }

    /// Every route `tusk serve` answers. Seldon's gateways (ambassador, istio) put a deployment's
    /// API under `/seldon/NAMESPACE/DEPLOYMENT/`, and SeldonClient under `/seldon/DEPLOYMENT/` when
    /// it has no namespace; tusk has no namespaces, so any one names the deployment served.
    var table: [Route] {
        var routes: [Route] = []
        for prefix in ["", "/seldon/:deployment", "/seldon/:namespace/:deployment"] {
            routes.append(
                Route(method: .post, path: prefix + SeldonProtocol.path) { request, context in
                    if let failure = seldonDeployment(context) { return failed(failure, api: .seldon, counted: true) }
                    return await predict(request, api: .seldon, version: nil)
                })
            routes.append(
                Route(method: .post, path: prefix + SeldonProtocol.feedbackPath) { request, context in
                    if let failure = seldonDeployment(context) { return failed(failure, api: .seldon, counted: false) }
                    return await feedback(request)
                })
        }
        for versioned in [false, true] {
            let base = "/v2/models/:name" + (versioned ? "/versions/:version" : "")
            routes.append(
                Route(method: .post, path: base + "/infer") { request, context in
                    switch model(context) {
                    case .failure(let failure): return failed(failure, api: .v2, counted: true)
                    case .success(let version): return await predict(request, api: .v2, version: version)
                    }
                })
            routes.append(
                Route(method: .get, path: base) { _, context in
                    if case .failure(let failure) = model(context) { return failed(failure, api: .v2, counted: false) }
                    do throws(ServingError) {
                        let live = try service.current()
                        if let failure = liveVersion(context, live: live.release.number) {
                            return failed(failure, api: .v2, counted: false)
                        }
                        return Self.json(
                            200,
                            OpenInferenceProtocol.metadata(
                                deployment: service.deployment, release: live.release.number, schema: live.schema))
                    } catch {
                        return failed(.serving(error), api: .v2, counted: false)
                    }
                })
            routes.append(
                Route(method: .get, path: base + "/ready") { _, context in
                    if case .failure(let failure) = model(context) { return failed(failure, api: .v2, counted: false) }
                    return ready(context)
                })
        }
        routes.append(Route(method: .get, path: "/v2/health/live") { _, _ in Response(status: .ok) })
        routes.append(Route(method: .get, path: "/v2/health/ready") { _, context in ready(context) })
        routes.append(
            Route(method: .get, path: "/v2") { _, _ in
                Self.json(200, OpenInferenceProtocol.server(version: Self.version))
            }
        )
        routes.append(
            Route(method: .get, path: "/metrics") { _, _ in
                let figures = await drift.figures()
                let text = service.metrics.exposition(drift: figures, driftInterval: configuration.driftInterval)
                return Response(
                    status: .ok, headers: [.contentType: PrometheusText.contentType],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            })
        return routes
    }

    func router() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router(context: BasicRequestContext.self)
        let routes = table
        router.add(middleware: ProtocolErrors(routes: routes.map { ($0.method, $0.path) }))
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await route.handler(request, context)
            }
        }
        return router
    }

    // MARK: Names in the path

    /// A Seldon path's deployment, when it names one: it must be the one served.
    private func seldonDeployment(_ context: BasicRequestContext) -> ServeFailure? {
        guard let name = context.parameters.get("deployment"), name != service.deployment.rawValue else { return nil }
        return .unknownModel(name, served: service.deployment)
    }

    /// The model a V2 path names (the deployment) and the version it asks for, if any.
    private func model(_ context: BasicRequestContext) -> Result<Int?, ServeFailure> {
        let name = context.parameters.get("name") ?? ""
        guard name == service.deployment.rawValue else {
            return .failure(.unknownModel(name, served: service.deployment))
        }
        guard let text = context.parameters.get("version") else { return .success(nil) }
        guard let version = Int(text), version > 0 else {
            return .failure(
                ServeFailure(
                    status: 404, reason: "NOT_FOUND",
                    message: "'\(text)' is not a version of model '\(service.deployment)' (its versions are release "
                        + "numbers; GET /v2/models/\(service.deployment) lists them)"))
        }
        return .success(version)
    }

    /// Nil when the path asks for no version or for the live one.
    private func liveVersion(_ context: BasicRequestContext, live: Int) -> ServeFailure? {
        guard case .success(let version?) = model(context), version != live else { return nil }
        return .unknownVersion(version, model: service.deployment, live: live)
    }

    /// The protocol's health answer: 200 when a model is released (and the version asked for is
    /// live), else a 4xx whose body says why.
    private func ready(_ context: BasicRequestContext) -> Response {
        do throws(ServingError) {
            let live = try service.current()
            if let failure = liveVersion(context, live: live.release.number) {
                return failed(failure, api: .v2, counted: false)
            }
            return Response(status: .ok)
        } catch {
            // Not ready is a 4xx in the protocol (400 as Triton and MLServer answer), not 503.
            let failure = ServeFailure.serving(error)
            return failed(
                ServeFailure(
                    status: failure.status == 503 ? 400 : failure.status, reason: failure.reason,
                    message: failure.message),
                api: .v2, counted: false)
        }
    }

    private func failed(_ failure: ServeFailure, api: API, counted: Bool) -> Response {
        if counted { service.metrics.record(api: api.rawValue, code: failure.status, seconds: nil) }
        return Self.json(failure.status, api.error(failure))
    }

    // MARK: Predictions

    /// Reads the body (at most `--max-body` bytes), has the router answer it, and writes the answer
    /// or the failure in the protocol's shape.
    private func predict(_ request: Request, api: API, version: Int?) async -> Response {
        let receivedAt = DispatchTime.now().uptimeNanoseconds
        var outputs = RequestedOutputs.all
        let outcome: Result<PredictionService.Served, ServeFailure>
        switch await body(request) {
        case .failure(let failure):
            outcome = .failure(failure)
        case .success(let bytes):
            switch split(bytes, request: request, api: api) {
            case .failure(let failure):
                outcome = .failure(failure)
            case .success(let (json, binary)):
                if let text = String(validating: json, as: UTF8.self) {
                    do throws(ServeFailure) {
                        if api == .v2 { outputs = try RequestedOutputs.read(json) }
                        outcome = await service.predict(text, binary: binary, version: version, receivedAt: receivedAt)
                    } catch {
                        outcome = .failure(error)
                    }
                } else {
                    outcome = .failure(.notUTF8)
                }
            }
        }
        switch outcome {
        case .success(let served):
            let response: Response
            switch api {
            case .seldon:
                response = Self.json(200, SeldonProtocol.response(served.batch, layout: served.layout))
            case .v2:
                let answer = OpenInferenceProtocol.response(served.batch, outputs: outputs)
                response = Self.inference(answer)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - receivedAt) / 1e9
            service.metrics.record(api: api.rawValue, code: 200, seconds: seconds)
            return response
        case .failure(let failure):
            return failed(failure, api: api, counted: true)
        }
    }

    /// The request's body, refused with 413 over `--max-body` (by its declared length, before
    /// reading it, or as it is read) and 415 when compressed.
    private func body(_ request: Request) async -> Result<[UInt8], ServeFailure> {
        if let encoding = request.headers[.contentEncoding], encoding.lowercased() != "identity" {
            return .failure(
                ServeFailure(
                    status: 415, reason: "UNSUPPORTED_ENCODING",
                    message: "Content-Encoding '\(encoding)' is not supported (send the body uncompressed)"))
        }
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > configuration.maxBody {
            return .failure(.tooLarge(limit: configuration.maxBody))
        }
        do {
            var buffer = try await request.body.collect(upTo: configuration.maxBody)
            return .success(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return .failure(.tooLarge(limit: configuration.maxBody))
        } catch {
            return .failure(
                ServeFailure(
                    status: 400, reason: "MALFORMED_PAYLOAD", message: "cannot read the request body: \(error)"))
        }
    }

    /// The JSON and the binary tensor data after it, as `Inference-Header-Content-Length` splits
    /// them (Open Inference's binary tensor extension); Seldon has no binary data.
    private func split(_ body: [UInt8], request: Request, api: API) -> Result<([UInt8], [UInt8]), ServeFailure> {
        guard let header = request.headers[Self.inferenceHeaderLength] else { return .success((body, [])) }
        guard api == .v2 else {
            return .failure(
                ServeFailure(
                    status: 400, reason: "MALFORMED_PAYLOAD",
                    message: "Inference-Header-Content-Length is Open Inference's; a Seldon request is JSON only "
                        + "(send it to /v2/models/\(service.deployment)/infer, or without the header)"))
        }
        guard let length = Int(header), length >= 0, length <= body.count else {
            return .failure(
                ServeFailure(
                    status: 400, reason: "MALFORMED_PAYLOAD",
                    message:
                        "Inference-Header-Content-Length is '\(header)', not a length within the \(body.count)-byte "
                        + "body (give the JSON's length in bytes)"))
        }
        return .success((Array(body[..<length]), Array(body[length...])))
    }

    // MARK: Feedback

    /// `POST /api/v1.0/feedback`: the truth's labels into the request log, as `feedback` puts them.
    private func feedback(_ request: Request) async -> Response {
        switch await body(request) {
        case .failure(let failure):
            return failed(failure, api: .seldon, counted: false)
        case .success(let bytes):
            let service = self.service
            let result: Result<(Int, Int, Double), ServeFailure> = await Self.offload {
                do throws(ServeFailure) {
                    let feedback = try SeldonFeedback.read(bytes, classes: try service.classes())
                    let matched = try service.feedback(feedback.labels)
                    return .success((feedback.labels.count, matched, feedback.reward))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let (labels, matched, reward)):
                service.metrics.recordFeedback(labels: labels, reward: reward)
                return Self.json(200, SeldonProtocol.feedbackResponse(labels: labels, matched: matched))
            case .failure(let failure):
                return failed(failure, api: .seldon, counted: false)
            }
        }
    }

    /// Runs blocking work (a store write) on a Dispatch thread, off Swift's cooperative pool.
    private static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    // MARK: Responses

    static func json(_ status: Int, _ text: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An Open Inference answer: JSON alone, or JSON then binary data with the JSON's length in
    /// `Inference-Header-Content-Length`.
    static func inference(_ answer: OpenInferenceProtocol.Answer) -> Response {
        guard answer.isBinary else {
            return json(200, answer.json)
        }
        var buffer = ByteBuffer(string: answer.json)
        buffer.writeBytes(answer.binary)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream", inferenceHeaderLength: String(answer.json.utf8.count),
            ],
            body: ResponseBody(byteBuffer: buffer))
    }
}
