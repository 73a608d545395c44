import Foundation
import Testing

@testable import TuskML

/// onnxruntime, run by `bench/onnx_score.py` in the Python that has it: `$TUSK_PYTHON`, else the
/// virtual environment `.ci/run` makes (`.build/venv-onnx`). The tests that need it skip, saying why,
/// where neither imports onnx and onnxruntime.
enum ONNXRuntime {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL.path

    /// A Python that imports onnx and onnxruntime, or nil.
    static let python: String? = {
        let candidates = [
            ProcessInfo.processInfo.environment["TUSK_PYTHON"], project + "/.build/venv-onnx/bin/python3",
        ]
        for candidate in candidates.compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import onnx, onnxruntime, numpy"]))?.status == 0 { return candidate }
        }
        return nil
    }()

    static let skipReason: Comment =
        "needs onnx and onnxruntime: .ci/run installs them into .build/venv-onnx (or set TUSK_PYTHON)"

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// What onnxruntime answered.
    struct Scored: Decodable {
        let label: [String]
        let probabilities: [[Double]]
        let metadata: [String: String]
        let opsets: [String: Int]
        let irVersion: Int
        let onnxruntime: String

        enum CodingKeys: String, CodingKey {
            case label, probabilities, metadata, opsets, onnxruntime
            case irVersion = "ir_version"
        }
    }

    /// One feed column: numbers (nil for missing) or strings.
    enum Column: Encodable {
        case numbers([Double?])
        case texts([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .numbers(let values): try container.encode(values)
            case .texts(let values): try container.encode(values)
            }
        }
    }

    /// The model's input columns of `table`, as a user would feed them: numbers as read (missing:
    /// NaN), categories as their text (missing: alternately "" and "?", the two spellings the
    /// graph takes).
    static func feed(_ table: Table, _ encoder: FeatureEncoder) throws -> [String: Column] {
        var columns: [String: Column] = [:]
        for feature in encoder.numeric {
            let column = try encoder.column(feature.name, in: table, kind: .numeric)
            guard case .numeric(let values) = column.values else { continue }
            columns[feature.name] = .numbers(values.map { $0.isNaN ? nil : $0 })
        }
        for feature in encoder.categorical {
            let column = try encoder.column(feature.name, in: table, kind: .categorical)
            guard case .categorical(let codes, let levels) = column.values else { continue }
            columns[feature.name] = .texts(
                codes.enumerated().map { row, code in code >= 0 ? levels[Int(code)] : (row % 2 == 0 ? "" : "?") })
        }
        return columns
    }

    /// Checks the model with onnx.checker and scores `table` with onnxruntime.
    static func score(_ model: [UInt8], _ table: Table, _ encoder: FeatureEncoder) throws -> Scored {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-onnx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelFile = directory.appendingPathComponent("model.onnx").path
        let feedFile = directory.appendingPathComponent("feed.json").path
        let outFile = directory.appendingPathComponent("out.json").path
        try Data(model).write(to: URL(fileURLWithPath: modelFile))
        try JSONEncoder().encode(try feed(table, encoder)).write(to: URL(fileURLWithPath: feedFile))
        let (status, output) = try run(
            python!, [project + "/bench/onnx_score.py", "score", modelFile, feedFile, outFile])
        guard status == 0 else { throw ScoreFailure(output: output) }
        return try JSONDecoder().decode(Scored.self, from: Data(contentsOf: URL(fileURLWithPath: outFile)))
    }

    struct ScoreFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "onnx_score.py failed:\n\(output)" }
    }
}
