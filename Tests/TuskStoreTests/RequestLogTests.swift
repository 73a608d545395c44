import Foundation
import Testing
import TuskCore

@testable import TuskStore

/// The request log's chunks: what is written is read back exactly (numbers to the bit, missing
/// values, categories, ids, answers, latencies), by sequence, by id and by release, and a v5 log
/// (a row per request, JSON input, text answers) moves into chunks with every value kept.
@Suite struct RequestLogTests {
    static let numbers: [Double] = [39, -3.5, .nan, 1e15, 0.1, -0.0, 4_503_599_627_370_496, -7, 1e300, 0]
    static let codes: [Int32] = [0, 1, -1, 2, 0, 1, 2, -1, 0, 1]
    static let levels = ["Female", "Male", "Côte \"Ivoire\""]

    static func columns() -> [LoggedColumn] {
        [
            LoggedColumn(name: "age", values: .numbers(numbers)),
            LoggedColumn(name: "sex", values: .codes(codes, levels: levels)),
        ]
    }

    /// Ten requests: even rows answered by live (the shadow beside it), odd rows by canary-1
    /// (live and the shadow beside it).
    static func write(_ store: Store, release: Int, idPrefix: String) throws {
        _ = try store.appendRequests(deployment: try DeploymentName("d"), record: ("deployment", "d")) { _, next in
            var writer = RequestChunkWriter(
                release: release, predictors: ["live", "canary-1", "shadow-1"], columns: columns())
            for row in 0..<10 {
                if row % 2 == 0 {
                    writer.answer(0, Double(row) / 10)
                } else {
                    writer.answer(1, 1 / Double(row + 2))
                    writer.answer(0, 0.5)
                }
                writer.answer(2, .pi / Double(row + 1))
                writer.finish(
                    id: "\(idPrefix)\(row)", row: row, distance: row == 3 ? .infinity : Double(row),
                    latency: row == 0 ? nil : row * 1000)
            }
            return ([writer.chunk(first: next)], ())
        }
    }

    @Test func whatIsWrittenIsReadBackExactly() throws {
        let store = try Store.inMemory()
        try Self.write(store, release: 1, idPrefix: "r")
        try Self.write(store, release: 3, idPrefix: "s")
        #expect(try store.loggedRequestCount(deployment: try DeploymentName("d")) == 20)
        #expect(try store.loggedRequestCount(deployment: try DeploymentName("other")) == 0)
        let all = try store.loggedRequests(deployment: try DeploymentName("d"))
        #expect(all.map(\.sequence) == Array(1...20))
        for (k, request) in all.enumerated() {
            let row = k % 10
            #expect(request.requestID == (k < 10 ? "r" : "s") + "\(row)")
            #expect(request.release == (k < 10 ? 1 : 3))
            #expect(request.latency == (row == 0 ? nil : row * 1000))
            #expect(request.distance == (row == 3 ? .infinity : Double(row)))
            let expected =
                row % 2 == 0
                ? [("live", Double(row) / 10), ("shadow-1", .pi / Double(row + 1))]
                : [("canary-1", 1 / Double(row + 2)), ("live", 0.5), ("shadow-1", .pi / Double(row + 1))]
            #expect(request.answers == expected.map { LoggedAnswer(predictor: $0.0, probability: $0.1) })
            #expect(request.predictor == expected[0].0)
            let age = request.input[0]
            #expect(age.name == "age")
            if Self.numbers[row].isNaN {
                #expect(age.value == .null)
            } else if case .number(let value) = age.value {
                #expect(value.bitPattern == Self.numbers[row].bitPattern, "row \(row)")
            } else {
                Issue.record("row \(row): age is \(age.value)")
            }
            let code = Self.codes[row]
            #expect(request.input[1].value == (code < 0 ? .null : .text(Self.levels[Int(code)])))
        }
        #expect(
            try store.loggedRequests(deployment: try DeploymentName("d"), from: 15).map(\.sequence) == Array(15...20))
        #expect(try store.loggedRequests(deployment: try DeploymentName("d"), id: "s4").map(\.sequence) == [15])
        #expect(try store.loggedRequests(deployment: try DeploymentName("d"), id: "nobody").isEmpty)
        #expect(try store.firstLoggedRequest(deployment: try DeploymentName("d"), release: 2) == 11)
        #expect(try store.firstLoggedRequest(deployment: try DeploymentName("d"), release: 4) == nil)
        // Answers alone: no ids, no inputs read.
        let light = try store.loggedChunks(deployment: try DeploymentName("d"), from: 12, ids: false, inputsFrom: nil)
        #expect(light.map(\.first) == [11] && light[0].ids.isEmpty && light[0].columns.isEmpty)
        #expect(light[0].probabilities.count == 25)
        // Inputs only where asked.
        let tail = try store.loggedChunks(deployment: try DeploymentName("d"), inputsFrom: 11)
        #expect(tail.map { $0.columns.count } == [0, 2])
        #expect(
            try store.attachLabels(
                deployment: try DeploymentName("d"), [("r1", "Male"), ("s9", "Female"), ("zz", "Male")]) == 2)
    }

    @Test func aChunkOutOfSequenceIsRefusedAndNothingIsWritten() throws {
        let store = try Store.inMemory()
        try Self.write(store, release: 1, idPrefix: "r")
        let error = #expect(throws: StoreError.self) {
            _ = try store.appendRequests(deployment: try DeploymentName("d"), record: ("deployment", "d")) { _, next in
                var writer = RequestChunkWriter(release: 1, predictors: ["live"], columns: [])
                writer.answer(0, 0.5)
                writer.finish(id: "x", row: 0, distance: 0, latency: nil)
                return ([writer.chunk(first: next), writer.chunk(first: next + 5)], ())
            }
        }
        #expect(error?.kind == .corrupt)
        #expect(try store.loggedRequestCount(deployment: try DeploymentName("d")) == 10)
    }

    @Test func aV5LogMovesIntoChunksWithEveryValue() throws {
        let directory = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let queue = try ConnectionPool(path: directory + "/store.sqlite")
            try StoreSchema.migrator.migrate(
                queue, upTo: "v5: the router's request log and the labels that arrive later")
            try queue.write { db in
                let rows: [[(any DatabaseValueConvertible)?]] = [
                    [
                        "p", 1, "a1", 1, "live", "m", #"{"age":39,"sex":"Male","note":"tab\tq\"\u00e9"}"#,
                        "live=0.25 shadow-1=0.7000000000000001 ~1.5", nil,
                    ],
                    [
                        "p", 2, "a2", 1, "canary-1", "m", #"{"age":null,"sex":null,"note":"x"}"#,
                        "canary-1=0.9 live=0.1 shadow-1=0.3 ~inf", 1234,
                    ],
                    [
                        "p", 3, "a3", 2, "live", "m", #"{"age":-0.5,"sex":"Female","note":"y"}"#,
                        "live=1e-300 ~0.0", 0,
                    ],
                    ["q", 1, "a1", 1, "live", "m", #"{"x":1}"#, "live=0.5 ~2.0", nil],
                ]
                for row in rows {
                    try db.execute(
                        sql: "INSERT INTO servedRequest VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        arguments: StatementArguments(row))
                }
            }
        }
        let store = try Store.open(directory: directory)
        let p = try store.loggedRequests(deployment: try DeploymentName("p"))
        #expect(p.map(\.sequence) == [1, 2, 3] && p.map(\.release) == [1, 1, 2])
        #expect(p.map(\.requestID) == ["a1", "a2", "a3"])
        #expect(p[0].input.map(\.name) == ["age", "sex", "note"])
        #expect(p[0].input.map(\.value) == [.number(39), .text("Male"), .text("tab\tq\"é")])
        #expect(p[1].input.map(\.value) == [.null, .null, .text("x")])
        #expect(p[2].input.map(\.value) == [.number(-0.5), .text("Female"), .text("y")])
        #expect(
            p[0].answers == [
                .init(predictor: "live", probability: 0.25),
                .init(predictor: "shadow-1", probability: 0.7000000000000001),
            ])
        #expect(p[1].answers.map(\.predictor) == ["canary-1", "live", "shadow-1"] && p[1].distance == .infinity)
        #expect(p[2].answers == [.init(predictor: "live", probability: 1e-300)])
        #expect(p.map(\.latency) == [nil, 1234, 0])
        #expect(try store.loggedRequests(deployment: try DeploymentName("q")).map(\.input.count) == [1])
        #expect(try store.loggedRequestCount(deployment: try DeploymentName("p")) == 3)
        let (old, chunks) = try ConnectionPool(path: directory + "/store.sqlite").read { db in
            (
                try db.tableExists("servedRequest"),
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT count(*) FROM requestLog1) + (SELECT count(*) FROM requestLog2)
                        WHERE (SELECT group_concat(name) FROM requestLogDeployment) = 'p,q'
                        """)
            )
        }
        // Two chunks for p (release 1, then 2), one for q.
        #expect(!old && chunks == 3)
    }
}
