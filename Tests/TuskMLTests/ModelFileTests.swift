import Foundation
import TestSupport
import Testing

@testable import TuskML

/// A model file is data from disk: every way of damaging one gets a clean `invalidModel` error
/// naming the file and the field, and whatever loads can be scored without a trap or a hang.
@Suite(.timeLimit(.minutes(5))) struct ModelFileTests {
    let logistic: TrainedModel
    let boosted: TrainedModel
    let data: LabeledData

    init() throws {
        data = try LabeledData(
            table: try table(DatasetFiles.table(.census, rows: 400, seed: 51)), target: "income")
        let fingerprint = DataFingerprint(source: "t", rows: 400, sha256: "")
        logistic = try Trainer.train(.logistic, on: data, fingerprint: fingerprint)
        // A few small trees keep the fuzzing fast; the shapes are those of any boosted model.
        var options = GradientBoosting.Options()
        options.iterations = 4
        let matrix = try logistic.encoder.matrix(data.table)
        let trees = GradientBoosting.fit(matrix, labels: data.labels, options: options)
        boosted = TrainedModel(
            target: logistic.target, classes: logistic.classes, encoder: logistic.encoder, parameters: .boosted(trees),
            outliers: logistic.outliers, seed: 0, trainingData: fingerprint,
            trainingMetrics: BinaryMetrics(labels: data.labels, probabilities: trees.probabilities(matrix)))
    }

    /// The model's JSON as a mutable tree.
    func object(_ model: TrainedModel) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: model.jsonData()) as? [String: Any])
    }

    func load(_ object: [String: Any]) throws(MLError) -> TrainedModel {
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object) } catch {
            fatalError("cannot write the test's JSON: \(error)")
        }
        return try TrainedModel.load(data, source: "m.json")
    }

    func message(_ object: [String: Any]) -> String? {
        do {
            _ = try load(object)
            return nil
        } catch {
            #expect(error.kind == .invalidModel)
            #expect(error.file == "m.json")
            return error.description
        }
    }

    @Test func validModelsLoadBack() throws {
        for model in [logistic, boosted] {
            try model.validate()
            #expect(try TrainedModel.load(model.jsonData(), source: "m.json") == model)
        }
    }

    @Test func versionsOutsideTheRangeAreRefused() throws {
        var model = try object(logistic)
        for version in [-5, 0, 3] {
            model["version"] = version
            #expect(
                message(model)
                    == "m.json: model version \(version); this tusk reads versions 1 to 2 "
                    + "(retrain the model with this tusk)")
        }
        model["version"] = "1"
        #expect(message(model)?.contains("version none") == true)
    }

    @Test func theKindMustMatchTheParameters() throws {
        var model = try object(logistic)
        model["kind"] = "boosted"
        #expect(
            message(model)
                == "m.json: kind is boosted but the model holds logistic parameters "
                + "(retrain the model, or restore the file)")
        model["kind"] = "forest"
        #expect(message(model)?.hasPrefix("m.json: kind 'forest' is not a model kind") == true)
        model["kind"] = "logistic"
        model["boosted"] = try object(boosted)["boosted"]
        #expect(message(model)?.hasPrefix("m.json: the model holds both logistic and boosted parameters") == true)
        model["logistic"] = nil
        model["boosted"] = nil
        #expect(message(model)?.hasPrefix("m.json: kind is logistic but the model holds no parameters") == true)
    }

    @Test func logisticShapesFollowTheEncoder() throws {
        var model = try object(logistic)
        var parameters = try #require(model["logistic"] as? [String: Any])
        let weights = try #require(parameters["weights"] as? [Double])
        parameters["weights"] = Array(weights.dropLast())
        model["logistic"] = parameters
        #expect(
            message(model)?.hasPrefix(
                "m.json: logistic weights has \(weights.count - 1) values, the encoder makes \(weights.count)") == true)
        parameters["weights"] = weights
        parameters["c"] = -1
        model["logistic"] = parameters
        #expect(message(model)?.hasPrefix("m.json: logistic C -1.0 is not a positive finite number") == true)
    }

    @Test func encoderOffsetsLevelsAndFrequenciesAreChecked() throws {
        let model = try object(logistic)
        func withCategorical(_ change: (inout [String: Any]) -> Void) throws -> [String: Any] {
            var model = model
            var encoder = try #require(model["encoder"] as? [String: Any])
            var categorical = try #require(encoder["categorical"] as? [[String: Any]])
            change(&categorical[1])
            encoder["categorical"] = categorical
            model["encoder"] = encoder
            return model
        }
        let second = logistic.encoder.categorical[1]
        #expect(
            message(try withCategorical { $0["offset"] = second.offset + 1 })?.hasPrefix(
                "m.json: encoder categorical '\(second.name)': offset \(second.offset + 1), expected \(second.offset)")
                == true)
        #expect(
            message(try withCategorical { $0["levels"] = second.levels + [second.levels[0]] })?.hasPrefix(
                "m.json: encoder categorical '\(second.name)': level '\(second.levels[0])' appears twice") == true)
        #expect(
            message(try withCategorical { $0["frequencies"] = [0.5] })?.hasPrefix(
                "m.json: encoder categorical '\(second.name)': frequencies has 1 values, the column has \(second.width) slots"
            ) == true)
        #expect(
            message(try withCategorical { $0["offset"] = "x" })?.hasPrefix(
                "m.json: field 'encoder.categorical[1].offset' is not a whole number") == true)
    }

    @Test func treeIndicesMustPointForward() throws {
        let model = try object(boosted)
        func withNode(tree: Int, node: Int, _ change: (inout [String: Any]) -> Void) throws -> [String: Any] {
            var model = model
            var parameters = try #require(model["boosted"] as? [String: Any])
            var trees = try #require(parameters["trees"] as? [[String: Any]])
            var nodes = try #require(trees[tree]["nodes"] as? [[String: Any]])
            change(&nodes[node])
            trees[tree]["nodes"] = nodes
            parameters["trees"] = trees
            model["boosted"] = parameters
            return model
        }
        let count = boosted.boosted?.trees[1].nodes.count ?? 0
        #expect(
            message(try withNode(tree: 1, node: 0) { $0["left"] = 0 })?.hasPrefix(
                "m.json: boosted tree 1 node 0: left child 0 is not a node after it (the tree has \(count) nodes)")
                == true)
        #expect(
            message(try withNode(tree: 1, node: 0) { $0["right"] = 9999 })?.hasPrefix(
                "m.json: boosted tree 1 node 0: right child 9999 is not a node after it") == true)
        #expect(
            message(try withNode(tree: 1, node: 0) { $0["feature"] = 99 })?.hasPrefix(
                "m.json: boosted tree 1 node 0: feature 99 is out of range (the encoder has 14 features; -1 marks a leaf)"
            ) == true)
        let categorical = try #require(
            boosted.boosted?.trees.enumerated().lazy.compactMap { t, tree in
                tree.nodes.firstIndex { $0.feature >= 6 }.map { (t, $0) }
            }.first)
        #expect(
            message(try withNode(tree: categorical.0, node: categorical.1) { $0["leftCategories"] = [1] })?.hasPrefix(
                "m.json: boosted tree \(categorical.0) node \(categorical.1): categories bitset has 1 words") == true)
        var empty = model
        var parameters = try #require(empty["boosted"] as? [String: Any])
        var trees = try #require(parameters["trees"] as? [[String: Any]])
        trees[2]["nodes"] = [Any]()
        parameters["trees"] = trees
        empty["boosted"] = parameters
        #expect(message(empty)?.hasPrefix("m.json: boosted tree 2 has no nodes") == true)
    }

    @Test func theOutlierMatrixIsSquare() throws {
        var model = try object(logistic)
        var outliers = try #require(model["outliers"] as? [String: Any])
        outliers["inverseCovariance"] = [1.0, 0.0]
        model["outliers"] = outliers
        #expect(
            message(model)?.hasPrefix("m.json: outliers inverse covariance has 2 values, expected 36 (6 numeric")
                == true)
    }

    @Test func numbersJSONCannotHoldAreRefused() throws {
        let text = String(decoding: try logistic.jsonData(), as: UTF8.self)
        let intercept = try #require(text.range(of: #""intercept":[^,}]*"#, options: .regularExpression))
        for (bad, expected) in [
            ("1e999", "field 'logistic.intercept' is 1e999, which no double holds as a normal number"),
            ("-1e999", "field 'logistic.intercept' is -1e999, which no double holds"),
            ("4e-320", "field 'logistic.intercept' is 4e-320, which no double holds"),
            ("\"NaN\"", "field 'logistic.intercept' is not a number"),
            ("null", "field 'logistic.intercept' is null, expected a number"),
        ] {
            let damaged = text.replacingCharacters(in: intercept, with: "\"intercept\":\(bad)")
            let error = #expect(throws: MLError.self) { try TrainedModel.load(Data(damaged.utf8), source: "m.json") }
            #expect(error?.kind == .invalidModel)
            #expect(error?.message.hasPrefix(expected) == true, "\(error?.message ?? "")")
        }
    }

    /// Hundreds of random damages: each either loads a model that scores without trapping, or
    /// fails with an `invalidModel` error.
    /// In four independent streams of 200 a kind, test cases of their own that the runner spreads
    /// over the cores.
    @Test(arguments: [TrainedModel.Kind.logistic, .boosted], 0..<4)
    func randomDamageNeverCrashes(kind: TrainedModel.Kind, shard: Int) throws {
        let original = try JSONTree.read((kind == .logistic ? logistic : boosted).jsonData())
        var random = SeededGenerator(seed: (kind == .logistic ? 7 : 8) + 100 * UInt64(shard))
        let rows = data.table.rows(Array(0..<20))
        let record = try RecordReader.table(fromJSON: #"{"age": 40, "sex": "Female", "occupation": "Sales"}"#)
        var loaded = 0
        for _ in 0..<200 {
            var damaged: Any = original
            for _ in 0..<(1 + Int(random.next() % 3)) { damaged = Fuzz.mutate(damaged, &random) }
            guard damaged is [String: Any] else { continue }
            do {
                let model = try TrainedModel.load(JSONTree.write(damaged), source: "m.json")
                loaded += 1
                _ = try? model.probabilities(rows)
                _ = RecordScorer(model).probability(["age": .number(40), "sex": .text("Female")])
                _ = try? Explainer.explain(model, row: record)
                _ = try? Explainer.importance(model, on: rows)
                _ = try? model.outliers.distances(model.encoder.encode(rows))
            } catch {
                #expect(error.kind == .invalidModel)
            }
        }
        // Some damages are harmless (a training metric, a seed): those models load and score.
        #expect(loaded > 0)
    }
}

/// Random structural damage to a JSON tree.
enum Fuzz {
    static var numbers: [Any] {
        [-1, 0, 1, 2, 5, 63, 64, 254, 255, 256, 9999, -9999, 1e308, -1e308, 0.5, Int.max, "x"]
    }

    static func mutate(_ value: Any, _ random: inout SeededGenerator) -> Any {
        if var object = value as? [String: Any], !object.isEmpty {
            let keys = object.keys.sorted()
            let key = keys[Int(random.next() % UInt64(keys.count))]
            switch random.next() % 10 {
            case 0: object[key] = nil
            case 1: object["kind"] = random.next() % 2 == 0 ? "logistic" : "boosted"
            default: object[key] = mutate(object[key] as Any, &random)
            }
            return object
        }
        if var array = value as? [Any] {
            guard !array.isEmpty else { return random.next() % 2 == 0 ? [0] : [[String: Any]()] }
            switch random.next() % 8 {
            case 0: array.removeLast()
            case 1: array.removeFirst()
            case 2: array = []
            case 3: array.append(array[Int(random.next() % UInt64(array.count))])
            default:
                let index = Int(random.next() % UInt64(array.count))
                array[index] = mutate(array[index], &random)
            }
            return array
        }
        if value is String { return random.next() % 2 == 0 ? "" : numbers[Int(random.next() % 5)] }
        if value is Bool { return numbers[Int(random.next() % UInt64(numbers.count))] }
        return numbers[Int(random.next() % UInt64(numbers.count))]
    }
}

/// A key written twice is refused with its place: Foundation's decoder would keep the last silently.
@Suite struct DuplicateKeyTests {
    @Test func aKeyWrittenTwiceIsNamed() {
        #expect(
            DuplicateKeyScan.first(in: Data(#"{"a": 1, "b": {"c": [1, {"d": 2, "d": 3}]}}"#.utf8))
                == .init(path: "b.c[1]", key: "d"))
        #expect(DuplicateKeyScan.first(in: Data(#"{"a": 1, "\u0061": 2}"#.utf8)) == .init(path: "", key: "a"))
        #expect(DuplicateKeyScan.first(in: Data(#"{"a": "x\"y", "b": [], "c": {}}"#.utf8)) == nil)
        #expect(DuplicateKeyScan.first(in: Data(#"{"a": [1, 2"#.utf8)) == nil)  // malformed: the decoder's to say
        #expect(DuplicateKeyScan.first(in: Data(#"{"a": [0, 0.0, -0e5, 1e-300]}"#.utf8)) == nil)
    }
}

/// The probe's crafted models, each refused with its field; and a score that overflows is an error.
@Suite struct ModelBoundsTests {
    let model: TrainedModel
    let text: String

    init() throws {
        let data = try LabeledData(
            table: try table(DatasetFiles.table(.census, rows: 300, seed: 5)), target: "income")
        model = try Trainer.train(.boosted, on: data, fingerprint: DataFingerprint(source: "t", rows: 300, sha256: ""))
        text = String(decoding: try model.jsonData(), as: UTF8.self)
    }

    func refusal(_ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: model.jsonData()) as? [String: Any])
        change(&object)
        return try refusal(try JSONSerialization.data(withJSONObject: object))
    }

    func refusal(_ bytes: Data) throws -> String {
        do {
            _ = try TrainedModel.load(bytes, source: "m.json")
        } catch {
            #expect(error.kind == .invalidModel && error.file == "m.json")
            return error.message
        }
        Issue.record("accepted")
        return ""
    }

    func boosted(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var parameters = object["boosted"] as! [String: Any]
        change(&parameters)
        object["boosted"] = parameters
    }

    @Test func theProbesModelsAreRefused() throws {
        #expect(
            try refusal { object in
                var encoder = object["encoder"] as! [String: Any]
                var numeric = encoder["numeric"] as! [[String: Any]]
                numeric[0]["scale"] = 1e-320
                encoder["numeric"] = numeric
                object["encoder"] = encoder
            }.hasPrefix("field 'encoder.numeric[0].scale' is 1e-320, which no double holds as a normal number"))
        #expect(
            try refusal { object in
                var encoder = object["encoder"] as! [String: Any]
                var numeric = encoder["numeric"] as! [[String: Any]]
                numeric[0]["scale"] = 1e-200
                encoder["numeric"] = numeric
                object["encoder"] = encoder
            }.hasPrefix("encoder numeric 'age': scale 1e-200 is not a finite number of at least 1e-100"))
        #expect(
            try refusal { boosted(&$0) { $0["trees"] = [Any]() } }
                == "boosted trees is empty; a boosted model has a tree")
        #expect(
            try refusal { boosted(&$0) { $0["learningRate"] = -1e308 } }
                == "boosted learning rate -1e+308 is not a number in (0, 1]")
        // A split made a leaf that keeps its children: 23 of 2,000 answers changed before.
        #expect(
            try refusal { object in
                boosted(&object) { parameters in
                    var trees = parameters["trees"] as! [[String: Any]]
                    var nodes = trees[0]["nodes"] as! [[String: Any]]
                    nodes[0]["feature"] = -1
                    trees[0]["nodes"] = nodes
                    parameters["trees"] = trees
                }
            }.hasPrefix("boosted tree 0 node 0: a leaf (feature -1) has children (left 1, right 2)"))
        // Written into the text: JSONSerialization takes seconds to write a 100 MB string.
        let long = try refusal(
            Data(
                text.replacingOccurrences(
                    of: #""target":"income""#,
                    with: #""target":""# + String(repeating: "t", count: 100_000_000) + "\"", options: .literal
                ).utf8))
        #expect(long.hasPrefix("target 'tttt") && long.contains("(100000000 bytes)") && long.count < 300)
    }

    @Test func aDuplicateKeyIsRefused() throws {
        let twice = text.replacingOccurrences(of: "\"seed\":", with: "\"seed\":1,\"seed\":")
        let error = #expect(throws: MLError.self) { try TrainedModel.load(Data(twice.utf8), source: "m.json") }
        #expect(error?.message.hasPrefix("the document has the key 'seed' twice") == true)
    }

    @Test func aScoreThatOverflowsIsAnErrorNotAnAnswer() throws {
        let trained = try Trainer.train(
            .logistic,
            on: try LabeledData(table: try table(DatasetFiles.table(.census, rows: 300, seed: 5)), target: "income"),
            fingerprint: DataFingerprint(source: "t", rows: 300, sha256: ""))
        // A valid model (a scale of 1e-50 is within bounds) and a finite record whose standardized
        // values overflow: the answer would be NaN or a certainty that is only rounding.
        var object = try #require(try JSONSerialization.jsonObject(with: trained.jsonData()) as? [String: Any])
        var encoder = object["encoder"] as! [String: Any]
        var numeric = encoder["numeric"] as! [[String: Any]]
        numeric[0]["scale"] = 1e-50
        numeric[1]["scale"] = 1e-50
        encoder["numeric"] = numeric
        object["encoder"] = encoder
        let logistic = try TrainedModel.load(try JSONSerialization.data(withJSONObject: object), source: "m.json")
        let first = logistic.encoder.numeric[0].name, second = logistic.encoder.numeric[1].name
        let record = try RecordReader.table(fromJSON: "{\"\(first)\": 1e300, \"\(second)\": -1e300}")
        let error = #expect(throws: MLError.self) {
            try logistic.probabilities(record, missingColumnsAreMissing: true)
        }
        #expect(error?.kind == .numerical)
        #expect(error?.message.hasPrefix("the record scores to") == true, "\(String(describing: error))")
        let explained = #expect(throws: MLError.self) { try Explainer.explain(logistic, row: record) }
        #expect(explained?.kind == .numerical)
        #expect(RecordScorer(logistic).probability([first: .number(1e300), second: .number(-1e300)]).isNaN)
    }

    /// Wide numerics keep one variance each, not a d × d matrix: 400 columns over 300 rows.
    @Test func wideNumericsGetTheDiagonalForm() throws {
        var random = SeededGenerator(seed: 3)
        var csv = (0..<400).map { "x\($0)" }.joined(separator: ",") + ",y\n"
        for _ in 0..<300 {
            let row = (0..<400).map { _ in Double(random.next() % 1000) / 100 }
            csv += row.map { String($0) }.joined(separator: ",") + (row[0] > 5 ? ",yes\n" : ",no\n")
        }
        let data = try LabeledData(table: try table(csv), target: "y")
        let wide = try Trainer.train(
            .logistic, on: data, fingerprint: DataFingerprint(source: "w", rows: 300, sha256: ""))
        #expect(wide.outliers.form == .diagonal)
        #expect(wide.outliers.variances.count == 400 && wide.outliers.inverseCovariance.isEmpty)
        #expect(try wide.jsonData().count < 200_000)
        let loaded = try TrainedModel.load(wide.jsonData(), source: "w.json")
        #expect(loaded == wide)
        let distances = wide.outliers.distances(try wide.encoder.encode(data.table))
        let beyond = distances.filter { $0 > wide.outliers.threshold(percentile: 90) }.count
        #expect((25...35).contains(beyond))
        // Narrow data keeps the full form, written as it always was.
        #expect(model.outliers.form == .full && !text.contains("\"form\""))
    }
}
