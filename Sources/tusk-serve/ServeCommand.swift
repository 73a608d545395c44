import ArgumentParser
import Foundation
import TuskCLI
import TuskCommands
import TuskCore
import TuskServe
import TuskStore

/// `tusk serve D`: the deployment over HTTP, in Seldon's protocol and the Open Inference (KServe
/// V2) one, with Prometheus metrics, until Ctrl-C or SIGTERM. `tusk serve` runs this executable
/// (see `ServeLauncher`), which is the root of its own command line, named as users type it.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tusk serve",
        abstract: ServeLauncher.abstract,
        discussion: """
            POST /api/v1.0/predictions (also under Seldon's gateway paths /seldon/[NAMESPACE/]D/) takes a \
            Seldon payload (ndarray, tensor, jsonData) or a plain record, and /api/v1.0/feedback a Seldon \
            Feedback whose truth labels the requests it names, as 'feedback' does; POST /v2/models/D/infer \
            (and /v2/models/D/versions/N/infer, N the live release) an Open Inference V2 payload, as JSON \
            or with the binary tensor extension (Inference-Header-Content-Length), tritonclient's default; \
            GET /v2/health/live, /v2/health/ready and /v2/models/D describe the server and the live model; \
            GET /metrics gives requests per predictor, latency, outliers, feedback and drift in \
            Prometheus' text format.

            Every request is routed, answered and logged as 'predict' does (shadows included), and \
            releases or rollbacks made meanwhile by another tusk take effect on the next request. A bad \
            payload gets 400 (not JSON, wrong shape) or 422 (unknown, missing or mistyped features) and \
            is not logged; a body over --max-body gets 413; an unknown path 404, a known one with the \
            wrong method 405 (with Allow); every error has a JSON body in the protocol's shape.

            A connection silent for --idle-timeout, or slower than that to send one request, is closed; \
            past --max-connections open at once, a new one is answered 503 and closed.

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

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "Close a connection silent this long, or this slow to send one request (30s, 500ms, 2m).",
            valueName: "DURATION"))
    var idleTimeout: String = "30s"

    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp(
            "The most connections open at once; more get 503 (default: the file limit less a tenth, "
                + "\(ServeConfiguration.defaultMaxConnections) here).",
            valueName: "N"))
    var maxConnections: Int?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, not \(port)") }
        guard maxBody > 0 else { throw ValidationError("--max-body must be a positive number of bytes") }
        guard Self.seconds(idleTimeout) != nil else {
            throw ValidationError("--idle-timeout must be a duration such as 30s, 500ms or 2m, not '\(idleTimeout)'")
        }
        if let maxConnections {
            guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
            if let limit = ServeConfiguration.fileLimit,
                maxConnections > limit - ServeConfiguration.reserve(fileLimit: limit)
            {
                throw ValidationError(
                    "--max-connections \(maxConnections) leaves too few of the process's \(limit) file descriptors "
                        + "(keep it at most \(limit - ServeConfiguration.reserve(fileLimit: limit)), or raise the limit "
                        + "with ulimit -n)")
            }
        }
    }

    /// `30s`, `500ms`, `2m` or a bare number of seconds; positive, at most a day.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var value: Double?
        if let (suffix, scale) = units.first(where: { text.hasSuffix($0.0) }) {
            value = Double(text.dropLast(suffix.count)).map { $0 * scale }
        } else {
            value = Double(text)
        }
        guard let value, value > 0, value <= 86400 else { return nil }
        return value
    }

    func run() async throws {
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
        let name: DeploymentName
        do { name = try DeploymentName(deployment) } catch {
            throw CLIFailure(
                [
                    "error: \(error.message)",
                    "help: a deployment name is a word: letters, digits, '-' and '_', starting with a letter, at most 63",
                ], .dslError)
        }
        let store = try storeOptions.open(fallback: path)
        let server: InferenceServer
        do {
            server = try InferenceServer(
                store: store, deployment: name,
                configuration: ServeConfiguration(
                    host: host, port: port, maxBody: maxBody, idleTimeout: Self.seconds(idleTimeout) ?? 30,
                    maxConnections: maxConnections ?? ServeConfiguration.defaultMaxConnections))
        } catch {
            throw CLIFailure(
                ["error: " + error.message] + (Diagnose.help(for: error).map { ["help: " + $0] } ?? []), .dslError)
        }
        let summary: InferenceServer.Summary
        do {
            summary = try await server.run { url in
                Terminal.print([
                    "serving \(name) on \(url) (Seldon /api/v1.0/predictions, V2 /v2/models/\(name)/infer, /metrics)"
                ])
            }
        } catch let error as InferenceServer.ListenError {
            throw CLIFailure(["error: \(error)", "help: pick another --port, or 0 for any free one"], .usage)
        } catch {
            throw CLIFailure("the server stopped: \(error)", .internalError)
        }
        Terminal.print([
            "stopped serving \(name): \(summary.answered) requests answered and logged, \(summary.refused) refused"
        ])
    }
}
