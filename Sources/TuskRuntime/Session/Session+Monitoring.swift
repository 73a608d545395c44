import TuskCore
import TuskLang
import TuskML

/// The monitoring companions: explanations, outliers, drift.
extension Session {
    func explain(_ modelRef: DataRef, _ record: Located<String>) throws(Diagnostic) -> [String] {
        let (model, modelData) = try loadModel(modelRef)
        let explanation: Explanation
        do {
            explanation = try Explainer.explain(model, row: try RecordReader.table(fromJSON: record.value))
        } catch {
            throw diagnostic(error, at: record.span)
        }
        let decided = model.classes[explanation.probability > 0.5 ? 1 : 0]
        var lines = [
            "\(decided) by \(modelData.name): probability of \(model.classes[1]) \(Format.metric(explanation.probability)), "
                + "log-odds \(Format.signed(explanation.logOdds)) = base \(Format.signed(explanation.base)) + contributions"
        ]
        var table = TextTable("FEATURE", "VALUE", "CONTRIBUTION")
        for part in explanation.contributions {
            table.add(part.feature, part.value, Format.signed(part.logOdds))
        }
        lines += table.lines
        if explanation.contributions.contains(where: { $0.value == "?" }) {
            lines.append("(? marks a feature the record leaves out: it counts as missing)")
        }
        return lines
    }

    func outliers(_ modelRef: DataRef, on ref: DataRef, percentile: Int, _ options: DataOptions) throws(Diagnostic)
        -> [String]
    {
        let (model, modelData) = try loadModel(modelRef)
        let (table, data, _) = try loadTable(ref, options, label: model.target)
        let distances: [Double]
        let values: EncodedRows
        do {
            values = try model.encoder.encode(table)
            distances = model.outliers.distances(values)
        } catch {
            throw diagnostic(error, at: ref.span)
        }
        let threshold = model.outliers.threshold(percentile: percentile)
        let flagged = distances.indices.filter { distances[$0] > threshold }
        let share = distances.isEmpty ? 0 : Double(flagged.count) / Double(distances.count)
        var lines = [
            "outliers in \(data.name) by \(modelData.name): \(Format.count(flagged.count)) of "
                + "\(Format.count(distances.count)) rows (\(Format.percent(share))) beyond the training "
                + "\(percentile)th percentile (Mahalanobis distance \(Format.metric(threshold)))",
            "expected about \(Format.percent(Double(100 - percentile) / 100)) if the data looks like the training data",
        ]
        let top = flagged.sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            .prefix(5)
        if !top.isEmpty {
            var rows = TextTable(["ROW", "DISTANCE"] + model.outliers.features)
            for row in top {
                let cells = model.encoder.numeric.map { feature -> String in
                    guard case .numeric(let column)? = table.column(named: feature.name)?.values else { return "?" }
                    return column[row].isNaN ? "?" : Format.number(column[row])
                }
                rows.add(["\(row + 1)", Format.metric(distances[row])] + cells)
            }
            lines += rows.lines
        }
        return lines
    }

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
                reference: reference, data: table, exclude: exclude.map(\.value) + (known?.target.map { [$0] } ?? []),
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
