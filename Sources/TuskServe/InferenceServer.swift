import Dispatch
import Foundation
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
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
///
/// HTTP/1.1 is SwiftNIO's parser and event loops, with NIO Extras' quiescing for the graceful stop,
/// and ``RequestHandler`` for the rest; a request is read, routed and answered on its connection's
/// event loop, and only its group's transaction runs elsewhere (the
/// ``GroupCommitQueue``'s thread). Why not a web framework: Hummingbird, which served here before,
/// answered at most 30–41 k requests/s of an empty route on this project's two-core machine, where
/// a NIO handler answers 71–79 k (`wrk -t2 -c32`, a Seldon body), and 30 k logged predictions a second
/// is the server's goal; a request there also crossed into Swift's task pool and back.
public final class InferenceServer: Sendable {
    public let deployment: DeploymentName
    public let configuration: ServeConfiguration
    let engine: ServingEngine
    let store: Store
    private let state = Mutex(RunState.idle)
    private let gate = Mutex<ConnectionGate?>(nil)

    /// Where a run stands, for ``shutdown()``.
    private enum RunState {
        case idle
        /// Stopped before it listened: `run` returns at once.
        case stoppedEarly
        case running(ServerQuiescingHelper, EventLoopPromise<Void>)
        case stopping
    }

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
        self.store = store
        _ = try engine.registry.named(deployment)
        self.deployment = deployment
        self.configuration = configuration
    }

    /// Serves until SIGTERM or SIGINT (when `signals`) or ``shutdown()``; calls `onListening` with
    /// the URL once the socket is bound (the port chosen when it was 0).
    public func run(signals: Bool = true, onListening: @escaping @Sendable (String) -> Void) async throws -> Summary {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let served = await serve(on: group, signals: signals, onListening: onListening)
        // After `serve` returned, so its quiescing helper is gone: the helper's deinit completes a
        // promise on one of these event loops.
        try? await group.shutdownGracefully()
        return try served.get()
    }

    private func serve(
        on group: MultiThreadedEventLoopGroup, signals: Bool, onListening: @escaping @Sendable (String) -> Void
    ) async -> Result<Summary, ListenError> {
        let service = PredictionService(engine: engine, deployment: deployment, maxGroup: configuration.maxGroup)
        let checkpointer = Checkpointer(store: store)
        let compactor = LogCompactor(store: store, deployment: deployment)
        defer {
            compactor.stop()
            checkpointer.stop()
        }
        // Loaded now, so the first request does not pay for it (and a broken model shows at once).
        _ = try? service.current()
        let routes = Routes(
            service: service,
            drift: DriftGauge(engine: engine, deployment: deployment, interval: configuration.driftInterval),
            configuration: configuration)
        let quiescing = ServerQuiescingHelper(group: group)
        let listening: any Channel
        do {
            listening = try await bootstrap(group: group, quiescing: quiescing, routes: routes)
                .bind(host: configuration.host, port: configuration.port).get()
        } catch {
            service.stop()
            let reason =
                (error as? IOError).map { String(cString: strerror($0.errnoCode)).lowercased() } ?? "\(error)"
            return .failure(ListenError(host: configuration.host, port: configuration.port, reason: reason))
        }
        let stopped = group.next().makePromise(of: Void.self)
        let stopNow = state.withLock { state -> Bool in
            if case .stoppedEarly = state { return true }
            state = .running(quiescing, stopped)
            return false
        }
        let signalSources = signals ? [SIGTERM, SIGINT].map { watch(signal: $0) } : []
        if stopNow {
            quiescing.initiateShutdown(promise: stopped)
        } else {
            let host = configuration.host
            onListening("http://\(host.contains(":") ? "[\(host)]" : host):\(listening.localAddress?.port ?? 0)")
        }
        try? await stopped.futureResult.get()
        signalSources.forEach { $0.cancel() }
        state.withLock { $0 = .stopping }
        // Every connection is closed, so every answer was written: what is left in the queue was
        // refused or is being logged now.
        return .success(service.finish())
    }

    /// The listening socket's setup: connections over ``ServeConfiguration/maxConnections`` get
    /// the overload answer and nothing else; the others NIO's HTTP/1.1 request decoder and a
    /// ``RequestHandler``.
    private func bootstrap(group: any EventLoopGroup, quiescing: ServerQuiescingHelper, routes: Routes)
        -> ServerBootstrap
    {
        let gate = ConnectionGate(limit: configuration.maxConnections)
        self.gate.withLock { $0 = gate }
        let overloadBody = Array(OpenInferenceProtocol.error(.overloaded(limit: gate.limit)).utf8)
        let overload =
            Array(
                ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                    + "\(overloadBody.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n").utf8) + overloadBody
        let responder = RequestResponder(
            respond: routes.respond, refuse: routes.refuse, malformed: routes.malformed)
        let (maxBody, timeout) = (configuration.maxBody, TimeAmount.nanoseconds(Int64(configuration.idleTimeout * 1e9)))
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A client that closes its side after its requests still gets their answers.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    guard gate.enter() else {
                        try pipeline.addHandler(OverloadAnswer(response: overload))
                        return
                    }
                    channel.closeFuture.whenComplete { _ in gate.leave() }
                    try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                    try pipeline.addHandler(RequestHandler(responder: responder, maxBody: maxBody, timeout: timeout))
                }
            }
    }

    /// Stops the server on `signal`, as ``shutdown()`` does.
    private func watch(signal number: Int32) -> any DispatchSourceSignal {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { [self] in Task { await self.shutdown() } }
        source.resume()
        return source
    }

    /// Stops as SIGTERM does: no new connection, requests in flight answered.
    public func shutdown() async {
        let running = state.withLock { state -> (ServerQuiescingHelper, EventLoopPromise<Void>)? in
            switch state {
            case .idle:
                state = .stoppedEarly
                return nil
            case .running(let quiescing, let stopped):
                state = .stopping
                return (quiescing, stopped)
            case .stoppedEarly, .stopping:
                return nil
            }
        }
        guard let (quiescing, stopped) = running else { return }
        quiescing.initiateShutdown(promise: stopped)
    }
}
