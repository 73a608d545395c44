import Dispatch
import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskServe

#if canImport(Glibc)
    import Glibc
#endif

/// HTTP/1.1 as clients speak it, on raw sockets: connections kept alive, pipelined requests,
/// `Expect: 100-continue`, chunked bodies, bytes that are not HTTP, and a stop with idle
/// connections open.
@Suite struct ServeHTTPTests {
    static let predictions = "/api/v1.0/predictions"

    /// A request's bytes, its body's length declared.
    static func request(
        _ method: String = "POST", _ path: String = predictions, body: String, version: String = "1.1",
        headers: [String] = []
    ) -> String {
        ([
            "\(method) \(path) HTTP/\(version)", "Host: 127.0.0.1", "Content-Type: application/json",
            "Content-Length: \(body.utf8.count)",
        ] + headers).joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    @Test func aConnectionIsKeptAliveAcrossRequestsAndAnswersInOrder() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (answers, summary) = try await ServeFixture.withServer(setup) { port in
            try await ServeLimitsTests.blocking { () throws -> [HTTPAnswer] in
                let socket = try LoopbackHTTP.connect(port: port, timeout: 10)
                defer { close(socket) }
                let reader = AnswerReader(socket: socket)
                var answers: [HTTPAnswer] = []
                // One after another, then three written at once (pipelined), then a GET.
                for k in 1...2 {
                    #expect(
                        LoopbackHTTP.write(socket, Self.request(body: ServeFixture.seldon(rows: 1, prefix: "a\(k)-"))))
                    answers.append(try reader.next())
                }
                let pipelined = (1...3).map { Self.request(body: ServeFixture.seldon(rows: 1, prefix: "p\($0)-")) }
                #expect(LoopbackHTTP.write(socket, pipelined.joined()))
                for _ in 1...3 { answers.append(try reader.next()) }
                #expect(LoopbackHTTP.write(socket, "GET /v2/health/ready HTTP/1.1\r\nHost: x\r\n\r\n"))
                answers.append(try reader.next())
                return answers
            }
        }
        #expect(answers.map(\.status) == [200, 200, 200, 200, 200, 200])
        let ids = answers.prefix(5).map { ($0.json["meta"] as? [String: Any])?["puid"] as? String }
        #expect(ids == ["a1-1", "a2-1", "p1-1", "p2-1", "p3-1"])
        for answer in answers {
            #expect(answer.headers["connection"] == nil)
            #expect(answer.headers["date"]?.hasSuffix(" GMT") == true)
            #expect(Int(answer.headers["content-length"] ?? "") == answer.body.utf8.count)
        }
        #expect(summary.answered == 5)
        #expect(try ServeFixture.logged(setup).map(\.requestID) == ["a1-1", "a2-1", "p1-1", "p2-1", "p3-1"])
    }

    @Test func anHTTP10RequestOrConnectionCloseEndsTheConnectionAfterItsAnswer() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (results, _) = try await ServeFixture.withServer(setup) { port in
            try await ServeLimitsTests.blocking { () throws -> [(HTTPAnswer, Bool)] in
                var results: [(HTTPAnswer, Bool)] = []
                for request in [
                    Self.request(body: ServeFixture.seldon(rows: 1), version: "1.0"),
                    Self.request(body: ServeFixture.seldon(rows: 1), headers: ["Connection: close"]),
                    Self.request(
                        body: ServeFixture.seldon(rows: 1), version: "1.0", headers: ["Connection: keep-alive"]),
                ] {
                    let socket = try LoopbackHTTP.connect(port: port, timeout: 2)
                    defer { close(socket) }
                    #expect(LoopbackHTTP.write(socket, request))
                    let reader = AnswerReader(socket: socket)
                    let answer = try reader.next()
                    results.append((answer, reader.atEnd()))
                }
                return results
            }
        }
        #expect(results.map(\.0.status) == [200, 200, 200])
        #expect(results.map(\.0.headers["connection"]) == ["close", "close", "keep-alive"])
        #expect(results.map(\.1) == [true, true, false])
    }

    @Test func expectContinueIsAnsweredAndABodyOverTheLimitRefusedBeforeItIsSent() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let body = ServeFixture.seldon(rows: 1)
        let (results, _) = try await ServeFixture.withServer(
            setup, configuration: ServeConfiguration(maxBody: 2000)
        ) { port in
            try await ServeLimitsTests.blocking { () throws -> (String, HTTPAnswer, HTTPAnswer, Bool) in
                let socket = try LoopbackHTTP.connect(port: port, timeout: 5)
                defer { close(socket) }
                let head = Self.request(body: body, headers: ["Expect: 100-continue"])
                // The head alone: the server says go on before the body is sent.
                #expect(LoopbackHTTP.write(socket, String(head.dropLast(body.count))))
                let reader = AnswerReader(socket: socket)
                let interim = try reader.line()
                _ = try reader.line()
                #expect(LoopbackHTTP.write(socket, body))
                let answer = try reader.next()
                // A body declared over the limit is refused at once; the client sends none.
                let big = try LoopbackHTTP.connect(port: port, timeout: 5)
                defer { close(big) }
                #expect(
                    LoopbackHTTP.write(
                        big,
                        "POST \(Self.predictions) HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n"
                    ))
                let refusing = AnswerReader(socket: big)
                let refused = try refusing.next()
                return (interim, answer, refused, refusing.atEnd())
            }
        }
        #expect(results.0 == "HTTP/1.1 100 Continue")
        #expect(results.1.status == 200)
        #expect(results.2.status == 413)
        #expect(results.2.headers["connection"] == "close")
        #expect(results.3)
        #expect(try ServeFixture.logged(setup).count == 1)
    }

    @Test func aChunkedBodyIsReadAndOneOverTheLimitRefusedAsItArrives() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let small = ServeFixture.seldon(rows: 1)
        let large = ServeFixture.seldon(rows: 40)
        @Sendable func chunked(_ body: String) -> String {
            let bytes = Array(body.utf8)
            var text = "POST \(Self.predictions) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            for start in stride(from: 0, to: bytes.count, by: 500) {
                let piece = bytes[start..<min(start + 500, bytes.count)]
                text += String(piece.count, radix: 16) + "\r\n" + String(decoding: piece, as: UTF8.self) + "\r\n"
            }
            return text + "0\r\n\r\n"
        }
        let (answers, _) = try await ServeFixture.withServer(
            setup, configuration: ServeConfiguration(maxBody: 2000)
        ) { port in
            try await ServeLimitsTests.blocking { () throws -> [HTTPAnswer] in
                try [small, large].map { body in
                    let socket = try LoopbackHTTP.connect(port: port, timeout: 5)
                    defer { close(socket) }
                    #expect(LoopbackHTTP.write(socket, chunked(body)))
                    return try AnswerReader(socket: socket).next()
                }
            }
        }
        #expect(answers.map(\.status) == [200, 413])
        #expect((answers[1].json["status"] as? [String: Any])?["reason"] as? String == "PAYLOAD_TOO_LARGE")
        #expect(try ServeFixture.logged(setup).count == 1)
    }

    @Test func bytesThatAreNotHTTPGetA400AndTheConnectionCloses() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (results, _) = try await ServeFixture.withServer(setup) { port in
            try await ServeLimitsTests.blocking { () throws -> [(HTTPAnswer, Bool)] in
                try ["HELLO\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"].map { text in
                    let socket = try LoopbackHTTP.connect(port: port, timeout: 5)
                    defer { close(socket) }
                    #expect(LoopbackHTTP.write(socket, text))
                    let reader = AnswerReader(socket: socket)
                    let answer = try reader.next()
                    return (answer, reader.atEnd())
                }
            }
        }
        for (answer, closed) in results {
            #expect(answer.status == 400)
            #expect(answer.headers["content-type"] == "application/json")
            #expect(
                (answer.json["error"] as? String)?.hasPrefix("the request is not HTTP/1.1 (") == true, "\(answer.body)")
            #expect(closed)
        }
        #expect(try ServeFixture.logged(setup).isEmpty)
    }

    /// Stopping closes a connection kept alive between requests at once: it holds nothing up.
    @Test func aStopClosesIdleConnectionsAndReturns() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let server = try InferenceServer(
            store: setup.store, deployment: try DeploymentName("production"),
            configuration: ServeConfiguration(port: 0, idleTimeout: 60))
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let running = Task { try await server.run(signals: false) { continuation.yield($0) } }
        var iterator = urls.makeAsyncIterator()
        let url = try #require(await iterator.next())
        let port = try #require(url.split(separator: ":").last.flatMap { Int($0) })
        let socket = try LoopbackHTTP.connect(port: port, timeout: 10)
        defer { close(socket) }
        let reader = AnswerReader(socket: socket)
        #expect(LoopbackHTTP.write(socket, Self.request(body: ServeFixture.seldon(rows: 1))))
        #expect(try reader.next().status == 200)
        let start = DispatchTime.now().uptimeNanoseconds
        await server.shutdown()
        let summary = try await running.value
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(summary.answered == 1)
        #expect(seconds < 5, "the stop took \(seconds) s")
        #expect(reader.atEnd())
    }
}

/// Reads answers off a kept-alive connection, each framed by its `Content-Length`.
final class AnswerReader {
    let socket: Int32
    private var buffer: [UInt8] = []
    private var ended = false

    init(socket: Int32) { self.socket = socket }

    /// Reads more; false at the end of the stream or after the socket's read timeout.
    private func fill() -> Bool {
        guard !ended else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else {
            // A timeout leaves the connection open; an end or a reset closes it.
            if n == 0 || errno == ECONNRESET { ended = true }
            return false
        }
        buffer += chunk[0..<n]
        return true
    }

    /// The next line, without its CRLF.
    func line() throws -> String {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                defer { buffer.removeFirst(end + 2) }
                return String(decoding: buffer[..<end], as: UTF8.self)
            }
            guard fill() else { throw HTTPFailure(description: "the connection ended inside a line") }
        }
    }

    /// The next answer.
    func next() throws -> HTTPAnswer {
        let status = try line()
        let words = status.split(separator: " ")
        guard words.count >= 2, let code = Int(words[1]) else {
            throw HTTPFailure(description: "bad status line '\(status)'")
        }
        var headers: [String: String] = [:]
        while case let header = try line(), !header.isEmpty {
            guard let colon = header.firstIndex(of: ":") else { continue }
            headers[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard fill() else { throw HTTPFailure(description: "the connection ended inside a body") }
        }
        defer { buffer.removeFirst(length) }
        return HTTPAnswer(status: code, headers: headers, body: String(decoding: buffer[..<length], as: UTF8.self))
    }

    /// Whether the server has closed the connection: nothing more arrives, and it ended before
    /// the socket's read timeout.
    func atEnd() -> Bool {
        buffer.isEmpty && !fill() && ended
    }
}
