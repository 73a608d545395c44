import Foundation
import TuskArtifacts
import TuskCore
import TuskLang
import TuskML

/// `outliers MODEL on DATA [--percentile P]`: rows far from the training data.
package struct Outliers: TuskCommand {
    static let percentile = Option<Int>(
        "percentile", value: "P", "the training percentile beyond which a row is an outlier (default 98)", in: 0...100,
        example: "99")
    static let output = Option<DataArgument>(
        "output", short: "o", value: "OUT", "write every outlier (row, distance, features) as CSV", writes: true)

    package static let declaration = CommandDeclaration(
        "outliers", "Find rows far from the training data (Mahalanobis distance of the numeric features).",
        arguments: [.init("MODEL", .data), .init("ON", .keyword), .init("DATA", .data)],
        options: [percentile, output] + ReadArguments.options,
        details: "The report lists the 5 farthest rows; -o writes them all, in row order.",
        examples: [
            "outliers models@master on datasets/collected.csv --percentile 99",
            "outliers models@master on datasets/collected.csv -o outliers.csv",
        ])

    let model: DataArgument
    let data: DataArgument
    let read: ReadArguments
    let percentile: Int
    let output: DataArgument?

    /// How many of the farthest rows the report lists.
    static let shown = 5

    package init(_ call: Invocation) throws(Diagnostic) {
        try call.keyword(before: 1)
        model = try DataArgument(call.argument(0))
        data = try DataArgument(call.argument(1))
        read = try ReadArguments(call)
        percentile = try call[Self.percentile] ?? 98
        output = try call[Self.output]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> OutlierReport {
        let trained = try context.loadModel(model)
        let loaded = try context.loadTable(data, read, label: trained.model.target, for: trained.model)
        let detector = trained.model.outliers
        let distances: [Double]
        do { distances = detector.distances(try trained.model.encoder.encode(loaded.table)) } catch {
            throw Diagnose.data(error, at: data.span)
        }
        let threshold = detector.threshold(percentile: percentile)
        let flagged = distances.indices.filter { distances[$0] > threshold }
        let top = flagged.sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            .prefix(Self.shown)
        func row(_ row: Int) -> OutlierReport.Row {
            OutlierReport.Row(
                row: row + 1, distance: distances[row],
                values: trained.model.encoder.numeric.map { feature -> Double? in
                    guard case .numeric(let column)? = loaded.table.column(named: feature.name)?.values else {
                        return nil
                    }
                    return column[row].isNaN ? nil : column[row]
                })
        }
        var receipt: WriteReceipt?
        if let output {
            var csv = (["row", "distance"] + detector.features).map(CSVText.field).joined(separator: ",") + "\n"
            for index in flagged {
                let found = row(index)
                csv +=
                    ([String(found.row), String(format: "%.6f", found.distance)]
                    + found.values.map {
                        $0.map(NumberFormat.shortest) ?? ""
                    })
                    .joined(separator: ",") + "\n"
            }
            receipt = try context.write(
                Array(csv.utf8), to: output,
                provenance: [trained.source.commit, loaded.source.commit].compactMap { $0 },
                message: "outliers by \(trained.source.name)")
        }
        return OutlierReport(
            model: trained.source.address, data: loaded.source.address, rows: distances.count, outliers: flagged.count,
            percentile: percentile, threshold: threshold, features: detector.features, farthest: top.map(row),
            output: receipt)
    }
}

package struct OutlierReport: CommandOutput {
    package struct Row: Codable, Sendable {
        /// 1-based data row.
        package let row: Int
        package let distance: Double
        /// The numeric features' values, nil when missing.
        package let values: [Double?]
    }

    package let model: AddressText
    package let data: AddressText
    package let rows: Int
    package let outliers: Int
    package let percentile: Int
    /// The Mahalanobis distance at the training percentile.
    package let threshold: Double
    package let features: [String]
    /// The farthest outliers, farthest first.
    package let farthest: [Row]
    /// Every outlier, written with -o.
    package let output: WriteReceipt?

    package func render(_ text: inout TextOutput) {
        let share = rows == 0 ? 0 : Double(outliers) / Double(rows)
        text.line(
            "outliers in \(data) by \(model): \(NumberFormat.count(outliers)) of \(NumberFormat.count(rows)) rows "
                + "(\(NumberFormat.percent(share))) beyond the training \(percentile)th percentile "
                + "(Mahalanobis distance \(NumberFormat.metric(threshold)))")
        text.line(
            "expected about \(NumberFormat.percent(Double(100 - percentile) / 100)) if the data looks like the training data"
        )
        guard !farthest.isEmpty else { return }
        text.line(
            outliers > farthest.count
                ? "the \(farthest.count) farthest of \(NumberFormat.count(outliers))"
                    + (output == nil ? " (-o FILE writes them all):" : ":")
                : "all \(NumberFormat.count(outliers)):")
        var table = TextTable(["ROW", "DISTANCE"] + features)
        for row in farthest {
            table.add(
                ["\(row.row)", NumberFormat.metric(row.distance)]
                    + row.values.map { $0.map(NumberFormat.number) ?? "?" })
        }
        text.table(table)
        if let output { text.line(ReceiptText.line(output)) }
    }
}
