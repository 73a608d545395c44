import Dispatch
import NIOCore
import NIOHTTP1
import TuskServing

/// The HTTP routes, each turning a request into a call of the ``PredictionService`` and its
/// answer or failure into the protocol's JSON.
///
/// Every route is declared once, in ``table``; ``respond(_:_:)`` finds the one a request names,
/// and answers a known path with the wrong method 405 (with `Allow`) and an unknown path 404,
/// each with a JSON body in the protocol's error shape.
struct Routes: Sendable {
    let service: PredictionService
    let drift: DriftGauge
    let configuration: ServeConfiguration
    /// The table, each route's path split into segments once.
    private var routes: [(route: Route, segments: [Substring])]
    /// The routes whose paths have no `:name` segment, by path: most requests are found here
    /// without splitting their path.
    private var exact: [String: [Route]]

    static let version = "0.1.0"

    /// The header that gives the length of an Open Inference request's (or answer's) JSON when
    /// binary tensor data follows it.
    static let inferenceHeaderLength = "Inference-Header-Content-Length"

    init(service: PredictionService, drift: DriftGauge, configuration: ServeConfiguration) {
        self.service = service
        self.drift = drift
        self.configuration = configuration
        routes = []
        exact = [:]
        let table = self.table
        routes = table.map { ($0, $0.path.split(separator: "/")) }
        exact = Dictionary(grouping: table.filter { !$0.path.contains(":") }, by: \.path)
    }

    enum API: String {
        case seldon, v2

        func error(_ failure: ServeFailure) -> String {
            switch self {
            case .seldon: SeldonProtocol.error(failure)
            case .v2: OpenInferenceProtocol.error(failure)
            }
        }

        /// Seldon's paths (`/api/…`, `/seldon/…`) answer in Seldon's shape; the rest in V2's.
        static func serving(_ path: some StringProtocol) -> API {
            path.hasPrefix("/api/") || path.hasPrefix("/seldon/") ? .seldon : .v2
        }
    }

    /// One route: its method, its path (`:name` matches one segment) and what answers it, at
    /// once or later through the reply.
    struct Route: Sendable {
        let method: HTTPMethod
        let path: String
        let handler: @Sendable (ServerRequest, Reply) -> Void

        /// A route answered on the connection's thread, without waiting.
        init(_ method: HTTPMethod, _ path: String, _ answer: @escaping @Sendable (ServerRequest) -> ServerResponse) {
            self.method = method
            self.path = path
            handler = { request, reply in reply(answer(request)) }
        }

        /// A route whose answer waits for something (a group's commit, a drift computation).
        init(_ method: HTTPMethod, _ path: String, replying: @escaping @Sendable (ServerRequest, Reply) -> Void) {
            self.method = method
            self.path = path
            handler = replying
        }
    }

    /// Every route `tusk serve` answers. Seldon's gateways (ambassador, istio) put a deployment's
    /// API under `/seldon/NAMESPACE/DEPLOYMENT/`, and SeldonClient under `/seldon/DEPLOYMENT/` when
    /// it has no namespace; tusk has no namespaces, so any one names the deployment served.
    var table: [Route] {
        var routes: [Route] = []
        for prefix in ["", "/seldon/:deployment", "/seldon/:namespace/:deployment"] {
            routes.append(
                Route(.POST, prefix + SeldonProtocol.path) { request, reply in
                    if let failure = seldonDeployment(request) {
                        return reply(failed(failure, api: .seldon, counted: true))
                    }
                    predict(request, api: .seldon, version: nil, reply: reply)
                })
            routes.append(
                Route(.POST, prefix + SeldonProtocol.feedbackPath) { request, reply in
                    if let failure = seldonDeployment(request) {
                        return reply(failed(failure, api: .seldon, counted: false))
                    }
                    feedback(request, reply: reply)
                })
        }
        for versioned in [false, true] {
            let base = "/v2/models/:name" + (versioned ? "/versions/:version" : "")
            routes.append(
                Route(.POST, base + "/infer") { request, reply in
                    switch model(request) {
                    case .failure(let failure): reply(failed(failure, api: .v2, counted: true))
                    case .success(let version): predict(request, api: .v2, version: version, reply: reply)
                    }
                })
            routes.append(
                Route(.GET, base) { request in
                    if case .failure(let failure) = model(request) { return failed(failure, api: .v2, counted: false) }
                    do throws(ServingError) {
                        let live = try service.current()
                        if let failure = liveVersion(request, live: live.release.number) {
                            return failed(failure, api: .v2, counted: false)
                        }
                        return .json(
                            200,
                            OpenInferenceProtocol.metadata(
                                deployment: service.deployment, release: live.release.number, schema: live.schema))
                    } catch {
                        return failed(.serving(error), api: .v2, counted: false)
                    }
                })
            routes.append(
                Route(.GET, base + "/ready") { request in
                    if case .failure(let failure) = model(request) { return failed(failure, api: .v2, counted: false) }
                    return ready(request)
                })
        }
        routes.append(Route(.GET, "/v2/health/live") { _ in ServerResponse(status: 200) })
        routes.append(Route(.GET, "/v2/health/ready") { request in ready(request) })
        routes.append(Route(.GET, "/v2") { _ in .json(200, OpenInferenceProtocol.server(version: Self.version)) })
        routes.append(
            Route(.GET, "/metrics") { _, reply in
                let (drift, service, interval) = (self.drift, self.service, configuration.driftInterval)
                Task {
                    let figures = await drift.figures()
                    let text = service.metrics.exposition(drift: figures, driftInterval: interval)
                    reply(
                        ServerResponse(
                            status: 200, headers: [("Content-Type", PrometheusText.contentType)],
                            body: ByteBuffer(string: text)))
                }
            })
        return routes
    }

    /// Answers `request` by the route its method and path name; a known path with another method
    /// is 405 with `Allow`, an unknown path 404, each in the protocol's error shape.
    func respond(_ request: ServerRequest, _ reply: Reply) {
        if let route = exact[request.path]?.first(where: { Self.answers($0.method, request.method) }) {
            return route.handler(request, reply)
        }
        let segments = request.path.split(separator: "/")
        var allowed: [String] = []
        for (route, pattern) in routes where pattern.count == segments.count {
            var parameters: [Substring: Substring] = [:]
            let matches = zip(pattern, segments).allSatisfy { expected, given in
                guard expected.first == ":" else { return expected == given }
                parameters[expected.dropFirst()] = given
                return true
            }
            guard matches else { continue }
            guard Self.answers(route.method, request.method) else {
                allowed.append(route.method.rawValue)
                continue
            }
            var request = request
            request.parameters = parameters
            return route.handler(request, reply)
        }
        let api = API.serving(request.path)
        let method = request.method.rawValue
        guard !allowed.isEmpty else {
            return reply(.json(404, api.error(.unknownRoute(method, request.path))))
        }
        let allow = Array(Set(allowed)).sorted()
        var response = ServerResponse.json(405, api.error(.methodNotAllowed(method, request.path, allowed: allow)))
        response.headers.append(("Allow", allow.joined(separator: ", ")))
        reply(response)
    }

    /// Whether a route declared for `declared` answers `method`: HEAD is GET without the body (the
    /// connection leaves it out).
    private static func answers(_ declared: HTTPMethod, _ method: HTTPMethod) -> Bool {
        declared == method || (declared == .GET && method == .HEAD)
    }

    /// A request refused before it was read whole (a body over `--max-body`, the server stopping),
    /// in the protocol of `path`.
    func refuse(_ failure: ServeFailure, path: Substring) -> ServerResponse {
        failed(failure, api: API.serving(path), counted: Self.predicts(path))
    }

    /// Bytes that are not an HTTP request, in V2's error shape (there is no path to tell by),
    /// saying what NIO's parser found in words a client's author can act on.
    func malformed(_ error: HTTPParserError) -> ServerResponse {
        let failure: ServeFailure
        switch error {
        case .headerOverflow:
            failure = ServeFailure(
                status: 431, reason: "HEADERS_TOO_LARGE",
                message: "the request's headers are larger than 80 KiB (send fewer or shorter headers)")
        case .invalidMethod:
            failure = ServeFailure(
                status: 501, reason: "NOT_IMPLEMENTED",
                message: "the request's method is not an HTTP method (tusk serve answers GET, HEAD and POST)")
        case .invalidContentLength, .unexpectedContentLength:
            failure = notHTTP("its Content-Length is not one length in bytes, or comes with Transfer-Encoding")
        case .invalidChunkSize, .strictModeAssertion:
            failure = notHTTP("its chunked body is malformed")
        case .paused:
            // The parser pauses at the HTTP/2 preface (`PRI * HTTP/2.0`).
            failure = notHTTP("it looks like HTTP/2, and tusk serve speaks HTTP/1.1")
        case .unknown:
            failure = notHTTP("its bytes do not frame a request")
        default:
            failure = notHTTP("\(error)")
        }
        return .json(failure.status, API.v2.error(failure))
    }

    private func notHTTP(_ what: String) -> ServeFailure {
        ServeFailure(
            status: 400, reason: "BAD_REQUEST",
            message: "the request is not HTTP/1.1: \(what) (send a request line, headers, and a body of the length "
                + "Content-Length gives, or chunked)")
    }

    /// Whether `path` is a prediction route's (whose refusals `/metrics` counts).
    private static func predicts(_ path: Substring) -> Bool {
        path.hasSuffix("/infer") || path.hasSuffix(SeldonProtocol.path)
    }

    // MARK: Names in the path

    /// A Seldon path's deployment, when it names one: it must be the one served.
    private func seldonDeployment(_ request: ServerRequest) -> ServeFailure? {
        guard let name = request.parameter("deployment"), name != service.deployment.rawValue else { return nil }
        return .unknownModel(name, served: service.deployment)
    }

    /// The model a V2 path names (the deployment) and the version it asks for, if any.
    private func model(_ request: ServerRequest) -> Result<Int?, ServeFailure> {
        let name = request.parameter("name") ?? ""
        guard name == service.deployment.rawValue else {
            return .failure(.unknownModel(name, served: service.deployment))
        }
        guard let text = request.parameter("version") else { return .success(nil) }
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
    private func liveVersion(_ request: ServerRequest, live: Int) -> ServeFailure? {
        guard case .success(let version?) = model(request), version != live else { return nil }
        return .unknownVersion(version, model: service.deployment, live: live)
    }

    /// The protocol's health answer: 200 when a model is released (and the version asked for is
    /// live), else a 4xx whose body says why.
    private func ready(_ request: ServerRequest) -> ServerResponse {
        do throws(ServingError) {
            let live = try service.current()
            if let failure = liveVersion(request, live: live.release.number) {
                return failed(failure, api: .v2, counted: false)
            }
            return ServerResponse(status: 200)
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

    private func failed(_ failure: ServeFailure, api: API, counted: Bool) -> ServerResponse {
        if counted { service.metrics.record(api: api.rawValue, code: failure.status, seconds: nil) }
        return .json(failure.status, api.error(failure))
    }

    // MARK: Predictions

    /// Reads the body, has the router answer it in its group, and replies with the answer or the
    /// failure in the protocol's shape. The answer is written on the connection's thread: the
    /// group's thread only hands it over.
    private func predict(_ request: ServerRequest, api: API, version: Int?, reply: Reply) {
        let receivedAt = DispatchTime.now().uptimeNanoseconds
        let service = self.service
        let outputs: RequestedOutputs
        let text: String
        let binary: [UInt8]
        do throws(ServeFailure) {
            try checkEncoding(request)
            let (json, tensors) = try split(request, api: api)
            guard let read = json.withUnsafeReadableBytes({ String(validating: $0, as: UTF8.self) }) else {
                throw .notUTF8
            }
            outputs = api == .v2 ? try RequestedOutputs.read(Array(json.readableBytesView)) : .all
            (text, binary) = (read, tensors)
        } catch {
            return reply(failed(error, api: api, counted: true))
        }
        // The outcome comes on the connection's event loop: the answer is encoded there, not on
        // the group's thread.
        service.predict(text, binary: binary, version: version, receivedAt: receivedAt, on: reply.eventLoop) {
            outcome in
            switch outcome {
            case .success(let served):
                let response: ServerResponse
                switch api {
                case .seldon:
                    response = .json(
                        200, SeldonProtocol.response(served.batch, layout: served.layout, models: served.models))
                case .v2:
                    response = Self.inference(OpenInferenceProtocol.response(served.batch, outputs: outputs))
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - receivedAt) / 1e9
                service.metrics.record(api: api.rawValue, code: 200, seconds: seconds)
                reply(response)
            case .failure(let failure):
                reply(failed(failure, api: api, counted: true))
            }
        }
    }

    /// Refuses a compressed body (415): the routes read JSON as sent.
    private func checkEncoding(_ request: ServerRequest) throws(ServeFailure) {
        if let encoding = request.headers.first(name: "content-encoding"), encoding.lowercased() != "identity" {
            throw ServeFailure(
                status: 415, reason: "UNSUPPORTED_ENCODING",
                message: "Content-Encoding '\(encoding)' is not supported (send the body uncompressed)")
        }
    }

    /// The JSON and the binary tensor data after it, as `Inference-Header-Content-Length` splits
    /// them (Open Inference's binary tensor extension); Seldon has no binary data.
    private func split(_ request: ServerRequest, api: API) throws(ServeFailure) -> (ByteBuffer, [UInt8]) {
        let body = request.body
        guard let header = request.headers.first(name: Self.inferenceHeaderLength) else { return (body, []) }
        guard api == .v2 else {
            throw ServeFailure(
                status: 400, reason: "MALFORMED_PAYLOAD",
                message: "Inference-Header-Content-Length is Open Inference's; a Seldon request is JSON only "
                    + "(send it to /v2/models/\(service.deployment)/infer, or without the header)")
        }
        guard let length = Int(header), length >= 0, length <= body.readableBytes else {
            throw ServeFailure(
                status: 400, reason: "MALFORMED_PAYLOAD",
                message:
                    "Inference-Header-Content-Length is '\(header)', not a length within the \(body.readableBytes)-byte "
                    + "body (give the JSON's length in bytes)")
        }
        let json = body.getSlice(at: body.readerIndex, length: length)!
        let binary = body.getBytes(at: body.readerIndex + length, length: body.readableBytes - length)!
        return (json, binary)
    }

    // MARK: Feedback

    /// `POST /api/v1.0/feedback`: the truth's labels into the request log, as `feedback` puts them.
    /// The store's write runs on a Dispatch thread, off the connection's.
    private func feedback(_ request: ServerRequest, reply: Reply) {
        do throws(ServeFailure) {
            try checkEncoding(request)
        } catch {
            return reply(failed(error, api: .seldon, counted: false))
        }
        let service = self.service
        let bytes = Array(request.body.readableBytesView)
        DispatchQueue.global().async {
            do throws(ServeFailure) {
                let feedback = try SeldonFeedback.read(bytes, classes: try service.classes())
                let matched = try service.feedback(feedback.labels)
                service.metrics.recordFeedback(labels: feedback.labels.count, reward: feedback.reward)
                reply(.json(200, SeldonProtocol.feedbackResponse(labels: feedback.labels.count, matched: matched)))
            } catch {
                reply(.json(error.status, API.seldon.error(error)))
            }
        }
    }

    // MARK: Responses

    /// An Open Inference answer: JSON alone, or JSON then binary data with the JSON's length in
    /// `Inference-Header-Content-Length`.
    static func inference(_ answer: OpenInferenceProtocol.Answer) -> ServerResponse {
        guard answer.isBinary else {
            return .json(200, answer.json)
        }
        var buffer = ByteBuffer(string: answer.json)
        buffer.writeBytes(answer.binary)
        return ServerResponse(
            status: 200,
            headers: [
                ("Content-Type", "application/octet-stream"),
                (inferenceHeaderLength, String(answer.json.utf8.count)),
            ],
            body: buffer)
    }
}
