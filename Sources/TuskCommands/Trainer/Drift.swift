import TuskCore
import TuskLang
import TuskML

/// `drift REFERENCE vs DATA`: a two-sample test per feature, Bonferroni-corrected.
package struct Drift: TuskCommand {
    static let target = Option<String>(
        "target", value: "COLUMN", "the label column, left out of the tests", kind: .column)
    static let exclude = Option<[Located<String>]>(
        "exclude", value: "A,B", "more columns to leave out (ids)", kind: .column)
    static let alpha = Option<Double>(
        "alpha", value: "X", "the family-wise significance level (default 0.05)", in: 0...1, example: "0.01")

    package static let declaration = CommandDeclaration(
        "drift", "Test whether data has drifted from a reference, feature by feature.",
        arguments: [.init("REFERENCE", .data), .init("VS", .keyword), .init("DATA", .data)],
        options: [target, exclude, alpha] + ReadArguments.options,
        details: """
            Numeric features get a two-sample Kolmogorov-Smirnov test, categorical ones a chi-squared
            test, with p-values as scipy computes them (ks_2samp, chi2_contingency). A feature drifts
            when its p-value is below alpha divided by the number of features (Bonferroni). A format
            option (--schema, --columns, --delimiter) written before 'vs' describes the reference, one
            written after it the data; each side may have its own.

            When both sides are one file of one repo at two commits (REPO@A:/PATH vs REPO@B:/PATH), A an
            ancestor of B, drift also walks the history between: every version of the file written after
            A through B is tested against A with the same tests and threshold, and each feature that
            drifts in B is attributed to the commit where its drift began, with that commit's message,
            the job that made it and its provenance.

            p-values are not monotone along a history (a feature can cross, fall back and cross again), so a bisection could stop at any crossing:
            the walk tests every version instead and names the first commit of the last unbroken run of
            versions that drift through B (saying how many times the feature crossed when more than
            once). A version where the feature cannot be judged counts as no drift. It costs one read
            and one test of the file per commit that wrote it between A and B; commits that did not
            write it are counted, not read. A table gives each drifting feature's p-value per version.
            """,
        examples: [
            "drift datasets/census.csv vs datasets/collected.csv --target income",
            "drift adult.data --schema uci-adult vs adult.test --schema uci-adult",
            "drift income_data@master^20:/train.csv vs income_data@master:/train.csv --target income",
        ],
        sides: .init(keyword: "vs", options: ReadArguments.options))

    let reference: DataArgument
    let data: DataArgument
    /// How to read each side: a format option written before `vs` describes the reference, one
    /// after it the data.
    let readReference: ReadArguments
    let readData: ReadArguments
    let exclude: [String]
    let alpha: Double

    package init(_ call: Invocation) throws(Diagnostic) {
        try call.keyword(before: 1)
        reference = try DataArgument(call.argument(0))
        data = try DataArgument(call.argument(1))
        let vs = call.keywords["vs"]
        func beforeVS(_ token: Token) -> Bool {
            guard let vs else { return true }
            return Invocation.precedes(token, vs)
        }
        readReference = try ReadArguments(call, include: beforeVS)
        readData = try ReadArguments(call, include: { !beforeVS($0) })
        exclude = try (call[Self.exclude] ?? []).map(\.value) + (call[Self.target].map { [$0] } ?? [])
        let alpha = try call[Self.alpha] ?? 0.05
        guard alpha > 0, alpha < 1 else {
            throw Diagnostic(
                "--alpha must be a number between 0 and 1", at: call.valueSpan(Self.alpha), help: "e.g. --alpha 0.01")
        }
        self.alpha = alpha
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DriftReport {
        let old = try context.loadTable(reference, readReference)
        let new = try context.loadTable(data, readData)
        let report: DriftDetector.Report
        do {
            report = try DriftDetector.compare(
                reference: old.table, data: new.table,
                exclude: exclude + [old.schema?.target, new.schema?.target].compactMap { $0 },
                alpha: alpha)
        } catch {
            throw Diagnose.data(error, at: data.span)
        }
        return DriftReport(
            reference: old.source.address, data: new.source.address, referenceRows: report.referenceRows,
            rows: report.rows,
            alpha: alpha, threshold: report.threshold,
            features: report.features.map {
                .init(
                    name: $0.name, test: $0.test, statistic: $0.statistic, pValue: $0.pValue, drifted: $0.drifted,
                    cannotJudge: $0.cannotJudge)
            },
            history: try history(
                reference: old, exclude: exclude + [old.schema?.target, new.schema?.target].compactMap { $0 }, context))
    }
}

package struct DriftReport: CommandOutput {
    package struct Feature: Codable, Sendable {
        package let name: String
        /// `ks` or `chi2`.
        package let test: String
        package let statistic: Double
        package let pValue: Double
        package let drifted: Bool
        /// Why the feature could not be tested (no values on one side), or nil.
        package let cannotJudge: String?
    }

    package let reference: AddressText
    package let data: AddressText
    package let referenceRows: Int
    package let rows: Int
    package let alpha: Double
    /// alpha divided by the number of features (Bonferroni).
    package let threshold: Double
    package let features: [Feature]

    /// `pass` (no drift), `fail` (drift) or `cannot judge`.
    package let verdict: Judgement.Outcome
    /// Both sides one file of one repo, the reference's commit an ancestor of the data's: each
    /// version between, and the commit where each drifting feature began to drift.
    package var history: DriftHistory? = nil

    init(
        reference: AddressText, data: AddressText, referenceRows: Int, rows: Int, alpha: Double, threshold: Double,
        features: [Feature], history: DriftHistory? = nil
    ) {
        self.history = history
        self.reference = reference
        self.data = data
        self.referenceRows = referenceRows
        self.rows = rows
        self.alpha = alpha
        self.threshold = threshold
        self.features = features
        verdict =
            features.contains(where: \.drifted)
            ? .fail : (features.contains { $0.cannotJudge != nil } ? .cannotJudge : .pass)
    }

    package var drifted: [String] { features.filter(\.drifted).map(\.name) }

    package func render(_ text: inout TextOutput) {
        let unjudged = features.filter { $0.cannotJudge != nil }
        let tested = features.count - unjudged.count
        text.line(
            "drift of \(data) (\(NumberFormat.count(rows)) rows) from \(reference) "
                + "(\(NumberFormat.count(referenceRows)) rows): \(features.count) features"
                + (unjudged.isEmpty ? "" : " (\(tested) tested)") + ", "
                + "alpha \(NumberFormat.shortest(alpha)) / \(tested) = \(NumberFormat.pValue(threshold)) each (Bonferroni)"
        )
        var table = TextTable("FEATURE", "TEST", "STATISTIC", "P-VALUE", "DRIFT")
        for feature in features {
            table.add(
                feature.name, feature.test, NumberFormat.metric(feature.statistic), NumberFormat.pValue(feature.pValue),
                DriftText.cell(feature.cannotJudge, drifted: feature.drifted))
        }
        text.table(table)
        let cannot = unjudged.map { "\($0.name) (\($0.cannotJudge ?? ""))" }.joined(separator: ", ")
        switch verdict {
        case .pass: text.line("verdict: \(.pass("no drift"))")
        case .fail:
            text.line(
                "verdict: \(.fail("DRIFT in \(drifted.count) of \(tested) features (\(drifted.joined(separator: ", ")))"))"
                    + (unjudged.isEmpty ? "" : "; \(.warn("cannot judge \(cannot)"))"))
        case .cannotJudge:
            text.line(
                "verdict: \(.warn("CANNOT JUDGE \(cannot)")); no drift in the other \(NumberFormat.plural(tested, "feature"))"
            )
        }
        history?.render(&text)
    }
}
