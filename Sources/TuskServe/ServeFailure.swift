import TuskArtifacts
import TuskCore
import TuskServing
import TuskStore

/// Why an HTTP request got no answer: its status, a word for the kind of failure (Seldon's
/// `reason`), and one line for whoever sent it: the router's message and how to fix it.
///
/// Payload errors are the client's (400 when the body is not a request at all, 422 when it is
/// one the model cannot answer); nothing is logged for them.
public struct ServeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status code.
    public let status: Int
    /// `MALFORMED_PAYLOAD`, `UNKNOWN_FEATURE`, `PAYLOAD_TOO_LARGE`…
    public let reason: String
    /// The message, with its help in parentheses.
    public let message: String

    public var description: String { message }

    init(status: Int, reason: String, message: String) {
        self.status = status
        self.reason = reason
        self.message = message
    }

    /// A payload that is not a request (400) or not one the model can answer (422).
    static func payload(_ error: PayloadError) -> Self {
        let (status, reason): (Int, String) =
            switch error.kind {
            case .malformed: (400, "MALFORMED_PAYLOAD")
            case .wrongShape: (400, "WRONG_SHAPE")
            case .unknownFeature: (422, "UNKNOWN_FEATURE")
            case .missingFeature: (422, "MISSING_FEATURE")
            case .wrongType: (422, "WRONG_TYPE")
            }
        return Self(status: status, reason: reason, message: error.description)
    }

    /// What the router refused: a payload error as above, a deployment with nothing to serve or
    /// a store busy with another writer (503: try again), anything else 500.
    ///
    /// Said in the protocol's terms, from the error's kind and facts: a client of the HTTP API
    /// has no DSL to type, so no help names a command. As KServe's `ModelNotReady` ("Model with
    /// name X is not ready.", 503), a deployment with nothing released is a model not ready yet.
    static func serving(_ error: ServingError) -> Self {
        switch error.kind {
        case .payload:
            if let payload = error.payload { return .payload(payload) }
            return Self(status: 400, reason: "MALFORMED_PAYLOAD", message: error.description)
        case .nothingReleased:
            return Self(
                status: 503, reason: "UNAVAILABLE",
                message:
                    "deployment '\(error.deployment?.rawValue ?? "")' has no model released: it is not ready to predict"
            )
        case .busy:
            return Self(status: 503, reason: "UNAVAILABLE", message: error.description)
        case .noSuchDeployment:
            return Self(
                status: 404, reason: "NOT_FOUND",
                message: "deployment '\(error.deployment?.rawValue ?? "")' does not exist"
            )
        case .artifact:
            if case .store(let store)? = error.underlying, store.kind == .busy {
                return Self(status: 503, reason: "STORE_BUSY", message: error.description)
            }
            return Self(status: 500, reason: "INTERNAL", message: error.description)
        default:
            return Self(status: 500, reason: "INTERNAL", message: error.description)
        }
    }

    static func tooLarge(limit: Int) -> Self {
        Self(
            status: 413, reason: "PAYLOAD_TOO_LARGE",
            message: "the request body is larger than \(limit) bytes (send fewer rows per request, or start "
                + "tusk serve with a larger --max-body)")
    }

    static func unsupportedTransferCoding(_ coding: String) -> Self {
        Self(
            status: 501, reason: "NOT_IMPLEMENTED",
            message: "Transfer-Encoding '\(coding)' is not supported (send the body as it is, or chunked)")
    }

    static let notUTF8 = Self(
        status: 400, reason: "MALFORMED_PAYLOAD", message: "the request body is not UTF-8 text (send JSON)")

    static func unknownModel(_ name: String, served: DeploymentName) -> Self {
        Self(
            status: 404, reason: "NOT_FOUND",
            message: "no model named '\(name)' is served here (this server serves '\(served)')")
    }

    static func unknownVersion(_ version: Int, model: DeploymentName, live: Int) -> Self {
        Self(
            status: 404, reason: "NOT_FOUND",
            message: "version \(version) of model '\(model)' is not served (its version is \(live), the live release; "
                + "GET /v2/models/\(model) lists it)")
    }

    static func unknownRoute(_ method: String, _ path: String) -> Self {
        Self(
            status: 404, reason: "NOT_FOUND",
            message:
                "no route \(method) \(path.count > 200 ? String(path.prefix(200)) + "…" : path) (tusk serve answers "
                + "/api/v1.0/predictions, /api/v1.0/feedback, /seldon/[NAMESPACE/]DEPLOYMENT/api/v1.0/…, /v2/…, /metrics)"
        )
    }

    static func methodNotAllowed(_ method: String, _ path: String, allowed: [String]) -> Self {
        Self(
            status: 405, reason: "METHOD_NOT_ALLOWED",
            message: "\(path) does not take \(method) (it takes \(allowed.joined(separator: ", ")))")
    }

    static func overloaded(limit: Int) -> Self {
        Self(
            status: 503, reason: "UNAVAILABLE",
            message: "the server has \(limit) connections open, its limit (retry later, or start tusk serve with a "
                + "larger --max-connections)")
    }

    static let stopping = Self(
        status: 503, reason: "UNAVAILABLE", message: "the server is stopping (send the request again elsewhere)")
}
