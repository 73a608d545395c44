import TuskCore
import TuskLang
import TuskML

/// The monitoring companions: drift between datasets.
extension Session {
    func drift(
        _ referenceRef: DataRef, vs ref: DataRef, exclude: [Located<String>], alpha: Double, _ options: DataOptions
    )
        throws(Diagnostic) -> [String]
    {
        let (reference, referenceData, known) = try loadTable(referenceRef, options)
        let (table, data, _) = try loadTable(ref, options)
        let report: DriftDetector.Report
        do {
            report = try DriftDetector.compare(
                reference: reference, data: table, exclude: exclude.map(\.value) + (known.map { [$0.target] } ?? []),
                alpha: alpha)
        } catch {
            throw diagnostic(error, at: ref.span)
        }
        var lines = [
            "drift of \(data.name) (\(Format.count(report.rows)) rows) from \(referenceData.name) "
                + "(\(Format.count(report.referenceRows)) rows): \(report.features.count) features, "
                + "alpha \(Format.number(alpha)) / \(report.features.count) = \(Format.pValue(report.threshold)) each (Bonferroni)"
        ]
        var table2 = TextTable("FEATURE", "TEST", "STATISTIC", "P-VALUE", "DRIFT")
        for feature in report.features {
            table2.add(
                feature.name, feature.test, Format.metric(feature.statistic), Format.pValue(feature.pValue),
                feature.drifted ? "yes" : "no")
        }
        lines += table2.lines
        let drifted = report.features.filter(\.drifted).map(\.name)
        lines.append(
            drifted.isEmpty
                ? "verdict: no drift"
                : "verdict: DRIFT in \(drifted.count) of \(report.features.count) features (\(drifted.joined(separator: ", ")))"
        )
        return lines
    }
}

extension Format {
    /// p-values: four decimals, or scientific notation below 0.001.
    static func pValue(_ p: Double) -> String {
        if p.isNaN { return "n/a" }
        return p >= 0.001 || p == 0 ? String(format: "%.4f", p) : String(format: "%.2e", p)
    }
}
