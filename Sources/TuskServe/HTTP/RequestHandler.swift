import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// What a connection hands its requests to: the routes, and the answer to a body over the limit
/// (its shape depends on the path's protocol).
struct RequestResponder: Sendable {
    let respond: @Sendable (ServerRequest, Reply) -> Void
    let tooLarge: @Sendable (_ path: Substring) -> ServerResponse
    /// The answer to bytes that are not an HTTP/1.1 request.
    let malformed: @Sendable (_ error: HTTPParserError) -> ServerResponse
}

/// One HTTP/1.1 connection, after NIO's request decoder: each request is read whole, handed to
/// the routes, and its answer written as one buffer (status line, the route's headers,
/// `Content-Length`, `Date` and, when the connection ends with it, `Connection: close`).
///
/// Why not NIO's own server pipeline (its response encoder, pipelining and error handlers): it
/// passes every answer through four handlers in three writes, and stops reading the socket
/// while each request is answered (two `epoll_ctl` calls a request); under `wrk` those were a
/// quarter of the server's event-loop time. Here an answer is one write, and reading stops only
/// while a pipelined request waits for the one before it.
///
/// The connection's rules:
/// - Requests are answered in the order they came: a request that arrives (pipelined) while
///   another is answered waits, and the socket is not read meanwhile.
/// - A body over `maxBody` (by its declared length, or as it arrives) is answered 413 at once;
///   the rest is read and dropped, then the connection closes, so the client, having sent it
///   all, reads the answer rather than a reset. A client that waits for `100 Continue` gets the
///   413 instead, and the connection closes after it.
/// - Bytes that are not HTTP get a 400 and the connection closes.
/// - It keeps the connection's clock: a connection that sends nothing for `timeout` (between
///   requests, or stuck inside a request's head) is closed, and so is one whose request takes
///   longer than `timeout` from its head to the end of its body (a body trickled a byte at a
///   time). One timer per connection, looked at when it fires, so a request costs no scheduling.
/// - Asked to quiesce (the server is stopping), it closes at once when idle, else after the
///   answer in flight, which then says `Connection: close`.
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
        /// Closing or closed: nothing more is read or written.
        case closed
    }

    private let responder: RequestResponder
    private let maxBody: Int
    private let timeout: TimeAmount
    private var state = State.idle
    /// Parts of requests that came while one was being answered, in order.
    private var waiting = CircularBuffer<HTTPServerRequestPart>()
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
        switch state {
        case .idle, .receiving:
            // The decoder stops at the first bad byte: nothing after it can be read as requests.
            write(context, responder.malformed(malformed), minor: 1, keepAlive: false)
            state = .closed
        case .answering:
            // The request being answered was whole: its answer goes out, then the connection ends.
            quiescing = true
            waiting.removeAll()
        case .refused, .closed:
            close(context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        quiescing = true
        waiting.removeAll()
        switch state {
        case .idle: close(context)
        case .receiving, .refused, .answering, .closed: break
        }
    }

    func read(context: ChannelHandlerContext) {
        if waiting.isEmpty { context.read() } else { readHeld = true }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        lastActivity = .now()
        if case .answering = state {
            waiting.append(part)
        } else if waiting.isEmpty {
            take(context, part)
        } else {
            waiting.append(part)
        }
    }

    /// One part of the request being read.
    private func take(_ context: ChannelHandlerContext, _ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            guard case .idle = state else { return }
            requestStarted = .now()
            let expectsContinue = head.headers.first(name: "expect")?.lowercased() == "100-continue"
            if let declared = head.headers.first(name: "content-length").flatMap({ Int($0) }), declared > maxBody {
                // A client waiting for 100 Continue sends no body: the answer ends the connection.
                refuse(context, head, closing: expectsContinue)
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
                refuse(context, head, closing: false)
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
        let uri = head.uri
        let path = uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri
        let request = ServerRequest(method: head.method, path: path, headers: head.headers, body: body)
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let reply = Reply(eventLoop: context.eventLoop) { response in
            bound.value.handler.answer(bound.value.context, response)
        }
        responder.respond(request, reply)
    }

    private func answer(_ context: ChannelHandlerContext, _ response: ServerResponse) {
        guard case .answering(let head) = state else { return }
        lastActivity = .now()
        let keepAlive = head.isKeepAlive && !quiescing
        write(context, response, minor: head.version.minor, keepAlive: keepAlive)
        guard keepAlive else {
            state = .closed
            waiting.removeAll()
            return
        }
        state = .idle
        // The requests that came meanwhile, until one of them is being answered.
        while !waiting.isEmpty {
            if case .answering = state { return }
            take(context, waiting.removeFirst())
        }
        if readHeld {
            readHeld = false
            context.read()
        }
    }

    private func refuse(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, closing: Bool) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let written = context.eventLoop.makePromise(of: Void.self)
        write(
            context, responder.tooLarge(path), minor: head.version.minor, keepAlive: false, closing: closing,
            written: written)
        state = closing ? .closed : .refused(written.futureResult)
    }

    /// Writes `response` as one buffer, then closes the connection when it is not kept alive and
    /// `closing`; `written` is completed once the answer is out.
    private func write(
        _ context: ChannelHandlerContext, _ response: ServerResponse, minor: Int, keepAlive: Bool,
        closing: Bool = true, written: EventLoopPromise<Void>? = nil
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
        buffer.writeImmutableBuffer(response.body)
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
            case .closed: return
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
