import Dispatch
import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskServe

#if canImport(Glibc)
    import Glibc
#endif

/// The server's limits on loopback: idle and slow connections closed after the timeout, a cap
/// on open connections answered 503, and every error a JSON body.
@Suite struct ServeLimitsTests {
    @Test func silentAndSlowConnectionsAreClosedAfterTheTimeout() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (closed, _) = try await ServeFixture.withServer(
            setup, configuration: ServeConfiguration(idleTimeout: 0.3)
        ) { port in
            try await Self.blocking { () throws -> [(String, Bool, Double)] in
                var results: [(String, Bool, Double)] = []
                // Silent from the start; stuck inside the request head; a body trickled a byte at a time.
                for (what, send) in [
                    ("silent", { (_: Int32) in }),
                    (
                        "half a head",
                        { socket in _ = LoopbackHTTP.write(socket, "POST /api/v1.0/predictions HTTP/1.1\r\n") }
                    ),
                    (
                        "a trickled body",
                        { socket in
                            _ = LoopbackHTTP.write(
                                socket,
                                "POST /api/v1.0/predictions HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n{")
                            // A byte every 0.1 s would take 20 s; each keeps the idle timer alive.
                            for _ in 0..<40 {
                                usleep(100_000)
                                guard LoopbackHTTP.write(socket, " ") else { return }
                            }
                        }
                    ),
                ] as [(String, (Int32) -> Void)] {
                    let socket = try LoopbackHTTP.connect(port: port, timeout: 10)
                    defer { close(socket) }
                    let start = DispatchTime.now().uptimeNanoseconds
                    send(socket)
                    let (_, closed) = LoopbackHTTP.readToEnd(socket)
                    results.append((what, closed, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
                }
                return results
            }
        }
        for (what, wasClosed, seconds) in closed {
            #expect(wasClosed, "\(what)")
            #expect(seconds >= 0.25 && seconds < 3, "\(what) closed after \(seconds) s")
        }
        // A connection in use is not idle: a request still gets its answer.
        let (answer, _) = try await ServeFixture.withServer(setup, configuration: ServeConfiguration(idleTimeout: 0.3))
        {
            port in
            try await LoopbackHTTP.send(port: port, "POST", "/api/v1.0/predictions", body: ServeFixture.seldon(rows: 1))
        }
        #expect(answer.status == 200)
    }

    @Test func connectionsOverTheLimitAreAnswered503AndClosed() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let limit = 6
        let ((over, after, open), _) = try await ServeFixture.withServer(
            setup, configuration: ServeConfiguration(maxConnections: limit)
        ) { port in
            var idle: [Int32] = []
            defer { idle.forEach { close($0) } }
            for _ in 0..<limit { idle.append(try LoopbackHTTP.connect(port: port)) }
            // Let the server accept them all before the one over the limit.
            try await Task.sleep(for: .milliseconds(300))
            var over: [HTTPAnswer] = []
            for _ in 0..<3 {
                over.append(
                    try await LoopbackHTTP.send(
                        port: port, "POST", "/v2/models/production/infer", body: ServeFixture.openInference(id: "x")))
            }
            close(idle.removeLast())
            try await Task.sleep(for: .milliseconds(300))
            let after = try await LoopbackHTTP.send(
                port: port, "POST", "/api/v1.0/predictions", body: ServeFixture.seldon(rows: 1))
            return (over, after, idle.count)
        }
        #expect(open == limit - 1)
        for answer in over {
            #expect(answer.status == 503)
            #expect(answer.headers["content-type"] == "application/json")
            #expect(
                answer.json["error"] as? String
                    == "the server has 6 connections open, its limit (retry later, or start tusk serve with a larger "
                    + "--max-connections)")
        }
        #expect(after.status == 200)
        // Nothing over the limit reached the router.
        #expect(try ServeFixture.logged(setup).count == 1)
    }

    @Test func theDefaultLimitIsBelowTheFileLimit() throws {
        let limit = try #require(ServeConfiguration.fileLimit)
        #expect(ServeConfiguration.defaultMaxConnections < limit)
        #expect(ServeConfiguration.defaultMaxConnections == limit - max(64, limit / 10))
        #expect(ServeConfiguration().maxConnections == ServeConfiguration.defaultMaxConnections)
    }

    /// Every path and method: a known path with another method is 405 with Allow, an unknown
    /// one 404, each with a JSON body in its protocol's shape.
    @Test(
        arguments: [
            ("GET", "/api/v1.0/predictions", 405, "POST", true),
            ("GET", "/seldon/seldon/production/api/v1.0/feedback", 405, "POST", true),
            ("GET", "/v2/models/production/infer", 405, "POST", false),
            ("POST", "/v2/health/live", 405, "GET", false),
            ("DELETE", "/v2/models/production", 405, "GET", false),
            ("PUT", "/metrics", 405, "GET", false),
            ("GET", "/nowhere", 404, nil, false),
            ("POST", "/v2/models/production/explain", 404, nil, false),
            ("POST", "/seldon/production/api/v0.1/predictions", 404, nil, true),
            ("GET", "/api/v1.0/metadata", 404, nil, true),
        ] as [(String, String, Int, String?, Bool)])
    func wrongMethodsAre405AndUnknownPaths404WithJSON(
        method: String, path: String, status: Int, allow: String?, seldon: Bool
    ) async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (answer, _) = try await ServeFixture.withApplication(setup) { http in
            try await ServeFixture.send(http, method, path, body: method == "GET" ? nil : "{}")
        }
        #expect(answer.status == status)
        #expect(answer.headers["allow"] == allow)
        #expect(answer.headers["content-type"] == "application/json")
        let message =
            seldon
            ? (answer.json["status"] as? [String: Any])?["info"] as? String : answer.json["error"] as? String
        if status == 405 {
            #expect(message == "\(path) does not take \(method) (it takes \(allow!))")
        } else {
            #expect(message?.hasPrefix("no route \(method) \(path) (tusk serve answers") == true, "\(answer.body)")
        }
    }

    /// The versions the metadata advertises answer; others are 404 with a body, and log nothing.
    @Test func versionedRoutesServeTheLiveReleaseOnly() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (answers, _) = try await ServeFixture.withApplication(setup) { http in
            var answers: [String: HTTPAnswer] = [:]
            for path in [
                "/v2/models/production/versions/2", "/v2/models/production/versions/1",
                "/v2/models/production/versions/2/ready", "/v2/models/production/versions/1/ready",
                "/v2/models/production/versions/x", "/v2/health/ready",
            ] {
                answers["GET " + path] = try await ServeFixture.send(http, "GET", path)
            }
            for version in ["2", "1"] {
                answers["POST " + version] = try await ServeFixture.send(
                    http, "POST", "/v2/models/production/versions/\(version)/infer",
                    body: ServeFixture.openInference(id: "v\(version)"))
            }
            return answers
        }
        #expect(answers["GET /v2/models/production/versions/2"]?.json["versions"] as? [String] == ["2"])
        #expect(answers["GET /v2/models/production/versions/2/ready"]?.status == 200)
        #expect(answers["POST 2"]?.status == 200 && answers["POST 2"]?.json["model_version"] as? String == "2")
        for key in ["GET /v2/models/production/versions/1", "GET /v2/models/production/versions/1/ready", "POST 1"] {
            #expect(answers[key]?.status == 404, "\(key)")
            #expect(
                answers[key]?.json["error"] as? String
                    == "version 1 of model 'production' is not served (its version is 2, the live release; "
                    + "GET /v2/models/production lists it)", "\(key)")
        }
        #expect(answers["GET /v2/models/production/versions/x"]?.status == 404)
        #expect(try ServeFixture.logged(setup).map(\.requestID) == ["v2"])
    }

    /// Seldon's gateway paths, its feedback, and a mistyped category.
    @Test func seldonGatewayPathsAndFeedbackLabelTheLog() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let (answers, _) = try await ServeFixture.withApplication(setup) { http in
            var answers: [HTTPAnswer] = []
            for path in [
                "/seldon/seldon/production/api/v1.0/predictions", "/seldon/production/api/v1.0/predictions",
                "/seldon/seldon/staging/api/v1.0/predictions",
            ] {
                answers.append(
                    try await ServeFixture.send(http, "POST", path, body: ServeFixture.seldon(rows: 2, prefix: "s")))
            }
            for body in [
                #"{"response": {"meta": {"puid": "s1", "tags": {"request_ids": ["s1", "s2"]}}}, "reward": 1, "truth": {"data": {"ndarray": [[">50K"], [0]]}}}"#,
                #"{"request": {"meta": {"puid": "s1"}}, "reward": 1}"#,
                #"{"response": {"meta": {"puid": "s1"}}, "truth": {"data": {"ndarray": [["maybe"]]}}}"#,
            ] {
                answers.append(
                    try await ServeFixture.send(http, "POST", "/seldon/seldon/production/api/v1.0/feedback", body: body)
                )
            }
            answers.append(
                try await ServeFixture.send(
                    http, "POST", "/api/v1.0/predictions",
                    body: ServeFixture.json(ServeFixture.record.merging(["workclass": 5]) { $1 })))
            answers.append(try await ServeFixture.send(http, "GET", "/metrics"))
            return answers
        }
        #expect(answers[0].status == 200 && answers[1].status == 200)
        #expect(answers[2].status == 404)
        #expect(
            (answers[2].json["status"] as? [String: Any])?["info"] as? String
                == "no model named 'staging' is served here (this server serves 'production')")
        #expect(answers[3].status == 200, "\(answers[3].body)")
        #expect(answers[3].body == #"{"meta":{"tags":{"labels":2,"matched":2}}}"#)
        #expect(answers[4].status == 400)
        #expect(
            ((answers[4].json["status"] as? [String: Any])?["info"] as? String)?.hasPrefix(
                "the feedback has no 'truth'") == true)
        #expect(answers[5].status == 400)
        #expect(
            ((answers[5].json["status"] as? [String: Any])?["info"] as? String)?.hasPrefix(
                "the truth 'maybe' of request 's1' is not a class of the model") == true)
        let labels = try setup.store.requestLabels(deployment: try DeploymentName("production"))
        #expect(labels == ["s1": ">50K", "s2": "<=50K"])
        // A number where the model learned words is a mistyped value: 422, naming the field.
        #expect(answers[6].status == 422)
        let status = try #require(answers[6].json["status"] as? [String: Any])
        #expect(status["reason"] as? String == "WRONG_TYPE")
        #expect((status["info"] as? String)?.hasPrefix("'workclass' must be a string, not the number 5") == true)
        #expect(answers[7].body.contains("tusk_feedback_total{deployment=\"production\"} 1\n"))
        #expect(answers[7].body.contains("tusk_feedback_labels_total{deployment=\"production\"} 2\n"))
        #expect(answers[7].body.contains("tusk_feedback_reward_total{deployment=\"production\"} 1\n"))
    }

    static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
