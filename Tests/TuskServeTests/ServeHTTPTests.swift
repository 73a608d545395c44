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

    /// Each says what was wrong in words (not the parser's), and the connection closes.
    @Test func bytesThatAreNotHTTPGetA4xxOr501AndTheConnectionCloses() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let cases: [(String, Int, String)] = [
            (
                "HELLO\r\n\r\n", 501,
                "the request's method is not an HTTP method (tusk serve answers GET, HEAD and POST)"
            ),
            (
                "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400,
                "the request is not HTTP/1.1: its Content-Length is not one length in bytes, or comes with "
                    + "Transfer-Encoding (send a request line, headers, and a body of the length Content-Length gives, "
                    + "or chunked)"
            ),
            (
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
                "the request is not HTTP/1.1: its chunked body is malformed (send a request line, headers, and a body "
                    + "of the length Content-Length gives, or chunked)"
            ),
            (
                "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100_000) + "\r\n\r\n", 431,
                "the request's headers are larger than 80 KiB (send fewer or shorter headers)"
            ),
            (
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400,
                "the request is not HTTP/1.1: it looks like HTTP/2, and tusk serve speaks HTTP/1.1 (send a request "
                    + "line, headers, and a body of the length Content-Length gives, or chunked)"
            ),
        ]
        let (results, _) = try await ServeFixture.withServer(setup) { port in
            try await ServeLimitsTests.blocking { () throws -> [(HTTPAnswer, Bool)] in
                try cases.map { text, _, _ in
                    let socket = try LoopbackHTTP.connect(port: port, timeout: 5)
                    defer { close(socket) }
                    _ = LoopbackHTTP.write(socket, text)
                    let reader = AnswerReader(socket: socket)
                    let answer = try reader.next()
                    return (answer, reader.atEnd())
                }
            }
        }
        for ((answer, closed), (_, status, message)) in zip(results, cases) {
            #expect(answer.status == status)
            #expect(answer.headers["content-type"] == "application/json")
            #expect(answer.json["error"] as? String == message, "\(answer.body)")
            #expect(closed)
        }
        #expect(try ServeFixture.logged(setup).isEmpty)
    }

    /// A client that closes its side after writing (half-close) still gets every answer; bytes that
    /// are not HTTP after pipelined requests get their 400 after the answers to those requests.
    @Test func halfClosedAndBrokenPipelinesGetEveryAnswerBeforeTheEnd() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (results, _) = try await ServeFixture.withServer(setup) { port in
            try await ServeLimitsTests.blocking { () throws -> [[Int]] in
                var results: [[Int]] = []
                let three = (1...3).map { Self.request(body: ServeFixture.seldon(rows: 1, prefix: "h\($0)-")) }.joined()
                for (text, halfClose) in [
                    (three, true), (three + "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", false),
                ] {
                    let socket = try LoopbackHTTP.connect(port: port, timeout: 5)
                    defer { close(socket) }
                    #expect(LoopbackHTTP.write(socket, text))
                    if halfClose { shutdown(socket, Int32(SHUT_WR)) }
                    let reader = AnswerReader(socket: socket)
                    var statuses: [Int] = []
                    while !reader.atEnd() { statuses.append(try reader.next().status) }
                    results.append(statuses)
                }
                return results
            }
        }
        #expect(results == [[200, 200, 200], [200, 200, 200, 400]])
        #expect(try ServeFixture.logged(setup).count == 6)
    }

    /// HEAD is GET without a body; an absolute-form target is its path; a request that asks for an
    /// upgrade is answered and ends the connection (NIO's parser reads nothing after it); another
    /// transfer coding than chunked is refused by name.
    @Test func headAbsoluteTargetsUpgradesAndTransferCodings() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (results, _) = try await ServeFixture.withServer(setup) { port in
            try await ServeLimitsTests.blocking { () throws -> [(HTTPAnswer, Bool)] in
                let body = ServeFixture.seldon(rows: 1)
                return try [
                    "HEAD /v2/models/production HTTP/1.1\r\nHost: x\r\n\r\n",
                    Self.request("POST", "http://127.0.0.1:\(port)\(Self.predictions)?x=1#y", body: body),
                    "GET /v2/health/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n",
                    "POST \(Self.predictions) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                        + String(body.utf8.count, radix: 16) + "\r\n" + body + "\r\n0\r\n\r\n",
                ].map { text in
                    let socket = try LoopbackHTTP.connect(port: port, timeout: 2)
                    defer { close(socket) }
                    #expect(LoopbackHTTP.write(socket, text))
                    let reader = AnswerReader(socket: socket)
                    let answer = try reader.next(bodiless: text.hasPrefix("HEAD"))
                    return (answer, reader.atEnd())
                }
            }
        }
        let (head, absolute, upgrade, coding) = (results[0], results[1], results[2], results[3])
        #expect(head.0.status == 200 && head.0.body.isEmpty && Int(head.0.headers["content-length"] ?? "") ?? 0 > 0)
        #expect(!head.1)
        #expect(absolute.0.status == 200)
        #expect(upgrade.0.status == 200 && upgrade.0.headers["connection"] == "close" && upgrade.1)
        #expect(coding.0.status == 501)
        #expect(
            (coding.0.json["status"] as? [String: Any])?["info"] as? String
                == "Transfer-Encoding 'gzip, chunked' is not supported (send the body as it is, or chunked)")
        #expect(try ServeFixture.logged(setup).count == 1)
    }

    /// A server on a fresh store, running until the test stops it, and its port.
    static func running() async throws -> (InferenceServer, Task<InferenceServer.Summary, any Error>, Int) {
        let setup = try ServeFixture.liveAndShadow()
        let server = try InferenceServer(
            store: setup.store, deployment: try DeploymentName("production"),
            configuration: ServeConfiguration(port: 0, idleTimeout: 60))
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let running = Task { try await server.run(signals: false) { continuation.yield($0) } }
        var iterator = urls.makeAsyncIterator()
        let url = try #require(await iterator.next())
        return (server, running, try #require(url.split(separator: ":").last.flatMap { Int($0) }))
    }

    /// A stop does not wait for a client that trickles its body: it is answered 503 at once, and a
    /// body already refused 413 is dropped a second later (the server's idle timeout is 60 s).
    @Test(arguments: [(100, 503), (5 << 20, 413)])
    func aStopAnswersARequestStillArriving(declared: Int, status: Int) async throws {
        let (server, running, port) = try await Self.running()
        let socket = try LoopbackHTTP.connect(port: port, timeout: 10)
        defer { close(socket) }
        #expect(
            LoopbackHTTP.write(
                socket, "POST \(Self.predictions) HTTP/1.1\r\nHost: x\r\nContent-Length: \(declared)\r\n\r\n{"))
        try await Task.sleep(for: .milliseconds(200))
        let start = DispatchTime.now().uptimeNanoseconds
        await server.shutdown()
        _ = try await running.value
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(seconds < 5, "the stop took \(seconds) s")
        let answer = try AnswerReader(socket: socket).next()
        #expect(answer.status == status)
        if status == 503 {
            #expect((answer.json["status"] as? [String: Any])?["info"] as? String == ServeFailure.stopping.message)
        }
    }

    /// Stopping closes a connection kept alive between requests at once: it holds nothing up.
    @Test func aStopClosesIdleConnectionsAndReturns() async throws {
        let (server, running, port) = try await Self.running()
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
