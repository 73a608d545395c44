import Foundation
import Testing

@testable import TuskML

/// Numbers at the edges: spellings of missing and infinite values, and values near 1e308.
@Suite struct EdgeNumberTests {
    @Test func readsMissingValuesAsPandasDoes() throws {
        let t = try table("age,city,code\n30,Paris,1\nnan,NA,NA\n40,nan,null\nNaN,-nan,N/A\n-NaN,Rome,None\n")
        guard case .numeric(let ages) = t.column(named: "age")?.values,
            case .categorical(let codes, let levels) = t.column(named: "city")?.values,
            case .numeric(let numbers) = t.column(named: "code")?.values
        else {
            Issue.record("wrong kinds: \(t.schema)")
            return
        }
        #expect(ages[0] == 30 && ages[1].isNaN && ages[2] == 40 && ages[3].isNaN && ages[4].isNaN)
        // In a text column, NA stays a level (it may mean "no alley"); nan is missing.
        #expect(levels == ["NA", "Paris", "Rome"])
        #expect(codes == [1, 0, -1, -1, 2])
        #expect(numbers[0] == 1 && numbers.dropFirst().allSatisfy { $0.isNaN })
    }

    @Test(arguments: [("inf", 1), ("-Infinity", 1), ("1e999", 1), ("+inf", 6)])
    func anInfiniteValueIsAnErrorAtItsCell(value: String, column: Int) {
        let text = column == 1 ? "age,sex\n30,Male\n\(value),Female\n" : "sex,age\nMale,30\nMale,\(value)\n"
        let error = #expect(throws: MLError.self) { try table(text) }
        #expect(error?.message == "value '\(value)' in numeric column 'age' is not finite")
        #expect(error?.location == "t.csv:3:\(column)")
        #expect(error?.subject == .column("age"))
        #expect(error?.help == "write a finite number, or '?' for a missing one")
    }

    @Test func infAmongWordsIsAWord() throws {
        let t = try table("x\ninf\nabc\n")
        guard case .categorical(_, let levels) = t.columns[0].values else {
            Issue.record("x should be categorical")
            return
        }
        #expect(levels == ["abc", "inf"])
    }

    @Test func momentsAreTheUsualOnesOnOrdinaryData() {
        let values = [39.0, 50, .nan, 38, 53, 28.5]
        var sum = 0.0
        for v in values where !v.isNaN { sum += v }
        let mean = sum / 5
        var squares = 0.0
        for v in values where !v.isNaN { squares += (v - mean) * (v - mean) }
        let moments = Moments(values)
        #expect(moments.count == 5)
        #expect(moments.mean == mean)
        #expect(moments.standardDeviation == (squares / 5).squareRoot())
    }

    @Test func momentsStayFiniteNear1e308() {
        let same = Moments([1e308, 1e308, 1e308])
        #expect(same.mean == 1e308 && same.standardDeviation == 0)
        let spread = Moments([1.5e308, -1.5e308])
        #expect(spread.mean == 0 && spread.standardDeviation == 1.5e308)
        let mixed = Moments([0, 0, 0, 1e308])
        #expect(abs(mixed.mean / 2.5e307 - 1) < 1e-12)
        #expect(abs(mixed.standardDeviation / (1e308 * 0.1875.squareRoot()) - 1) < 1e-12)
    }

    @Test(arguments: TrainedModel.Kind.allCases)
    func modelsTrainOnValuesNear1e308(kind: TrainedModel.Kind) throws {
        var csv = "gain,other,label\n"
        for i in 0..<120 {
            let positive = i % 3 == 0
            let gain = i % 7 == 0 ? (i % 2 == 0 ? "1.7e308" : "-1.7e308") : String(i)
            csv += "\(gain),\(i % 5),\(positive ? "yes" : "no")\n"
        }
        let data = try LabeledData(table: try table(csv), target: "label")
        let model = try Trainer.train(kind, on: data, fingerprint: DataFingerprint(source: "t", rows: 120, sha256: ""))
        try model.validate()
        #expect(model.encoder.numeric[0].mean.isFinite && model.encoder.numeric[0].scale.isFinite)
        #expect(try TrainedModel.load(model.jsonData(), source: "m.json") == model)
        #expect(try model.probabilities(data.table).allSatisfy { $0.isFinite })
        let encoded = try model.encoder.encode(data.table)
        #expect(encoded.dense.allSatisfy { $0.isFinite })
    }

    @Test func treeThresholdsBetweenHugeValuesAreFinite() {
        #expect(Binned.thresholds([1.5e308, 1.7e308, -1.7e308]) == [-1.7e308 * 0.5 + 1.5e308 * 0.5, 1.6e308])
        #expect(Binned.thresholds([1, 2, 3]) == [1.5, 2.5])
    }
}
