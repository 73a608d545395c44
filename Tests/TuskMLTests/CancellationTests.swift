import Testing
import TuskCore

@testable import TuskML

/// A raised flag stops a fit between trees or iterations, and no model comes out.
@Suite struct CancellationTests {
    func data() throws -> LabeledData {
        var text = "x,g,y\n"
        for i in 0..<400 { text += "\(i % 37),\(i % 3 == 0 ? "a" : "b"),\(i % 5 < 2 ? "yes" : "no")\n" }
        let fields = try CSVReader.parse(Array(text.utf8), source: "t.csv")
        return try LabeledData(table: try TableLoader.load(fields, labelColumn: "y"), target: "y")
    }

    @Test(arguments: [TrainedModel.Kind.logistic, .boosted])
    func aRaisedFlagStopsTrainingAndGivesNoModel(kind: TrainedModel.Kind) throws {
        let flag = CancellationFlag()
        flag.cancel()
        let error = #expect(throws: MLError.self) {
            try Trainer.train(
                kind, on: try data(), fingerprint: DataFingerprint(source: "t.csv", rows: 400, sha256: ""),
                cancellation: flag)
        }
        #expect(error?.kind == .cancelled)
        #expect(error?.message == "interrupted: nothing was written")
    }

    @Test func boostingStopsBetweenTrees() throws {
        var options = GradientBoosting.Options()
        let flag = CancellationFlag()
        flag.cancel()
        options.cancellation = flag
        let data = try data()
        let matrix = try FeatureEncoder.fit(data).matrix(data.table)
        #expect(GradientBoosting.fit(matrix, labels: data.labels, options: options).trees.isEmpty)
        #expect(GradientBoosting.fit(matrix, labels: data.labels).trees.count == 100)
    }
}
