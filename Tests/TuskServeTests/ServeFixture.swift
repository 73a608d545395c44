import Foundation
import Testing
import TuskArtifacts
import TuskCore
import TuskML
import TuskServing
import TuskStore

@testable import TuskServe

/// A store on disk with the project's census and vendor models, and servers on it.
enum ServeFixture {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets").standardizedFileURL.path

    /// The two models, trained once for every test: their JSON, and the data they came from.
    static let trained: [(name: String, model: [UInt8], data: [UInt8])] = {
        let workspace = Workspace(store: try! Store.inMemory(), files: LocalFiles(baseDirectory: datasets))
        return ["census", "vendor"].map { name in
            let loaded = try! workspace.loadTable(.local("\(name).csv"), ReadOptions(), label: "income")
            let data = try! LabeledData(table: loaded.table, target: "income")
            // Trained "from the store": the fingerprint names the file a test puts in `data`, so
            // the release finds its training data there (the drift reference).
            let model = try! Trainer.train(
                .logistic, on: data,
                fingerprint: DataFingerprint(
                    source: "data@master:/\(name).csv", rows: data.rowCount,
                    sha256: ContentHash(of: loaded.source.bytes).hex))
            return (name, Array(try! model.jsonData()), loaded.source.bytes)
        }
    }()

    struct Setup {
        let directory: String
        let store: Store
        let census: ModelAddress
        let vendor: ModelAddress
    }

    /// A change of the deployment, by a rule of DeploymentPolicy.
    enum Change {
        case release(census: Bool)
        case shadow(census: Bool)
    }

    /// A fresh store in a temporary directory, with `production` created and `changes` made.
    static func store(_ changes: [Change]) throws -> Setup {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-serve-\(UUID().uuidString)")
            .path
        let store = try Store.open(directory: directory)
        let workspace = Workspace(store: store, files: LocalFiles(baseDirectory: directory))
        for repo in ["data", "models"] { try store.createRepo(try RepoName(repo)) }
        for (name, model, data) in trained {
            _ = try store.put(
                [FileWrite(path: try RepoPath("/\(name).csv"), bytes: data)], repo: try RepoName("data"),
                branch: try BranchName("master"), message: "\(name) data")
            _ = try store.put(
                [FileWrite(path: try RepoPath("/\(name).json"), bytes: model)], repo: try RepoName("models"),
                branch: try BranchName("master"), message: "train \(name)")
        }
        let engine = ServingEngine(workspace: workspace)
        let census = try engine.resolve(
            .store(repo: try RepoName("models"), ref: CommitRef(base: "master"), path: try RepoPath("/census.json")))
        let vendor = try engine.resolve(
            .store(repo: try RepoName("models"), ref: CommitRef(base: "master"), path: try RepoPath("/vendor.json")))
        _ = try engine.registry.create(try DeploymentName("production"))
        for change in changes {
            try engine.registry.change(try DeploymentName("production")) { deployment throws(ServingError) in
                switch change {
                case .release(let isCensus):
                    try DeploymentPolicy.release(deployment, model: isCensus ? census.address : vendor.address)
                case .shadow(let isCensus):
                    try DeploymentPolicy.shadow(deployment, model: isCensus ? census.address : vendor.address)
                }
            }
        }
        return Setup(directory: directory, store: store, census: census.address, vendor: vendor.address)
    }

    /// Census live, vendor as a shadow.
    static func liveAndShadow() throws -> Setup {
        try store([.release(census: true), .shadow(census: false)])
    }

    /// A server on `setup`'s store, on a free port, for the length of `body`.
    static func withServer<T: Sendable>(
        _ setup: Setup, configuration: ServeConfiguration = ServeConfiguration(port: 0),
        _ body: @Sendable (_ port: Int) async throws -> T
    ) async throws -> (result: T, summary: InferenceServer.Summary) {
        var configuration = configuration
        configuration.port = 0
        let server = try InferenceServer(
            store: setup.store, deployment: try DeploymentName("production"), configuration: configuration)
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let running = Task {
            try await server.run(signals: false) { url in continuation.yield(url) }
        }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next(), let port = url.split(separator: ":").last.flatMap({ Int($0) }) else {
            running.cancel()
            throw HTTPFailure(description: "the server did not start")
        }
        do {
            let result = try await body(port)
            await server.shutdown()
            return (result, try await running.value)
        } catch {
            await server.shutdown()
            _ = try? await running.value
            throw error
        }
    }

    /// A server on `setup`'s store, for the length of `body`, and a client of it (one request per
    /// connection, ``LoopbackHTTP``); what it served.
    static func withApplication<T: Sendable>(
        _ setup: Setup, configuration: ServeConfiguration = ServeConfiguration(port: 0),
        _ body: @Sendable (_ client: Client) async throws -> T
    ) async throws -> (result: T, summary: InferenceServer.Summary) {
        try await withServer(setup, configuration: configuration) { port in try await body(Client(port: port)) }
    }

    /// Where ``withApplication(_:configuration:_:)``'s server listens.
    struct Client: Sendable {
        let port: Int
    }

    /// One request through `client`, with the headers ``LoopbackHTTP`` sends (a JSON body's type
    /// and length).
    static func send(_ client: Client, _ method: String, _ path: String, body: String? = nil) async throws
        -> HTTPAnswer
    {
        try await LoopbackHTTP.send(port: client.port, method, path, body: body)
    }

    /// One census-style request as a plain record.
    static var record: [String: Any] {
        [
            "age": 26, "workclass": "Private", "fnlwgt": 166905, "education": "HS-grad", "education-num": 9,
            "marital-status": "Married-spouse-absent", "occupation": "Other-service", "relationship": "Not-in-family",
            "race": "White", "sex": "Male", "capital-gain": 0, "capital-loss": 0, "hours-per-week": 40,
            "native-country": "Germany",
        ]
    }

    static let names = [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
        "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    ]

    static func json(_ value: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A Seldon payload of `rows` copies of the record, the k-th with request id `prefix`k.
    static func seldon(rows: Int, prefix: String? = nil) -> String {
        var names = self.names
        if prefix != nil { names.insert("request_id", at: 0) }
        let ndarray = (1...rows).map { k -> [Any] in
            (prefix.map { ["\($0)\(k)"] } ?? []) + self.names.map { record[$0]! }
        }
        return json(["data": ["names": names, "ndarray": ndarray]])
    }

    /// An Open Inference V2 payload of one request.
    static func openInference(id: String) -> String {
        json([
            "id": id,
            "inputs": names.map { name -> [String: Any] in
                let value = record[name]!
                return [
                    "name": name, "shape": [1], "datatype": value is String ? "BYTES" : "INT64", "data": [value],
                ]
            },
        ])
    }

    static func logged(_ setup: Setup) throws -> [LoggedRequest] {
        try setup.store.loggedRequests(deployment: try DeploymentName("production"))
    }
}
