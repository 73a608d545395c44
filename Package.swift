// swift-tools-version: 6.0
// Tusk: a notebook-style REPL and scenario player for MLOps workflows.
// Dependencies point one way: tusk → TuskCLI → TuskRuntime → TuskCommands → {TuskLang, TuskArtifacts};
// TuskArtifacts → {TuskStore, TuskML} → TuskCore. Engines know neither the DSL nor the terminal.
import PackageDescription

let package = Package(
    name: "tusk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tusk", targets: ["tusk"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        // Pachyderm pipeline specs are YAML or JSON; Yams reads both with line and column marks.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Value types shared by every layer: identifiers, paths, content hashes, diagnostics, diffs.
        .target(name: "TuskCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The versioned data store (Pachyderm-like) on SQLite.
        .target(name: "TuskStore", dependencies: ["TuskCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The trainer (scikit-learn-like): tabular data, encoders, models, metrics.
        .target(name: "TuskML", dependencies: ["TuskCore"]),
        // Data and models read from local files or store addresses; outputs written with provenance.
        .target(name: "TuskArtifacts", dependencies: ["TuskCore", "TuskStore", "TuskML"]),
        // Pipelines, jobs, datums and lineage (Pachyderm-like), on the store and the artifact glue.
        .target(
            name: "TuskPipelines",
            dependencies: ["TuskCore", "TuskStore", "TuskArtifacts", .product(name: "Yams", package: "Yams")]),
        // The router (Seldon-like): deployments, releases, canaries and shadows, routing.
        .target(name: "TuskServing", dependencies: ["TuskCore"]),
        // Lexer, command declarations, invocations and addresses of the DSL; knows no engine.
        .target(name: "TuskLang", dependencies: ["TuskCore"]),
        // One type per command, grouped by domain; typed results with text and JSON renderers.
        .target(
            name: "TuskCommands",
            dependencies: ["TuskCore", "TuskLang", "TuskArtifacts", "TuskPipelines", "TuskStore", "TuskML"]),
        // The session, the scenario player and completion.
        .target(
            name: "TuskRuntime",
            dependencies: ["TuskCore", "TuskCommands", "TuskLang", "TuskArtifacts", "TuskPipelines", "TuskStore"]),
        // libedit, the line editor of the REPL.
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        // Argument parsing, the REPL and exit codes.
        .target(
            name: "TuskCLI",
            dependencies: [
                "TuskRuntime", "TuskCommands", "TuskML", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "tusk", dependencies: ["TuskCLI"]),
        // `make bench`: the trainer's speed on the real Adult data, medians of repeated runs.
        .executableTarget(name: "TuskBench", dependencies: ["TuskML"]),
        // `make bench`: the store at 100× the scenario sizes (commits, wide trees, writers, space).
        .executableTarget(name: "TuskStoreBench", dependencies: ["TuskStore", "TuskCore"]),
        // `make bench`: what the pipeline machinery adds per job, beside the same commands by hand.
        .executableTarget(name: "TuskPipelineBench", dependencies: ["TuskRuntime", "TuskStore", "TuskCore"]),
        .testTarget(name: "TuskCoreTests", dependencies: ["TuskCore"]),
        .testTarget(name: "TuskStoreTests", dependencies: ["TuskStore"]),
        .testTarget(name: "TuskLangTests", dependencies: ["TuskLang"]),
        .testTarget(name: "TuskArtifactsTests", dependencies: ["TuskArtifacts"]),
        .testTarget(name: "TuskCommandsTests", dependencies: ["TuskCommands"]),
        .testTarget(name: "TuskPipelinesTests", dependencies: ["TuskPipelines"]),
        .testTarget(name: "TuskServingTests", dependencies: ["TuskServing"]),
        .testTarget(name: "TuskMLTests", dependencies: ["TuskML"]),
        .testTarget(name: "TuskRuntimeTests", dependencies: ["TuskRuntime"]),
        .testTarget(name: "TuskCLITests", dependencies: ["TuskCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
