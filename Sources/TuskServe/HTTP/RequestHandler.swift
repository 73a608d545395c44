import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// What a connection hands its requests to: the routes, and the answer to a body over the limit
/// (its shape depends on the path's protocol).
struct RequestResponder: Sendable {
    let respond: @Sendable (ServerRequest, Reply) -> Void
    /// A request refused before the routes see it (a body over the limit, the server stopping),
    /// in the shape of its path's protocol.
    let refuse: @Sendable (_ failure: ServeFailure, _ path: Substring) -> ServerResponse
    /// The answer to bytes that are not an HTTP/1.1 request.
    let malformed: @Sendable (_ error: HTTPParserError) -> ServerResponse
}

/// One HTTP/1.1 connection, after NIO's request decoder: each request is read whole, handed to
/// the routes, and its answer written as one buffer (status line, the route's headers,
/// `Content-Length`, `Date` and, when the connection ends with it, `Connection: close`).
///
/// Why not NIO's own server pipeline (its response encoder, pipelining and error handlers): it
/// passes every answer through four handlers in three writes, and stops reading the socket
/// while each request is answered (two `epoll_ctl` calls a request). Under `wrk` the answers' way
/// to the socket was 22% of the event loops' time (the socket's write included) and the
/// re-registrations 4%. Here an answer is one write, and reading stops only while a pipelined
/// request waits for the one before it (the health route then answered 60–77 k requests/s; the
/// predict rate did not move beyond the noise by this change alone).
///
/// The connection's rules:
/// - Requests are answered in the order they came: a request that arrives (pipelined) while
///   another is answered waits, and the socket is not read meanwhile; nor while the client is
///   not reading its answers (the connection is not writable), so a client that pipelines and
///   never reads costs a socket buffer, not memory without end.
/// - A client that closes its side after sending (half-close) still gets every answer, then
///   the connection closes.
/// - `HEAD` is answered as `GET`, without the body. A request that asks for an `Upgrade` (or
///   `CONNECT`) is answered as any other and ends the connection: NIO's parser reads nothing
///   after it.
/// - A body over `maxBody` (by its declared length, or as it arrives) is answered 413 at once;
///   the rest is read and dropped, then the connection closes, so the client, having sent it
///   all, reads the answer rather than a reset. A client that waits for `100 Continue` gets the
///   413 instead, and the connection closes after it.
/// - A body in a transfer coding other than `chunked` is refused (501), as a body over the limit.
/// - Bytes that are not HTTP get a 400 (after the answers to the requests before them) and the
///   connection closes.
/// - It keeps the connection's clock: a connection that sends nothing for `timeout` (between
///   requests, or stuck inside a request's head) is closed, and so is one whose request takes
///   longer than `timeout` from its head to the end of its body (a body trickled a byte at a
///   time). One timer per connection, looked at when it fires, so a request costs no scheduling.
/// - Asked to quiesce (the server is stopping), it closes at once when idle, else after the
///   answer in flight, which then says `Connection: close`; a request still arriving then is
///   answered 503 at once, so a slow client does not hold the stop for the timeout.
final class RequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Between requests.
        case idle
        /// Reading a request's body.
        case receiving(HTTPRequestHead, ByteBuffer)
        /// Answered before its end (413, the answer's write given); reading and dropping the rest,
        /// then closing once the answer is out.
        case refused(EventLoopFuture<Void>)
        /// Handed to the routes; waiting for the answer.
        case answering(HTTPRequestHead)
        /// Closing (once the last answer is written) or closed: nothing more is read or answered.
        case closed
    }

    /// What came in while a request was being answered, in order.
    private enum Incoming {
        case part(HTTPServerRequestPart)
        /// The parser stopped at bytes that are not HTTP.
        case malformed(HTTPParserError)
        /// The client closed its side.
        case inputClosed
    }

    private let responder: RequestResponder
    private let maxBody: Int
    private let timeout: TimeAmount
    private var state = State.idle
    private var waiting = CircularBuffer<Incoming>()
    /// A read of the socket held back while requests wait.
    private var readHeld = false
    /// The server is stopping: the answer in flight is the last.
    private var quiescing = false
    private var lastActivity = NIODeadline.now()
    private var requestStarted = NIODeadline.now()
    private var timer: Scheduled<Void>?
    private var date = HTTPDate()

    init(responder: RequestResponder, maxBody: Int, timeout: TimeAmount) {
        self.responder = responder
        self.maxBody = maxBody
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastActivity = .now()
        watch(context, until: lastActivity + timeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        waiting.removeAll()
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let malformed = error as? HTTPParserError else {
            close(context)
            return
        }
        if isBusy { waiting.append(.malformed(malformed)) } else { fail(context, malformed) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            quiesce(context)
        } else if case ChannelEvent.inputClosed = event {
            if isBusy { waiting.append(.inputClosed) } else { close(context) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { drain(context) }
        context.fireChannelWritabilityChanged()
    }

    /// A request is being answered, or others wait their turn: what comes in now waits too.
    private var isBusy: Bool {
        if case .answering = state { return true }
        return !waiting.isEmpty
    }

    /// Answers bytes that are not HTTP, unless a request's answer already ends the connection.
    private func fail(_ context: ChannelHandlerContext, _ error: HTTPParserError) {
        switch state {
        case .idle, .receiving:
            // The parser stops at the first bad byte: nothing after it can be read as requests.
            write(context, responder.malformed(error), minor: 1, keepAlive: false)
            state = .closed
            waiting.removeAll()
        case .refused, .answering, .closed:
            close(context)
        }
    }

    /// The server is stopping: no request after the one in flight.
    private func quiesce(_ context: ChannelHandlerContext) {
        quiescing = true
        waiting.removeAll()
        switch state {
        case .idle:
            close(context)
        case .receiving(let head, _):
            refuse(context, head, .stopping, closing: true)
        case .closed, .refused:
            // Its last answer is still being written (the client is not reading), or was refused
            // while the client still sends its body: a second more, then the stop goes on.
            let channel = context.channel
            context.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
        case .answering:
            break
        }
    }

    func read(context: ChannelHandlerContext) {
        if waiting.isEmpty && context.channel.isWritable { context.read() } else { readHeld = true }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        // What a closing connection is sent does not keep it open.
        if case .closed = state { return }
        lastActivity = .now()
        if isBusy { waiting.append(.part(part)) } else { take(context, part) }
    }

    /// Takes what waited, in order, until a request is being answered again (or the client has
    /// stopped reading its answers); then reads the socket again if that was held back.
    private func drain(_ context: ChannelHandlerContext) {
        while !waiting.isEmpty && context.channel.isWritable {
            switch state {
            case .answering, .closed: return
            case .idle, .receiving, .refused: break
            }
            switch waiting.removeFirst() {
            case .part(let part): take(context, part)
            case .malformed(let error): fail(context, error)
            case .inputClosed: close(context)
            }
        }
        if readHeld && waiting.isEmpty && context.channel.isWritable {
            readHeld = false
            context.read()
        }
    }

    /// One part of the request being read.
    private func take(_ context: ChannelHandlerContext, _ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            guard case .idle = state else { return }
            requestStarted = .now()
            // HTTP/1.0 has no 100 Continue (RFC 9110: a server ignores the expectation there).
            let expectsContinue =
                head.version.minor >= 1 && head.headers.first(name: "expect")?.lowercased() == "100-continue"
            if let declared = head.headers.first(name: "content-length").flatMap({ Int($0) }), declared > maxBody {
                // A client waiting for 100 Continue sends no body: the answer ends the connection.
                refuse(context, head, .tooLarge(limit: maxBody), closing: expectsContinue)
                return
            }
            if let coding = head.headers.first(name: "transfer-encoding"),
                coding.lowercased().filter({ $0 != " " && $0 != "\t" }) != "chunked"
            {
                refuse(context, head, .unsupportedTransferCoding(coding), closing: expectsContinue)
                return
            }
            if expectsContinue {
                context.writeAndFlush(
                    wrapOutboundOut(ByteBuffer(string: "HTTP/1.\(head.version.minor) 100 Continue\r\n\r\n")),
                    promise: nil)
            }
            state = .receiving(head, ByteBuffer())
        case .body(var part):
            guard case .receiving(let head, var body) = state else { return }
            guard body.readableBytes + part.readableBytes <= maxBody else {
                refuse(context, head, .tooLarge(limit: maxBody), closing: false)
                return
            }
            state = .idle  // the body is not copied below: the state no longer holds it
            if body.readableBytes == 0 { body = part } else { body.writeBuffer(&part) }
            state = .receiving(head, body)
        case .end:
            switch state {
            case .refused(let written):
                state = .closed
                let channel = context.channel
                written.whenComplete { _ in channel.close(promise: nil) }
            case .receiving(let head, let body):
                state = .answering(head)
                dispatch(context, head, body)
            case .idle, .answering, .closed:
                break
            }
        }
    }

    /// Hands the request to the routes with a reply that writes the answer on this connection's
    /// event loop, whichever thread answers.
    private func dispatch(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: ByteBuffer) {
        let request = ServerRequest(
            method: head.method, path: String(Self.path(of: head.uri)), headers: head.headers, body: body)
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let reply = Reply(eventLoop: context.eventLoop) { response in
            bound.value.handler.answer(bound.value.context, response)
        }
        responder.respond(request, reply)
    }

    private func answer(_ context: ChannelHandlerContext, _ response: ServerResponse) {
        guard case .answering(let head) = state else { return }
        lastActivity = .now()
        // NIO's parser reads nothing after a request that asks for an upgrade (or a tunnel).
        let keepAlive =
            head.isKeepAlive && !quiescing && head.method != .CONNECT && !head.headers.contains(name: "upgrade")
        write(context, response, minor: head.version.minor, keepAlive: keepAlive, withBody: head.method != .HEAD)
        guard keepAlive else {
            state = .closed
            waiting.removeAll()
            return
        }
        state = .idle
        drain(context)
    }

    private func refuse(
        _ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ failure: ServeFailure, closing: Bool
    ) {
        let written = context.eventLoop.makePromise(of: Void.self)
        write(
            context, responder.refuse(failure, Self.path(of: head.uri)), minor: head.version.minor, keepAlive: false,
            closing: closing, written: written)
        state = closing ? .closed : .refused(written.futureResult)
    }

    /// The path a request names: without its query or fragment, and without the scheme and
    /// authority of an absolute-form target (`POST http://host/api/v1.0/predictions`), which an
    /// HTTP/1.1 server must accept.
    static func path(of uri: String) -> Substring {
        var path = Substring(uri)
        if let end = path.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            path = path[..<end]
        }
        // Origin form, the usual one, starts with its path.
        guard path.utf8.first != UInt8(ascii: "/") else { return path }
        if let scheme = path.range(of: "://"), path[..<scheme.lowerBound].allSatisfy(\.isLetter) {
            let rest = path[scheme.upperBound...]
            path = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        return path
    }

    /// A `HEAD` request's answer (not `withBody`) has the headers of its `GET`, and no body.
    private func write(
        _ context: ChannelHandlerContext, _ response: ServerResponse, minor: Int, keepAlive: Bool,
        withBody: Bool = true, closing: Bool = true, written: EventLoopPromise<Void>? = nil
    ) {
        let status = HTTPResponseStatus(statusCode: response.status)
        var buffer = context.channel.allocator.buffer(capacity: 192 + response.body.readableBytes)
        buffer.writeString("HTTP/1.\(minor) \(status.code) \(status.reasonPhrase)\r\n")
        for (name, value) in response.headers { buffer.writeString("\(name): \(value)\r\n") }
        buffer.writeString("Content-Length: \(response.body.readableBytes)\r\nDate: \(date.now())\r\n")
        if !keepAlive {
            buffer.writeString("Connection: close\r\n")
        } else if minor == 0 {
            buffer.writeString("Connection: keep-alive\r\n")
        }
        buffer.writeString("\r\n")
        if withBody { buffer.writeImmutableBuffer(response.body) }
        if !keepAlive && closing {
            let channel = context.channel
            let done = written ?? context.eventLoop.makePromise()
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
            context.writeAndFlush(wrapOutboundOut(buffer), promise: done)
        } else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: written)
        }
    }

    private func close(_ context: ChannelHandlerContext) {
        state = .closed
        waiting.removeAll()
        context.close(promise: nil)
    }

    /// Looks at the connection at `deadline`: closes it if it was silent, or its request slow,
    /// for `timeout`; otherwise looks again when that could next be so.
    private func watch(_ context: ChannelHandlerContext, until deadline: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            let now = NIODeadline.now()
            let next: NIODeadline
            switch state {
            // Closing once its last answer is out: closed anyway if the client does not read it.
            case .closed: next = lastActivity + timeout
            case .answering: next = now + timeout
            case .idle: next = lastActivity + timeout
            case .receiving, .refused: next = requestStarted + timeout
            }
            if next <= now {
                close(context)
            } else {
                watch(context, until: next)
            }
        }
    }
}

/// The `Date` header's value (RFC 9110's IMF-fixdate), formatted once a second.
struct HTTPDate {
    private var second = -1
    private var text = ""

    mutating func now() -> String {
        let now = time(nil)
        guard now != second else { return text }
        second = now
        var parts = tm()
        var clock = now
        gmtime_r(&clock, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        text =
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return text
    }
}
