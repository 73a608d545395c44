// swift-tools-version: 6.0
// Tusk: a notebook-style REPL and scenario player for MLOps workflows.
// Dependencies point one way: tusk → TuskCLI → TuskRuntime → {TuskLang, TuskStore, TuskML} → TuskCore.
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
    ],
    targets: [
        // Value types shared by every layer: identifiers, paths, content hashes, diagnostics, diffs.
        .target(name: "TuskCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The versioned data store (Pachyderm-like) on SQLite.
        .target(name: "TuskStore", dependencies: ["TuskCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The trainer (scikit-learn-like): tabular data, encoders, models, metrics.
        .target(name: "TuskML", dependencies: ["TuskCore"]),
        // Lexer, parser and AST of the DSL; knows no engine.
        .target(name: "TuskLang", dependencies: ["TuskCore"]),
        // The interpreter, the session and the scenario player.
        .target(name: "TuskRuntime", dependencies: ["TuskCore", "TuskLang", "TuskStore", "TuskML"]),
        // libedit, the line editor of the REPL.
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        // Argument parsing, the REPL and exit codes.
        .target(
            name: "TuskCLI",
            dependencies: [
                "TuskRuntime", "TuskML", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "tusk", dependencies: ["TuskCLI"]),
        // `make bench`: the trainer's speed on the real Adult data, medians of repeated runs.
        .executableTarget(name: "TuskBench", dependencies: ["TuskML"]),
        // `make bench`: the store at 100× the scenario sizes (commits, wide trees, writers, space).
        .executableTarget(name: "TuskStoreBench", dependencies: ["TuskStore", "TuskCore"]),
        .testTarget(name: "TuskCoreTests", dependencies: ["TuskCore"]),
        .testTarget(name: "TuskStoreTests", dependencies: ["TuskStore"]),
        .testTarget(name: "TuskLangTests", dependencies: ["TuskLang"]),
        .testTarget(name: "TuskMLTests", dependencies: ["TuskML"]),
        .testTarget(name: "TuskRuntimeTests", dependencies: ["TuskRuntime"]),
        .testTarget(name: "TuskCLITests", dependencies: ["TuskCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
