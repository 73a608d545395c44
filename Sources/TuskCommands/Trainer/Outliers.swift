import TuskCore
import TuskLang
import TuskML

/// `outliers MODEL on DATA [--percentile P]`: rows far from the training data.
public struct Outliers: TuskCommand {
    public static let declaration = CommandDeclaration(
        "outliers", "Find rows far from the training data (Mahalanobis distance of the numeric features).",
        arguments: [.init("MODEL", .data), .init("ON", .keyword), .init("DATA", .data)],
        options: [
            .init("percentile", value: "P", "the training percentile beyond which a row is an outlier (default 98)")
        ] + ReadArguments.options,
        examples: ["outliers models@master on datasets/collected.csv --percentile 99"])

    let model: DataArgument
    let data: DataArgument
    let read: ReadArguments
    let percentile: Int

    /// How many of the farthest rows the report lists.
    static let shown = 5

    public init(_ call: Invocation) throws(Diagnostic) {
        try call.keyword("on", before: 1)
        model = try DataArgument(call.argument(0))
        data = try DataArgument(call.argument(1))
        read = try ReadArguments(call)
        percentile = try call.integer("percentile", in: 0...100, example: "99") ?? 98
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> OutlierReport {
        let trained = try context.loadModel(model)
        let loaded = try context.loadTable(data, read, label: trained.model.target)
        let detector = trained.model.outliers
        let distances: [Double]
        do { distances = detector.distances(try trained.model.encoder.encode(loaded.table)) } catch {
            throw Diagnose.data(error, at: data.span)
        }
        let threshold = detector.threshold(percentile: percentile)
        let flagged = distances.indices.filter { distances[$0] > threshold }
        let top = flagged.sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            .prefix(Self.shown)
        let rows = top.map { row in
            OutlierReport.Row(
                row: row + 1, distance: distances[row],
                values: trained.model.encoder.numeric.map { feature -> Double? in
                    guard case .numeric(let column)? = loaded.table.column(named: feature.name)?.values else {
                        return nil
                    }
                    return column[row].isNaN ? nil : column[row]
                })
        }
        return OutlierReport(
            model: trained.source.name, data: loaded.source.name, rows: distances.count, outliers: flagged.count,
            percentile: percentile, threshold: threshold, features: detector.features, farthest: rows)
    }
}

public struct OutlierReport: CommandOutput {
    public struct Row: Codable, Sendable {
        /// 1-based data row.
        public let row: Int
        public let distance: Double
        /// The numeric features' values, nil when missing.
        public let values: [Double?]
    }

    public let model: String
    public let data: String
    public let rows: Int
    public let outliers: Int
    public let percentile: Int
    /// The Mahalanobis distance at the training percentile.
    public let threshold: Double
    public let features: [String]
    /// The farthest outliers, farthest first.
    public let farthest: [Row]

    public func render(_ text: inout TextOutput) {
        let share = rows == 0 ? 0 : Double(outliers) / Double(rows)
        text.line(
            "outliers in \(data) by \(model): \(NumberFormat.count(outliers)) of \(NumberFormat.count(rows)) rows "
                + "(\(NumberFormat.percent(share))) beyond the training \(percentile)th percentile "
                + "(Mahalanobis distance \(NumberFormat.metric(threshold)))")
        text.line(
            "expected about \(NumberFormat.percent(Double(100 - percentile) / 100)) if the data looks like the training data"
        )
        guard !farthest.isEmpty else { return }
        if outliers > farthest.count { text.line("the \(farthest.count) farthest:") }
        var table = TextTable(["ROW", "DISTANCE"] + features)
        for row in farthest {
            table.add(
                ["\(row.row)", NumberFormat.metric(row.distance)]
                    + row.values.map { $0.map(NumberFormat.number) ?? "?" })
        }
        text.table(table)
    }
}
