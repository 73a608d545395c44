import Foundation
import TestSupport
import Testing
import TuskCore
import TuskML
import TuskStore

@testable import TuskCommands

/// A model that validates answers as it was trained to, or is refused: thousands of seeded
/// mutations of real trained models (both kinds) go through the five commands that use a model
/// (`predict`, `evaluate`, `explain`, `release`, and `predict` on the deployment, which is the
/// serving engine `tusk serve` answers with). A hostile mutation (a subnormal, a number beyond
/// its field's range, a wrong type, a missing or duplicated key, a broken tree, a 100 KB string)
/// must be refused by every command with the file and the field; a neutral one (the same JSON
/// written otherwise) must answer exactly as the unmutated model.
@Suite(.timeLimit(.minutes(20))) struct ModelMutationTests {
    let directory: String
    let context: CommandContext

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-mutation-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        context = CommandContext(store: try Store.inMemory(), baseDirectory: directory)
        let files = Dictionary(uniqueKeysWithValues: DatasetFiles.all().map { ($0.name, $0.text) })
        func head(_ name: String, _ lines: Int) throws -> String {
            let text = try #require(files[name])
            return text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines + 1)
                .joined(separator: "\n") + "\n"
        }
        try write("train.csv", head("census.csv", 600))
        // Boosted trees from 150 rows have a few leaves each: 100 real trees, a tenth of the JSON
        // (JSONSerialization rewriting a 1 MB model for every mutation is what the time goes on).
        try write("small.csv", head("census.csv", 150))
        try write("test.csv", head("census_test.csv", 120))
        try write("requests.csv", head("requests_v1.csv", 40))
        _ = try run("create repo models")
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    func run(_ line: String) throws -> [String] {
        let parsed = try #require(try CommandSet.parse(line))
        return try parsed.command.runErased(context).textLines()
    }

    /// Each command's output, or its error; commit ids and deployment names masked.
    func outcomes(_ bytes: Data, deployment: String) throws -> [Result<[String], Diagnostic>] {
        try bytes.write(to: URL(fileURLWithPath: directory + "/m.json"))
        let record =
            #"{"age": 52, "workclass": "Private", "education": "Masters", "sex": "Female", "hours-per-week": 60}"#
        var results: [Result<[String], Diagnostic>] = []
        for line in [
            "predict m.json on test.csv", "evaluate m.json on test.csv", "explain m.json \(record)",
            "put file models@master:/model.json -f m.json", "create deployment \(deployment)",
            "release \(deployment) models@master", "predict \(deployment) -f requests.csv",
        ] {
            let parsed = try #require(try CommandSet.parse(line))
            do {
                let lines = try parsed.command.runErased(context).textLines().map { line in
                    line.replacingOccurrences(of: "[0-9a-f]{12,64}", with: "<id>", options: .regularExpression)
                        .replacingOccurrences(of: deployment, with: "<deployment>")
                }
                results.append(.success(lines))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// The mutations of a kind are drawn in `shards` independent streams, each a test case of its
    /// own, so that the test runner spreads them over the cores instead of ending on one long loop.
    static let shards = 4

    @Test(arguments: [TrainedModel.Kind.logistic, .boosted], 0..<shards)
    func everyMutationIsRefusedOrAnswersAsTheModel(kind: TrainedModel.Kind, shard: Int) throws {
        _ = try run(
            "train \(kind.rawValue) on \(kind == .logistic ? "train" : "small").csv --target income -o trained.json")
        let original = try Data(contentsOf: URL(fileURLWithPath: directory + "/trained.json"))
        let expected = try outcomes(original, deployment: "baseline")
        let answering = [0, 1, 2, 5, 6]  // the commands that use the model (the others are set-up)
        for index in answering {
            guard case .success = expected[index] else {
                Issue.record("the unmutated model fails command \(index): \(expected[index])")
                return
            }
        }
        let tree = try JSONTree.read(original)
        let leaves = Mutation.leaves(tree)
        var random = SeededGenerator(seed: (kind == .logistic ? 19 : 20) + 100 * UInt64(shard))
        var refused = 0, neutral = 0
        // Every mutation is checked at the model's door; one in twenty also through the five commands
        // (each command loads the model again, and a boosted model is 300 KB of JSON).
        let total =
            Int(ProcessInfo.processInfo.environment["TUSK_MUTATIONS"] ?? "") ?? (kind == .logistic ? 1_500 : 500)
        let count = (total + Self.shards - 1 - shard) / Self.shards
        for trial in 0..<count {
            let mutation = Mutation.draw(tree: tree, text: original, leaves: leaves, &random)
            let loaded: Result<TrainedModel, MLError> = Result { () throws(MLError) in
                try TrainedModel.load(mutation.bytes, source: "m.json")
            }
            switch (mutation.hostile, loaded) {
            case (true, .success):
                Issue.record("accepted: \(mutation.description)")
                continue
            case (false, .failure(let error)):
                Issue.record("refused a neutral mutation \(mutation.description): \(error)")
                continue
            case (true, .failure(let error)):
                refused += 1
                #expect(error.kind == .invalidModel && error.file == "m.json", "\(mutation.description): \(error)")
                #expect(
                    mutation.named(in: error.message), "\(mutation.description): the error names no field: \(error)")
            case (false, .success):
                neutral += 1
            }
            guard trial % 20 == 0 else { continue }
            let got = try outcomes(mutation.bytes, deployment: "d\(trial)")
            for index in answering {
                switch (mutation.hostile, got[index]) {
                case (true, .failure(let error)) where index == 6:
                    // The release was refused, so the deployment serves nothing: the router's
                    // door for a model is the release.
                    #expect(error.message.contains("has no release yet"), "\(mutation.description): \(error.message)")
                case (true, .failure(let error)):
                    #expect(
                        error.message.contains("m.json") || error.message.contains("model.json"),
                        "\(mutation.description): command \(index) does not name the file: \(error.message)")
                    #expect(mutation.named(in: error.message), "\(mutation.description): \(error.message)")
                case (true, .success(let lines)):
                    Issue.record("command \(index) answered a hostile mutation \(mutation.description): \(lines)")
                case (false, let result):
                    #expect(
                        "\(result)" == "\(expected[index])",
                        "\(mutation.description): command \(index) answers otherwise")
                }
            }
        }
        #expect(refused > count / 2 && neutral > 0, "refused \(refused), neutral \(neutral)")
    }
}

/// One change to a model document, and whether it must be refused.
struct Mutation: CustomStringConvertible {
    let bytes: Data
    let hostile: Bool
    /// Words of which the error must say one (the field, as the validation names it).
    let fields: [String]
    let description: String

    func named(in message: String) -> Bool {
        let flat = message.lowercased().replacingOccurrences(of: " ", with: "")
        return fields.contains { flat.contains($0.lowercased().replacingOccurrences(of: " ", with: "")) }
    }

    /// A path into the JSON tree: object keys and array indices.
    enum Step: CustomStringConvertible {
        case key(String), index(Int)
        var description: String {
            switch self {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }
    }

    /// Every scalar's path.
    static func leaves(_ value: Any, _ path: [Step] = []) -> [[Step]] {
        if let object = value as? [String: Any] {
            return object.keys.sorted().flatMap { leaves(object[$0]!, path + [.key($0)]) }
        }
        if let array = value as? [Any] { return array.indices.flatMap { leaves(array[$0], path + [.index($0)]) } }
        return [path]
    }

    static func get(_ value: Any, _ path: ArraySlice<Step>) -> Any? {
        guard let step = path.first else { return value }
        switch step {
        case .key(let key): return (value as? [String: Any])?[key].flatMap { get($0, path.dropFirst()) }
        case .index(let index): return (value as? [Any]).flatMap { get($0[index], path.dropFirst()) }
        }
    }

    /// `value` with the thing at `path` replaced (nil: removed).
    static func set(_ value: Any, _ path: ArraySlice<Step>, _ new: Any?) -> Any {
        guard let step = path.first else { return new as Any }
        switch step {
        case .key(let key):
            var object = value as! [String: Any]
            if path.count == 1 { object[key] = new } else { object[key] = set(object[key]!, path.dropFirst(), new) }
            return object
        case .index(let index):
            var array = value as! [Any]
            if path.count == 1, new == nil {
                array.remove(at: index)
            } else {
                array[index] = set(array[index], path.dropFirst(), new)
            }
            return array
        }
    }

    /// The last key on a path.
    static func key(_ path: [Step]) -> String {
        for step in path.reversed() { if case .key(let key) = step { return key } }
        return ""
    }

    /// How the validation names a field.
    static func names(_ key: String) -> [String] {
        let words: [String: [String]] = [
            "weights": ["weight"], "frequencies": ["frequenc"], "percentiles": ["percentile"],
            "variances": ["variance"], "classes": ["class"], "leftCategories": ["categor"], "nodes": ["node"],
            "infrequent": ["level"], "levels": ["level"], "format": ["not a tusk model"], "name": ["name", "feature"],
            "features": ["feature"], "inverseCovariance": ["inverse covariance"], "left": ["left", "child"],
            "right": ["right", "child"], "feature": ["feature"], "learningRate": ["learning rate"],
            "trees": ["tree"], "trainingData": ["training data"], "version": ["version"],
        ]
        return [key] + (words[key] ?? [])
    }

    static func draw(tree: Any, text: Data, leaves: [[Step]], _ random: inout SeededGenerator) -> Mutation {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let choice = random.next() % 20
        if choice == 0 {
            // Neutral: the same document, written otherwise.
            let pretty = random.next() % 2 == 0
            return Mutation(
                bytes: JSONTree.write(tree, pretty: pretty), hostile: false, fields: [],
                description: pretty ? "pretty-printed" : "rewritten")
        }
        if choice == 1 {
            // A key written twice, the second time with another value: JSONDecoder keeps the last.
            let path = pick(leaves.filter { if case .key = $0.last { true } else { false } })
            let key = Self.key(path)
            let object = get(tree, path.dropLast()[...]) as! [String: Any]
            // The key first with another value, then the object as it was: a reader that keeps
            // the last value would load the model unchanged.
            let twice = "{\"\(key)\":0," + String(decoding: JSONTree.write(object), as: UTF8.self).dropFirst()
            let bytes =
                path.count == 1
                ? twice
                : String(decoding: JSONTree.write(set(tree, path.dropLast()[...], "__PLACEHOLDER__")), as: UTF8.self)
                    .replacingOccurrences(of: "\"__PLACEHOLDER__\"", with: twice)
            return Mutation(
                bytes: Data(bytes.utf8), hostile: true, fields: [key],
                description: "key '\(key)' twice at \(path.dropLast().map(\.description).joined())")
        }
        let path = pick(leaves)
        let key = Self.key(path)
        let where_ = path.map(\.description).joined()
        if choice == 2 {
            // A key removed (every key of a model is required, or changes the answer).
            var keyPath = path
            while let last = keyPath.last, case .index = last { keyPath.removeLast() }
            let removedKey = Self.key(keyPath)
            if ["excluded", "infrequent"].contains(removedKey) || keyPath.isEmpty {
                return draw(tree: tree, text: text, leaves: leaves, &random)
            }
            return Mutation(
                bytes: JSONTree.write(set(tree, keyPath[...], nil)), hostile: true,
                fields: names(removedKey) + ["missing"],
                description: "removed \(keyPath.map(\.description).joined())")
        }
        let current = get(tree, path[...])
        var values: [Any] = []
        if current is String {
            values = [String(repeating: "x", count: 100_000)]
        } else if key == "missingGoesLeft" {
            values = [5, "x", NSNull()]
        } else {
            // Wrong types and subnormals are hostile everywhere.
            values = ["x", NSNull(), [1], 1e-320, -5e-324]
            switch key {
            case "weights", "intercept": values += [1e7, -1e308, 1.7976931348623157e308]
            case "value": values += [1e101, -1e308]
            case "baseline": values += [101, -1e308]
            case "scale": values += [0, -1, 1e-200]
            case "c": values += [0, -1, 1e13, 1e-13]
            case "learningRate": values += [0, -1, 2, 1e308]
            case "frequencies": values += [-0.5, 1.5, 1e308]
            case "inverseCovariance": values += [1e101, -1e308]
            case "variances": values += [0, -1, 1e-20, 1e308]
            case "percentiles": values += [-1, 1e308]
            case "accuracy", "precision", "recall", "f1", "rocAUC": values += [-0.1, 1.5, 1e308]
            case "logLoss": values += [-1, 1e308]
            case "count", "rows", "confusion", "iterations": values += [-1, 1e308]
            case "finalGradient": values += [-1, Double.infinity]
            case "version": values += [0, 3, -1]
            case "offset": values += [-1, 99_999]
            case "seed", "leftCategories": values += [1e308, -1.5]
            case "feature":
                // A leaf given a feature, or a split made a leaf that keeps its children.
                values += [-2, 99_999, (current as? Int) == -1 ? 0 : -1]
            case "left", "right":
                values += [-2, 99_999, (current as? Int) == -1 ? 1 : -1, 0]
            case "mean", "threshold": break
            default: break
            }
        }
        var value = pick(values)
        if let number = value as? Double, number.isInfinite {
            // JSON cannot say infinity; the text that means it is a number beyond a double's range.
            value = "__INFINITY__"
        }
        var bytes = JSONTree.write(set(tree, path[...], value))
        if value as? String == "__INFINITY__" {
            bytes = Data(
                String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"__INFINITY__\"", with: "1e999").utf8
            )
        }
        var fields = names(key)
        // A number beyond a double's range is refused by the parser, which cannot say where.
        if value as? String == "__INFINITY__" { fields += ["which no double holds"] }
        // A broken tree is named by its node, whichever field broke it.
        if ["feature", "left", "right"].contains(key) { fields += ["node"] }
        return Mutation(bytes: bytes, hostile: true, fields: fields, description: "\(where_) = \(value)")
    }
}
