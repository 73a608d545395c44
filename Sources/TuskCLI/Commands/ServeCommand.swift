import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import TuskServe
import TuskStore

/// `tusk serve D`: the deployment over HTTP, in Seldon's protocol and the Open Inference (KServe
/// V2) one, with Prometheus metrics, until Ctrl-C or SIGTERM.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a deployment over HTTP (Seldon and Open Inference V2 protocols, Prometheus metrics).",
        discussion: """
            POST /api/v1.0/predictions takes a Seldon payload or a plain record; POST /v2/models/D/infer \
            an Open Inference V2 payload; GET /v2/health/live, /v2/health/ready and /v2/models/D describe \
            the server and the live model; GET /metrics gives requests per predictor, latency, outliers \
            and drift in Prometheus' text format.

            Every request is routed, answered and logged as 'predict' does (shadows included), and \
            releases or rollbacks made meanwhile by another tusk take effect on the next request. A bad \
            payload gets 400 (not JSON, wrong shape) or 422 (unknown, missing or mistyped features) and \
            is not logged; a body over --max-body gets 413.

            Ctrl-C or SIGTERM stops it: requests in flight are answered and logged first.
            """)

    @Argument(help: ArgumentHelp("The deployment to serve.", valueName: "DEPLOYMENT"))
    var deployment: String

    @Option(help: ArgumentHelp("The port to listen on (0: any free port).", valueName: "N"))
    var port: Int = 8080

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "ADDRESS"))
    var host: String = "127.0.0.1"

    @Option(name: .customLong("max-body"), help: ArgumentHelp("The largest request body accepted.", valueName: "BYTES"))
    var maxBody: Int = 1 << 20

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, not \(port)") }
        guard maxBody > 0 else { throw ValidationError("--max-body must be a positive number of bytes") }
    }

    func run() throws {
        let path = storeOptions.store ?? ".tusk"
        // Serving from a store that is not there would create an empty one; say so instead.
        guard FileManager.default.fileExists(atPath: path + "/store.sqlite") else {
            throw CLIFailure(
                [
                    "error: no tusk store in '\(path)'",
                    "help: name one with --store PATH, or create a deployment first",
                ],
                .usage)
        }
        let store = try storeOptions.open(fallback: path)
        let server: InferenceServer
        do {
            server = try InferenceServer(
                store: store, deployment: deployment,
                configuration: ServeConfiguration(host: host, port: port, maxBody: maxBody))
        } catch {
            throw CLIFailure(["error: " + error.message] + (error.help.map { ["help: " + $0] } ?? []), .dslError)
        }
        let name = deployment
        let outcome = Mutex<Result<InferenceServer.Summary, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        // The command is synchronous (the CLI's one entry point is); the server runs on Swift's
        // concurrency pool while this thread waits.
        Task {
            do {
                let summary = try await server.run { url in
                    Terminal.print([
                        "serving \(name) on \(url) (Seldon /api/v1.0/predictions, V2 /v2/models/\(name)/infer, /metrics)"
                    ])
                }
                outcome.withLock { $0 = .success(summary) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        switch outcome.withLock({ $0 }) {
        case .success(let summary):
            Terminal.print([
                "stopped serving \(name): \(summary.answered) requests answered and logged, \(summary.refused) refused"
            ])
        case .failure(let error as InferenceServer.ListenError):
            throw CLIFailure(["error: \(error)", "help: pick another --port, or 0 for any free one"], .usage)
        case .failure(let error):
            throw CLIFailure("the server stopped: \(error)", .internalError)
        case nil:
            throw CLIFailure("the server stopped without a result", .internalError)
        }
    }
}
