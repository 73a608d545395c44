import Foundation
import Testing
import TuskServing
import TuskStore

@testable import TuskServe

/// Both protocols through the server on loopback: answers, request ids, the log, shadows, and a
/// body over the limit refused without being parsed.
@Suite struct ServeProtocolTests {
    @Test func bothProtocolsAnswerAndLogEveryRequest() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let ((seldon, record, v2), summary) = try await ServeFixture.withApplication(setup) { http in
            let seldon = try await ServeFixture.send(
                http, "POST", "/api/v1.0/predictions", body: ServeFixture.seldon(rows: 2, prefix: "s"))
            let record = try await ServeFixture.send(
                http, "POST", "/api/v1.0/predictions", body: ServeFixture.json(ServeFixture.record))
            let v2 = try await ServeFixture.send(
                http, "POST", "/v2/models/production/infer", body: ServeFixture.openInference(id: "v-1"))
            return (seldon, record, v2)
        }
        #expect(seldon.status == 200 && record.status == 200 && v2.status == 200)
        #expect(seldon.headers["content-type"] == "application/json")
        // Seldon: class probabilities per row, named by class; the request ids in meta.
        let data = try #require(seldon.json["data"] as? [String: Any])
        #expect(data["names"] as? [String] == ["<=50K", ">50K"])
        let rows = try #require(data["ndarray"] as? [[Double]])
        #expect(rows.count == 2 && rows.allSatisfy { abs($0[0] + $0[1] - 1) < 1e-12 })
        let meta = try #require(seldon.json["meta"] as? [String: Any])
        #expect(meta["puid"] as? String == "s1")
        #expect(meta["requestPath"] as? [String: String] == ["live": setup.census.description])
        let tags = try #require(meta["tags"] as? [String: Any])
        #expect(tags["request_ids"] as? [String] == ["s1", "s2"])
        #expect(tags["predictors"] as? [String] == ["live", "live"])
        // A record without an id is named by its place in the log: the third request logged.
        #expect((record.json["meta"] as? [String: Any])?["puid"] as? String == "r3")
        // V2: the payload's id, the release as the version, probability and decision outputs.
        #expect(v2.json["model_name"] as? String == "production")
        #expect(v2.json["model_version"] as? String == "2")
        #expect(v2.json["id"] as? String == "v-1")
        let outputs = try #require(v2.json["outputs"] as? [[String: Any]])
        #expect(outputs.map { $0["name"] as? String } == ["probability", "decision"])
        #expect(outputs.map { $0["datatype"] as? String } == ["FP64", "BYTES"])
        #expect(outputs.map { $0["shape"] as? [Int] } == [[1], [1]])
        let probability = try #require((outputs[0]["data"] as? [Double])?.first)
        #expect((outputs[1]["data"] as? [String])?.first == (probability > 0.5 ? ">50K" : "<=50K"))

        // Every request is in the log, answered by the live model; the shadow scored each one.
        let log = try ServeFixture.logged(setup)
        #expect(log.map(\.requestID) == ["s1", "s2", "r3", "v-1"])
        #expect(log.allSatisfy { $0.predictor == "live" })
        #expect(log.allSatisfy { $0.answers.map(\.predictor) == ["live", "shadow-1"] })
        #expect(log.allSatisfy { ($0.latency ?? 0) > 0 })
        // What was returned is the live model's answer, never the shadow's.
        let live: Double? = log[3].answers[0].probability
        let shadow = log[3].answers[1].probability
        // (Foundation's JSON reader may round the last digit: compare to 1e-15.)
        let returned = try #require(live)
        #expect(abs(returned - probability) < 1e-15 && shadow != live, "\(log[3].answers) \(v2.body)")
        #expect(summary == InferenceServer.Summary(answered: 3, refused: 0))
    }

    /// A bad payload of each kind: its status, the protocol's error shape, one clear message,
    /// and nothing in the log.
    @Test(arguments: [
        ("{\"data\": ", 400, "MALFORMED_PAYLOAD", "malformed JSON at line 1"),
        ("[1, 2]", 400, "WRONG_SHAPE", "the payload must be a JSON object"),
        (
            ServeFixture.json(["data": ["names": ServeFixture.names, "ndarray": [[1, 2]]]]), 400, "WRONG_SHAPE",
            "ndarray row 1 has 2 values for 14 names"
        ),
        (#"{"agee": 39}"#, 422, "UNKNOWN_FEATURE", "'agee' is not a feature of the model (did you mean 'age'?)"),
        (#"{"age": 39}"#, 422, "MISSING_FEATURE", "features 'fnlwgt', 'education-num', 'capital-gain'"),
        (
            ServeFixture.json(ServeFixture.record.merging(["age": "old"]) { $1 }), 422, "WRONG_TYPE",
            "'age' must be a number"
        ),
    ])
    func aBadPayloadGetsItsStatusAndNothingIsLogged(
        payload: String, status: Int, reason: String, message: String
    ) async throws {
        let setup = try ServeFixture.liveAndShadow()
        let ((seldon, v2), summary) = try await ServeFixture.withApplication(setup) { http in
            (
                try await ServeFixture.send(http, "POST", "/api/v1.0/predictions", body: payload),
                try await ServeFixture.send(http, "POST", "/v2/models/production/infer", body: payload)
            )
        }
        #expect(seldon.status == status && v2.status == status)
        let failure = try #require(seldon.json["status"] as? [String: Any])
        #expect(failure["code"] as? Int == status)
        #expect(failure["status"] as? String == "FAILURE")
        #expect(failure["reason"] as? String == reason)
        let info = try #require(failure["info"] as? String)
        #expect(info.contains(message), "\(info)")
        #expect(v2.json.keys.sorted() == ["error"])
        #expect(v2.json["error"] as? String == info)
        #expect(try ServeFixture.logged(setup).isEmpty)
        #expect(summary == InferenceServer.Summary(answered: 0, refused: 2))
    }

    @Test func aBodyOverTheLimitIs413AndNotRead() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let body = ServeFixture.seldon(rows: 40)
        #expect(body.utf8.count > 2000)
        let ((seldon, v2, small), _) = try await ServeFixture.withServer(
            setup, configuration: ServeConfiguration(maxBody: 2000)
        ) { port in
            (
                try await LoopbackHTTP.send(port: port, "POST", "/api/v1.0/predictions", body: body),
                try await LoopbackHTTP.send(port: port, "POST", "/v2/models/production/infer", body: body),
                try await LoopbackHTTP.send(
                    port: port, "POST", "/api/v1.0/predictions", body: ServeFixture.seldon(rows: 1))
            )
        }
        #expect(seldon.status == 413 && v2.status == 413)
        #expect((seldon.json["status"] as? [String: Any])?["reason"] as? String == "PAYLOAD_TOO_LARGE")
        #expect((v2.json["error"] as? String)?.hasPrefix("the request body is larger than 2000 bytes") == true)
        // The limit is the body's, not the server's: a small request still goes through.
        #expect(small.status == 200)
        #expect(try ServeFixture.logged(setup).count == 1)
    }

    @Test func anUnknownModelIs404InTheV2Shape() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let ((infer, metadata, ready), _) = try await ServeFixture.withApplication(setup) { http in
            (
                try await ServeFixture.send(
                    http, "POST", "/v2/models/staging/infer", body: ServeFixture.openInference(id: "x")),
                try await ServeFixture.send(http, "GET", "/v2/models/staging"),
                try await ServeFixture.send(http, "GET", "/v2/models/staging/ready")
            )
        }
        #expect(infer.status == 404 && metadata.status == 404 && ready.status == 404)
        #expect(
            infer.json["error"] as? String
                == "no model named 'staging' is served here (this server serves 'production')")
        #expect(try ServeFixture.logged(setup).isEmpty)
    }

    @Test func healthAndMetadataDescribeTheLiveModel() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let ((live, ready, metadata), _) = try await ServeFixture.withApplication(setup) { http in
            (
                try await ServeFixture.send(http, "GET", "/v2/health/live"),
                try await ServeFixture.send(http, "GET", "/v2/health/ready"),
                try await ServeFixture.send(http, "GET", "/v2/models/production")
            )
        }
        #expect(live.status == 200 && ready.status == 200 && live.body.isEmpty)
        #expect(metadata.json["name"] as? String == "production")
        #expect(metadata.json["platform"] as? String == "tusk")
        #expect(metadata.json["versions"] as? [String] == ["2"])
        let inputs = try #require(metadata.json["inputs"] as? [[String: Any]])
        #expect(Set(inputs.compactMap { $0["name"] as? String }) == Set(ServeFixture.names))
        #expect(inputs.first { $0["name"] as? String == "age" }?["datatype"] as? String == "FP64")
        #expect(inputs.first { $0["name"] as? String == "sex" }?["datatype"] as? String == "BYTES")
        #expect(
            (metadata.json["outputs"] as? [[String: Any]])?.map { $0["name"] as? String } == [
                "probability", "decision",
            ])
    }

    @Test func aDeploymentWithNoReleaseIsNotReadyAndAnswers503() async throws {
        let setup = try ServeFixture.store([])
        let ((ready, predict), _) = try await ServeFixture.withApplication(setup) { http in
            (
                try await ServeFixture.send(http, "GET", "/v2/health/ready"),
                try await ServeFixture.send(
                    http, "POST", "/api/v1.0/predictions", body: ServeFixture.json(ServeFixture.record))
            )
        }
        #expect(ready.status == 400)
        #expect(predict.status == 503)
        let info = (predict.json["status"] as? [String: Any])?["info"] as? String
        #expect(info == "deployment 'production' has no model released: it is not ready to predict")
    }

    /// An HTTP client has no DSL to type: the router's refusals reach it as facts, in the
    /// protocol's terms, never as a command or a flag of the REPL (issue 20's "(release a model
    /// first: release production MODEL)" at the end of a 503 body).
    @Test func refusalsNameNoCommandOfTheDSL() async throws {
        let setup = try ServeFixture.store([])
        let bodies = try await ServeFixture.withServer(setup) { port in
            [
                try await LoopbackHTTP.send(
                    port: port, "POST", "/api/v1.0/predictions", body: ServeFixture.json(ServeFixture.record)),
                try await LoopbackHTTP.send(
                    port: port, "POST", "/v2/models/production/infer",
                    body: #"{"inputs": [{"name": "age", "shape": [1], "datatype": "INT64", "data": [39]}]}"#),
            ]
        }.0
        for response in bodies {
            #expect(response.status == 503)
            let text = response.body
            #expect(text.contains("has no model released"), "\(text)")
            for word in ["release production", "MODEL", "--", "'list ", "'history ", "create deployment"] {
                #expect(!text.contains(word), "the 503 body quotes the DSL (\(word)): \(text)")
            }
        }
    }
}

/// Concurrent payloads are logged in one transaction and scored as one table: each still gets
/// its own answer, the one it gets alone.
@Suite struct ServeGroupTests {
    /// The first `count` requests of the project's request stream as plain records.
    static func records(_ count: Int) throws -> [(id: String, json: String)] {
        let lines = try String(contentsOfFile: ServeFixture.datasets + "/requests_v1.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let numeric: Set = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
        return lines.dropFirst().prefix(count).map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var record: [String: Any] = [:]
            for (name, cell) in zip(header, cells) {
                if cell == "?" || cell.isEmpty {
                    record[name] = NSNull()
                } else if numeric.contains(name) {
                    record[name] = Double(cell)!
                } else {
                    record[name] = cell
                }
            }
            return (cells[0], ServeFixture.json(record))
        }
    }

    @Test func concurrentPayloadsGetTheAnswersTheyGetAlone() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let records = try Self.records(96)
        let ((alone, together), _) = try await ServeFixture.withApplication(setup) { http in
            var alone: [String: String] = [:]
            for (id, json) in records {
                let answer = try await ServeFixture.send(http, "POST", "/api/v1.0/predictions", body: json)
                alone[id] = Self.probabilities(answer)
            }
            let together = try await withThrowingTaskGroup(of: (String, String, String?).self) { group in
                for (id, json) in records {
                    group.addTask {
                        let answer = try await ServeFixture.send(http, "POST", "/api/v1.0/predictions", body: json)
                        return (
                            id, Self.probabilities(answer), (answer.json["meta"] as? [String: Any])?["puid"] as? String
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            return (alone, together)
        }
        #expect(alone.count == 96 && together.count == 96)
        for (id, probabilities, puid) in together {
            #expect(puid == id)
            #expect(probabilities == alone[id], "\(id)")
        }
        let log = try ServeFixture.logged(setup)
        #expect(log.count == 192)
        // Each request's logged input is the same whether it came alone or in a group.
        let inputs = Dictionary(grouping: log, by: \.requestID).mapValues { Set($0.map(\.inputJSON)) }
        #expect(inputs.values.allSatisfy { $0.count == 1 })
    }

    /// The `ndarray` of a Seldon answer, as its text.
    static func probabilities(_ answer: HTTPAnswer) -> String {
        guard let start = answer.body.range(of: "\"ndarray\":"), let end = answer.body.range(of: "]]")
        else { return answer.body }
        return String(answer.body[start.upperBound..<end.upperBound])
    }
}
