import Foundation
import TuskML

/// Logistic regression on one categorical column of many levels (20,000 rows, 5,000 levels with a
/// long tail, seeded): the default pooling, then each solver on wider and wider encodings, to see
/// where conjugate gradients overtake the Cholesky factorization (`directLimit`).
func benchWideCategoricals(repetitions: Int) throws {
    var random = SeededGenerator(seed: 5000)
    var csv = "x,city,label\n"
    for i in 0..<20_000 {
        let x = random.normal()
        let city = i < 5000 ? i : Int(random.uniform() * random.uniform() * 5000)
        csv += "\(x),c\(city),\(x + random.normal() + (city % 3 == 0 ? 0.5 : 0) > 0 ? "yes" : "no")\n"
    }
    let table = try TableLoader.load(try CSVReader.parse(Array(csv.utf8), source: "wide.csv"))
    let data = try LabeledData(table: table, target: "label")
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, repetitions / 4) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }
    let fingerprint = DataFingerprint(source: "wide.csv", rows: data.rowCount, sha256: "")
    let pooled = try seconds { _ = try Trainer.train(.logistic, on: data, fingerprint: fingerprint) }
    print(String(format: "logistic, 5,000 levels, default pooling (100 slots): %8.1f ms", pooled * 1e3))
    for slots in [100, 200, 300, 450, 600, 1000, 5000] {
        let encoder = FeatureEncoder.fit(data, options: FeatureEncoder.Options(maxCategories: slots))
        let rows = try encoder.encode(table)
        var options = LogisticRegression.Options()
        options.directLimit = 1
        var fitted: LogisticRegression?
        let iterative = try seconds {
            fitted = try LogisticRegression.fit(rows, width: encoder.width, labels: data.labels, options: options)
        }
        var direct = Double.nan
        if slots <= 1000 {
            options.directLimit = .max
            direct = try seconds {
                _ = try LogisticRegression.fit(rows, width: encoder.width, labels: data.labels, options: options)
            }
        }
        print(
            String(
                format: "  width %5d: Cholesky %9.1f ms, conjugate gradients %7.1f ms (%d Newton steps, gradient %.1e)",
                encoder.width, direct * 1e3, iterative * 1e3, fitted?.iterations ?? 0, fitted?.finalGradient ?? .nan))
    }
}
