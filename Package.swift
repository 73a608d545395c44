// swift-tools-version: 6.0
// Tusk: a notebook-style REPL and scenario player for MLOps workflows.
// Dependencies point one way (a target declares every module it imports, the ones below too):
//   tusk → TuskCLI → TuskRuntime → TuskCommands; tusk-serve → {TuskCLI, TuskServe};
//   TuskCommands → {TuskLang, TuskPipelines, TuskServing, TuskONNX}; TuskServe → TuskServing;
//   {TuskPipelines, TuskServing} → TuskArtifacts → {TuskStore, TuskML} → TuskCore → CSHA256;
//   TuskONNX → TuskML; TuskLang → TuskCore.
// Engines know neither the DSL nor the terminal.
import PackageDescription

// `tusk serve`'s HTTP server is the executable `tusk-serve` (`tusk serve` runs it), the only part
// of tusk that needs SwiftNIO, which is most of a clean build. TUSK_SERVER=0
// leaves it out of the package: `make demo` and `make test` build the story that way, in half the
// time; `make serve`, `make test-serve`, CI and a plain `swift build` include it. An environment
// switch and not a package trait: a trait is a compiler define in every target, so turning it on
// would rebuild all of tusk, and it cannot take targets out of `swift test`'s build.
let includesServer = Context.environment["TUSK_SERVER"] != "0"

// The benches (`make bench`) are executables that `swift test` would build too, though no test runs
// them: TUSK_BENCHES=0 (`make test`) leaves them out, a quarter of a minute of a clean test build.
let includesBenches = Context.environment["TUSK_BENCHES"] != "0"

// The command layer (TuskCommands, TuskRuntime, TuskCLI) is parsing and rendering over the engines,
// no hot loop: optimized file by file on both cores rather than as one whole module, it leaves a
// clean build's critical path sooner (TuskCommands alone was a minute of a core, with one idle).
// In batches (one compiler per core, each parsing the module once, not once per file): the layer
// took 67 s of a clean build instead of 76 s (and 85 s with -Osize), in one fresh clone each.
// The driver then says "ignoring -num-threads argument" once per module: SwiftPM's release build
// asks for threads that batches do not use (a later -num-threads 0 does not quiet it).
let optimizedPerFile: [SwiftSetting] = [
    .unsafeFlags(["-no-whole-module-optimization", "-enable-batch-mode"], .when(configuration: .release))
]

// `make test` builds the tests in the release configuration, beside the optimized binary they
// test; the tests' own code needs no optimizing, and compiles in half the time without it.
let testSettings: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

let package = Package(
    name: "tusk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tusk", targets: ["tusk"])
    ] + (includesServer ? [.executable(name: "tusk-serve", targets: ["tusk-serve"])] : []),
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Pachyderm pipeline specs are YAML or JSON; Yams reads both with line and column marks.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ] + (includesServer ? serverDependencies : []),
    targets: [
        // Value types shared by every layer: identifiers, paths, content hashes, diagnostics, diffs.
        .target(name: "TuskCore", dependencies: ["CSHA256"]),
        // SHA-256 blocks on the processor's SHA instructions (x86-64), for TuskCore's SHA256Stream.
        .target(name: "CSHA256"),
        // The versioned data store (Pachyderm-like) on SQLite, through its own thin layer over the C
        // API (TuskStore/SQLite says why not GRDB).
        .target(name: "TuskStore", dependencies: ["TuskCore", "CSQLite"]),
        // The system's SQLite.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The trainer (scikit-learn-like): tabular data, encoders, models, metrics.
        .target(name: "TuskML", dependencies: ["TuskCore"]),
        // ONNX export of trained models (the whole scoring path as an ONNX-ML graph), in protocol
        // buffer wire format by its own small writer (ProtoWriter says why not swift-protobuf).
        .target(name: "TuskONNX", dependencies: ["TuskML"]),
        // Data and models read from local files or store addresses; outputs written with provenance.
        .target(name: "TuskArtifacts", dependencies: ["TuskCore", "TuskStore", "TuskML"]),
        // Pipelines, jobs, datums and lineage (Pachyderm-like), on the store and the artifact glue.
        .target(
            name: "TuskPipelines",
            dependencies: ["TuskCore", "TuskStore", "TuskArtifacts", .product(name: "Yams", package: "Yams")]),
        // The router (Seldon-like): deployments, releases, canaries and shadows, routing.
        .target(name: "TuskServing", dependencies: ["TuskCore", "TuskStore", "TuskML", "TuskArtifacts"]),
        // Lexer, command declarations, invocations and addresses of the DSL; knows no engine.
        .target(name: "TuskLang", dependencies: ["TuskCore"]),
        // One type per command, grouped by domain; typed results with text and JSON renderers.
        .target(
            name: "TuskCommands",
            dependencies: [
                "TuskCore", "TuskLang", "TuskArtifacts", "TuskPipelines", "TuskServing", "TuskStore", "TuskML",
                "TuskONNX",
            ],
            swiftSettings: optimizedPerFile),
        // The session, the scenario player and completion.
        .target(
            name: "TuskRuntime",
            dependencies: [
                "TuskCore", "TuskCommands", "TuskLang", "TuskArtifacts", "TuskPipelines", "TuskServing", "TuskStore",
                "TuskML", "TuskONNX",
            ],
            swiftSettings: optimizedPerFile),
        // libedit, the line editor of the REPL.
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        // Argument parsing, the REPL and exit codes.
        .target(
            name: "TuskCLI",
            dependencies: [
                "TuskRuntime", "TuskCommands", "TuskLang", "TuskStore", "TuskML", "TuskCore", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimizedPerFile),
        .executableTarget(name: "tusk", dependencies: ["TuskCLI"]),
        // What several test targets share, compiled optimized: the JSON trees the model-damaging
        // tests write thousands of times, and the trait that runs waiting tests on their own threads.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TuskCoreTests", dependencies: ["TuskCore"], swiftSettings: testSettings),
        .testTarget(
            name: "TuskStoreTests",
            dependencies: ["TuskStore", "TuskCore"],
            swiftSettings: testSettings),
        .testTarget(name: "TuskLangTests", dependencies: ["TuskLang", "TuskCore"], swiftSettings: testSettings),
        .testTarget(
            name: "TuskArtifactsTests", dependencies: ["TuskArtifacts", "TuskStore", "TuskML", "TuskCore"],
            swiftSettings: testSettings),
        .testTarget(
            name: "TuskCommandsTests",
            dependencies: [
                "TestSupport", "TuskCommands", "TuskLang", "TuskPipelines", "TuskArtifacts", "TuskStore", "TuskML",
                "TuskCore",
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "TuskPipelinesTests", dependencies: ["TuskPipelines", "TuskArtifacts", "TuskStore", "TuskCore"],
            swiftSettings: testSettings),
        .testTarget(
            name: "TuskServingTests",
            dependencies: ["TuskServing", "TuskStore", "TuskML", "TuskArtifacts", "TuskCore"],
            swiftSettings: testSettings),
        .testTarget(
            name: "TuskMLTests", dependencies: ["TestSupport", "TuskML", "TuskCore"], swiftSettings: testSettings),
        .testTarget(name: "TuskONNXTests", dependencies: ["TuskONNX", "TuskML"], swiftSettings: testSettings),
        .testTarget(
            name: "TuskRuntimeTests",
            dependencies: [
                "TuskRuntime", "TuskCommands", "TuskLang", "TuskPipelines", "TuskServing", "TuskONNX", "TuskStore",
                "TuskML", "TuskCore",
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "TuskCLITests",
            dependencies: ["TestSupport", "TuskCLI", "TuskRuntime", "TuskPipelines", "TuskStore", "TuskCore"],
            swiftSettings: testSettings),
    ] + (includesBenches ? benchTargets : []) + (includesServer ? serverTargets : []),
    swiftLanguageModes: [.v6]
)

/// `make bench`'s executables.
var benchTargets: [Target] {
    [
        // `make bench`: the trainer's speed on the real Adult data, medians of repeated runs; scoring
        // beside onnxruntime's on the models exported as ONNX.
        .executableTarget(name: "TuskBench", dependencies: ["TuskML", "TuskONNX"]),
        // `make bench`: the store at 100× the scenario sizes (commits, wide trees, writers, space).
        .executableTarget(name: "TuskStoreBench", dependencies: ["TuskStore", "TuskCore"]),
        // `make bench`: what the pipeline machinery adds per job, beside the same commands by hand.
        .executableTarget(name: "TuskPipelineBench", dependencies: ["TuskRuntime", "TuskStore", "TuskCore"]),
        // `make bench`: the router's requests per second, logged and not, and one predict's latency.
        .executableTarget(
            name: "TuskServingBench", dependencies: ["TuskServing", "TuskArtifacts", "TuskML", "TuskStore", "TuskCore"]),
    ]
}

/// The HTTP server's libraries, which only `tusk-serve` and its tests use.
var serverDependencies: [Package.Dependency] {
    [
        // `tusk serve`: HTTP/1.1 on SwiftNIO (its event loops, HTTP/1.1 parser and pipelining), and
        // NIO Extras' quiescing helper, whose graceful shutdown lets requests in flight finish.
        // InferenceServer says why not a framework over NIO.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ]
}

/// `tusk-serve`, its library and its tests.
var serverTargets: [Target] {
    [
        // `tusk serve`: the router over HTTP (Seldon and Open Inference V2, Prometheus metrics); the
        // only target that sees the HTTP server library.
        .target(
            name: "TuskServe",
            dependencies: [
                "TuskCore", "TuskServing", "TuskStore", "TuskArtifacts", "TuskML",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ]),
        // `tusk serve …` replaces itself with this executable (TuskCLI's ServeLauncher).
        .executableTarget(
            name: "tusk-serve",
            dependencies: [
                "TuskCLI", "TuskServe", "TuskCommands", "TuskStore", "TuskCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // jemalloc in place of glibc's malloc (libjemalloc-dev, which `make serve` installs): a
            // request is parsed on an event loop and freed on the group's thread, which glibc's
            // arenas handle poorly. Under wrk the server spent 10% less CPU per request with it
            // (InferenceServer's notes; tcmalloc did as well, mimalloc half as well).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
        .testTarget(
            name: "TuskServeTests",
            dependencies: [
                "TuskServe", "TuskServing", "TuskStore", "TuskArtifacts", "TuskML", "TuskCore", "TuskONNX",
            ],
            swiftSettings: testSettings),
    ]
}
