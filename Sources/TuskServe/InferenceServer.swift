import Dispatch
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TuskArtifacts
import TuskCore
import TuskServing
import TuskStore

/// `tusk serve`: one deployment over HTTP/1.1, in Seldon's protocol and the Open Inference
/// (KServe V2) one, with Prometheus metrics. Every prediction goes through the router
/// (``ServingEngine``): the same routing, shadows and request log as `predict`.
///
///     let server = try InferenceServer(store: store, deployment: try DeploymentName("production"))
///     let summary = try await server.run { url in print("serving on \(url)") }
///
/// `run` returns after SIGTERM or SIGINT (or ``shutdown()``): the listening socket is closed,
/// requests in flight are answered and logged, then it returns the counts.
///
/// The server reads the payloads it is sent as requests and nothing else: it runs no command,
/// and reads no file but the store's.
public final class InferenceServer: Sendable {
    public let deployment: DeploymentName
    public let configuration: ServeConfiguration
    let engine: ServingEngine
    private let group = Mutex<ServiceGroup?>(nil)
    private let stopEarly = Mutex(false)
    private let gate = Mutex<ConnectionGate?>(nil)

    /// Connections open now (the server's, while it runs).
    public var openConnections: Int { gate.withLock { $0?.count ?? 0 } }

    /// The socket could not be bound: the port is taken, the address is not this machine's.
    public struct ListenError: Error, Sendable, Equatable, CustomStringConvertible {
        public let host: String
        public let port: Int
        public let reason: String

        public var description: String { "cannot listen on \(host):\(port): \(reason)" }
    }

    /// What a run served.
    public struct Summary: Sendable, Equatable {
        /// Prediction requests answered (status 200), each in the log.
        public let answered: Int
        /// Prediction requests refused (4xx, 5xx), none in the log.
        public let refused: Int
    }

    /// A server for `deployment` in `store`; throws when there is no such deployment. One with no
    /// release yet is served: it answers 503 until a model is released.
    public init(store: Store, deployment: DeploymentName, configuration: ServeConfiguration = ServeConfiguration())
        throws(ServingError)
    {
        // Local paths resolve inside the store's directory, and nothing reads them: models and
        // drift references are read from the store only.
        let files = LocalFiles(baseDirectory: store.directory ?? "/nonexistent")
        engine = ServingEngine(workspace: Workspace(store: store, files: files))
        _ = try engine.registry.named(deployment)
        self.deployment = deployment
        self.configuration = configuration
    }

    /// Serves until SIGTERM or SIGINT (when `signals`) or ``shutdown()``; calls `onListening` with
    /// the URL once the socket is bound (the port chosen when it was 0).
    public func run(signals: Bool = true, onListening: @escaping @Sendable (String) -> Void) async throws -> Summary {
        let listening = Mutex(false)
        let (app, service) = application { url in
            listening.withLock { $0 = true }
            onListening(url)
        }
        var logger = Logger(label: "tusk.serve")
        logger.logLevel = .critical
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [], logger: logger))
        self.group.withLock { $0 = group }
        defer { service.stop() }
        if stopEarly.withLock({ $0 }) { return Summary(answered: 0, refused: 0) }
        do {
            try await group.run()
        } catch let error as IOError where !listening.withLock({ $0 }) {
            throw ListenError(
                host: configuration.host, port: configuration.port,
                reason: String(cString: strerror(error.errnoCode)).lowercased())
        }
        return service.finish()
    }

    /// The HTTP application ``run(signals:onListening:)`` serves, built and not running, and the
    /// prediction service under it (stop it with ``PredictionService/finish()``): Hummingbird's
    /// test client drives its router without a socket.
    func application(
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) -> (application: some ApplicationProtocol, service: PredictionService) {
        let service = PredictionService(
            engine: engine, deployment: deployment, maxGroup: configuration.maxGroup)
        // Loaded now, so the first request does not pay for it (and a broken model shows at once).
        _ = try? service.current()
        let drift = DriftGauge(engine: engine, deployment: deployment, interval: configuration.driftInterval)
        let routes = Routes(service: service, drift: drift, configuration: configuration)
        var logger = Logger(label: "tusk.serve")
        logger.logLevel = .critical
        let host = configuration.host
        let gate = ConnectionGate(limit: configuration.maxConnections)
        self.gate.withLock { $0 = gate }
        let overload = ServeFailure.overloaded(limit: gate.limit)
        let overloadBody = Array(OpenInferenceProtocol.error(overload).utf8)
        let overloadAnswer =
            Array(
                ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                    + "\(overloadBody.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n").utf8) + overloadBody
        let timeout = TimeAmount.nanoseconds(Int64(configuration.idleTimeout * 1e9))
        let server = HTTPServerBuilder { responder in
            GuardedHTTP1Channel(
                inner: HTTP1Channel(
                    responder: responder,
                    configuration: HTTP1Channel.Configuration(
                        additionalChannelHandlers: [RequestDeadline(timeout: timeout)], idleTimeout: timeout)),
                gate: gate, overload: overloadAnswer)
        }
        let app = Application(
            router: routes.router(),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                onListening("http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
            },
            logger: logger)
        return (app, service)
    }

    /// Stops as SIGTERM does: no new connection, requests in flight answered.
    public func shutdown() async {
        let group = self.group.withLock { group in
            if group == nil { stopEarly.withLock { $0 = true } }
            return group
        }
        await group?.triggerGracefulShutdown()
    }
}
