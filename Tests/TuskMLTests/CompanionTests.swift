import Testing

@testable import TuskML

@Suite struct CompanionTests {
    func trained(_ kind: TrainedModel.Kind, rows: Int = 2000) throws -> (TrainedModel, LabeledData) {
        let data = try LabeledData(
            table: try table(DatasetFiles.table(.census, rows: rows, seed: 31)), target: "income")
        return (
            try Trainer.train(kind, on: data, fingerprint: DataFingerprint(source: "t", rows: rows, sha256: "")), data
        )
    }

    @Test(arguments: TrainedModel.Kind.allCases)
    func contributionsAddUpToTheModelsScore(kind: TrainedModel.Kind) throws {
        let (model, _) = try trained(kind)
        let record = try RecordReader.table(
            fromJSON:
                #"{"age": 52, "education": "Masters", "marital-status": "Married-civ-spouse", "hours-per-week": 60}"#)
        let explanation = try Explainer.explain(model, row: record)
        let probability = try model.probabilities(record, missingColumnsAreMissing: true)[0]
        #expect(abs(explanation.probability - probability) < 1e-12)
        #expect(
            abs(explanation.base + explanation.contributions.reduce(0) { $0 + $1.logOdds } - explanation.logOdds) < 1e-9
        )
        #expect(explanation.contributions.count == 14)
        #expect(explanation.contributions.first { $0.feature == "age" }?.value == "52")
        #expect(explanation.contributions.first { $0.feature == "race" }?.value == "?")
    }

    @Test func linearContributionsAreWeightTimesDistanceFromAverage() throws {
        let (model, _) = try trained(.logistic)
        let age = model.encoder.numeric[0]
        let record = try RecordReader.table(fromJSON: #"{"age": 60}"#)
        let explanation = try Explainer.explain(model, row: record)
        let expected = model.logistic!.weights[0] * (60 - age.mean) / age.scale
        #expect(abs(explanation.contributions.first { $0.feature == "age" }!.logOdds - expected) < 1e-12)
    }

    @Test func outliersSitBeyondTheTrainingPercentile() throws {
        let (model, data) = try trained(.logistic, rows: 3000)
        let detector = model.outliers
        #expect(detector.percentiles.count == 101)
        #expect(zip(detector.percentiles, detector.percentiles.dropFirst()).allSatisfy { $0 <= $1 })
        let distances = detector.distances(try model.encoder.encode(data.table))
        let beyond = distances.filter { $0 > detector.threshold(percentile: 98) }.count
        #expect(abs(Double(beyond) / 3000 - 0.02) < 0.002)
        // The training average is at distance 0; a wild record is far out.
        let means = model.encoder.numeric.map { "\"\($0.name)\": \($0.mean)" }.joined(separator: ", ")
        let average = try model.encoder.encode(
            RecordReader.table(fromJSON: "{\(means)}"), missingColumnsAreMissing: true)
        #expect(detector.distances(average)[0] < 1e-6)
        let wild = try model.encoder.encode(
            RecordReader.table(fromJSON: #"{"age": 90, "hours-per-week": 99, "capital-gain": 99999}"#),
            missingColumnsAreMissing: true)
        #expect(detector.distances(wild)[0] > detector.threshold(percentile: 100))
    }
}

@Suite struct RecordScorerTests {
    @Test(arguments: TrainedModel.Kind.allCases)
    func scoresRecordsAsTheTablePathDoes(kind: TrainedModel.Kind) throws {
        let data = try LabeledData(
            table: try table(DatasetFiles.table(.census, rows: 1500, seed: 41)), target: "income")
        let model = try Trainer.train(kind, on: data, fingerprint: DataFingerprint(source: "t", rows: 1500, sha256: ""))
        let scorer = RecordScorer(model)
        let json =
            #"{"age": 45, "education": "Masters", "marital-status": "Married-civ-spouse", "occupation": "Pilot", "hours-per-week": 50}"#
        let record: [String: RecordScorer.Value] = [
            "age": .number(45), "education": .text("Masters"), "marital-status": .text("Married-civ-spouse"),
            "occupation": .text("Pilot"), "hours-per-week": .number(50),
        ]
        let expected = try model.probabilities(RecordReader.table(fromJSON: json), missingColumnsAreMissing: true)[0]
        #expect(abs(scorer.probability(record) - expected) < 1e-12)
    }
}
