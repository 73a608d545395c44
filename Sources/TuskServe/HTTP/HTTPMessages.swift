import NIOCore
import NIOHTTP1

/// A request as the routes see it: read whole (its body within `--max-body`), its path split
/// from the query, and the values of the route's `:name` segments.
struct ServerRequest: Sendable {
    let method: HTTPMethod
    /// The path without the query string, as sent (not percent-decoded).
    let path: String
    let headers: HTTPHeaders
    let body: ByteBuffer
    /// The route's `:name` segments, filled in when a route matched.
    var parameters: [Substring: Substring] = [:]

    func parameter(_ name: Substring) -> String? { parameters[name].map(String.init) }
}

/// An answer: its status, headers, and body. `Content-Length`, `Date` and `Connection` are the
/// connection's to add (``RequestHandler``).
struct ServerResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: ByteBuffer

    init(status: Int, headers: [(name: String, value: String)] = [], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body.
    static func json(_ status: Int, _ text: String) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "application/json")], body: ByteBuffer(string: text))
    }
}

/// How a route answers: at once or later, from any thread; the answer is written on the
/// connection's event loop. A route answers each request exactly once (a second answer is
/// dropped).
struct Reply: Sendable {
    let eventLoop: any EventLoop
    /// Writes the answer; called on `eventLoop` only.
    let write: @Sendable (ServerResponse) -> Void

    func callAsFunction(_ response: ServerResponse) {
        if eventLoop.inEventLoop { write(response) } else { eventLoop.execute { write(response) } }
    }
}
