import TuskCore
import TuskLang
import TuskML

/// `describe DATA [--target COL]`: rows, columns, kinds, missing values, summaries, label balance.
package struct Describe: TuskCommand {
    static let target = Option<Located<String>>(
        "target", value: "COLUMN", "the label column, to show its balance", kind: .column)

    package static let declaration = CommandDeclaration(
        "describe", "Summarize a dataset: columns, kinds, missing values, label balance.",
        arguments: [.init("DATA", .data)],
        options: [target] + ReadArguments.options,
        details: "DATA is a local CSV file or a store address such as income_data@master:/train.csv.",
        examples: ["describe income_data@master:/train.csv --target income"])

    let data: DataArgument
    let read: ReadArguments
    let target: Located<String>?

    package init(_ call: Invocation) throws(Diagnostic) {
        data = try DataArgument(call.argument(0))
        read = try ReadArguments(call)
        target = try call[Self.target]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DatasetSummary {
        let loaded = try context.loadTable(data, read, label: target?.value)
        let table = loaded.table
        if let target, table.column(named: target.value) == nil {
            throw Diagnostic(
                "no column '\(target.value)' in \(loaded.source.name)", at: target.span,
                help: Suggestion.didYouMean(target.value, among: table.columns.map(\.name)))
        }
        var columns: [DatasetSummary.Column] = []
        for column in table.columns {
            switch column.values {
            case .numeric(let values):
                let present = values.filter { !$0.isNaN }
                columns.append(
                    .init(
                        name: column.name, kind: "numeric", missing: values.count - present.count,
                        min: present.min(), mean: present.isEmpty ? nil : Moments(present).mean,
                        max: present.max(), levels: nil, top: nil, topCount: nil))
            case .categorical(let codes, let levels):
                var counts = [Int](repeating: 0, count: levels.count)
                for code in codes where code >= 0 { counts[Int(code)] += 1 }
                let top = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }
                columns.append(
                    .init(
                        name: column.name, kind: "categorical", missing: codes.filter { $0 < 0 }.count, min: nil,
                        mean: nil, max: nil, levels: levels.count, top: top.map { levels[$0] },
                        topCount: top.map { counts[$0] }))
            }
        }
        var balance: DatasetSummary.LabelBalance?
        if let label = target?.value ?? loaded.schema?.target,
            case .categorical(let codes, let levels)? = table.column(named: label)?.values
        {
            var counts = [Int](repeating: 0, count: levels.count)
            for code in codes where code >= 0 { counts[Int(code)] += 1 }
            balance = .init(
                column: label,
                classes: levels.indices.map {
                    .init(
                        name: levels[$0], rows: counts[$0], share: Double(counts[$0]) / Double(max(1, table.rowCount)))
                })
        }
        return DatasetSummary(source: loaded.source.address, rows: table.rowCount, columns: columns, label: balance)
    }
}

package struct DatasetSummary: CommandOutput {
    package struct Column: Codable, Sendable {
        package let name: String
        /// `numeric` or `categorical`.
        package let kind: String
        package let missing: Int
        package let min: Double?
        package let mean: Double?
        package let max: Double?
        /// The number of levels of a categorical column.
        package let levels: Int?
        /// Its most frequent level, and how often.
        package let top: String?
        package let topCount: Int?
    }

    package struct LabelBalance: Codable, Sendable {
        package struct Class: Codable, Sendable {
            package let name: String
            package let rows: Int
            package let share: Double
        }

        package let column: String
        package let classes: [Class]
    }

    package let source: AddressText
    package let rows: Int
    package let columns: [Column]
    package let label: LabelBalance?

    package func render(_ text: inout TextOutput) {
        text.line("\(source): \(NumberFormat.count(rows)) rows, \(columns.count) columns")
        var table = TextTable("COLUMN", "KIND", "MISSING", "SUMMARY")
        for column in columns {
            let summary: String
            if let levels = column.levels {
                summary =
                    "\(levels) levels"
                    + (column.top.map { "; top \($0) (\(NumberFormat.count(column.topCount ?? 0)))" } ?? "")
            } else if let min = column.min, let mean = column.mean, let max = column.max {
                summary =
                    "min \(NumberFormat.number(min)), mean \(NumberFormat.number(mean)), max \(NumberFormat.number(max))"
            } else {
                summary = "-"
            }
            table.add(column.name, column.kind, NumberFormat.count(column.missing), summary)
        }
        text.table(table)
        if let label {
            text.line(
                "label \(label.column): "
                    + label.classes.map {
                        "\($0.name) \(NumberFormat.count($0.rows)) (\(NumberFormat.percent($0.share)))"
                    }.joined(separator: ", "))
        }
    }
}
