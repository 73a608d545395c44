import Testing
import TuskCore
import TuskLang
import TuskML

@testable import TuskCommands

/// `release D MODEL --require "EXPR"`: what an expression means, what each figure reads from the
/// trainer's metrics and audit, and every mistake's message, column and help.
@Suite struct ReleaseGateTests {
    /// The command line the expressions are typed in; the expression's first character is at
    /// column `prefix.count + 2`, after the opening quote.
    static let prefix = "release prod m.json --require "

    /// The `--require` value as the lexer hands it to a command: quotes off, span on the quotes.
    static func located(_ expression: String) throws -> Located<String> {
        let value = try #require(try Lexer.tokenize(prefix + "\"" + expression + "\"").last)
        #expect(value.kind == .string)
        return Located(value.text, at: value.span)
    }

    static func gate(_ expression: String) throws -> ReleaseGate {
        try ReleaseGate(located(expression))
    }

    // MARK: - Parsing

    @Test func parsesAClauseOfEachKind() throws {
        #expect(
            try Self.gate("accuracy >= 0.8").clauses == [
                .init(figure: .metric(.accuracy), comparison: .atLeast, threshold: 0.8, thresholdText: "0.8")
            ])
        #expect(
            try Self.gate("flip_rate(sex)<=1e-3").clauses == [
                .init(
                    figure: .attribute(.flipRate, "sex"), comparison: .atMost, threshold: 0.001, thresholdText: "1e-3")
            ])
        // Spaces around the argument are dropped; column names keep their own dashes.
        let spaced = try Self.gate("disparate_impact ( marital-status ) > .5 and log_loss < 2")
        #expect(spaced.clauses.map(\.text) == ["disparate_impact(marital-status) > .5", "log_loss < 2"])
        #expect(spaced.clauses.map(\.threshold) == [0.5, 2])
    }

    @Test(arguments: ReleaseGate.Metric.allCases)
    func parsesEveryMetric(_ metric: ReleaseGate.Metric) throws {
        let gate = try Self.gate("\(metric.rawValue) != -0.25")
        #expect(gate.clauses.map(\.figure) == [.metric(metric)])
        #expect(gate.clauses.map(\.threshold) == [-0.25])
    }

    @Test(arguments: ReleaseGate.AttributeFigure.allCases)
    func parsesEveryAttributeFigure(_ figure: ReleaseGate.AttributeFigure) throws {
        let gate = try Self.gate("\(figure.rawValue)(race) == 1")
        #expect(gate.clauses.map(\.figure) == [.attribute(figure, "race")])
        #expect(gate.clauses.map(\.text) == ["\(figure.rawValue)(race) == 1"])
    }

    @Test func parsesEveryComparison() throws {
        let gate = try Self.gate("f1 >= 1 and f1 <= 2 and f1 > 3 and f1 < 4 and f1 == 5 and f1 != 6")
        #expect(gate.clauses.map(\.comparison) == [.atLeast, .atMost, .above, .below, .equal, .notEqual])
        #expect(gate.clauses.map(\.threshold) == [1, 2, 3, 4, 5, 6])
    }

    @Test func listsTheAttributesToAuditOnceInOrder() throws {
        let gate = try Self.gate(
            "disparate_impact(sex) >= 0.8 and accuracy >= 0.7 and flip_rate(race) <= 0.05 and selection_ratio(sex) >= 0.8"
        )
        #expect(gate.attributes == ["sex", "race"])
        #expect(gate.needsAudit)
        let plain = try Self.gate("accuracy >= 0.7 and roc_auc >= 0.8")
        #expect(plain.attributes.isEmpty)
        #expect(!plain.needsAudit)
    }

    // MARK: - Checking metrics

    /// Decisions [1, 0, 0, 1, 1] against labels [1, 1, 0, 0, 1]: TP 2, FN 1, TN 1, FP 1.
    static let metrics = BinaryMetrics(labels: [1, 1, 0, 0, 1], probabilities: [0.9, 0.4, 0.2, 0.6, 0.8])

    @Test func metricsThatHoldPass() throws {
        #expect(Self.metrics.accuracy == 0.6)
        #expect(Self.metrics.rocAUC == 5.0 / 6)
        let gate = try Self.gate("accuracy >= 0.6 and precision > 0.6 and roc_auc >= 0.8 and log_loss < 0.5")
        #expect(gate.check(GateFigures(metrics: Self.metrics, audit: nil)) == [])
    }

    @Test func eachMetricThatMissesIsOneFailureWithItsShortfall() throws {
        let gate = try Self.gate("accuracy >= 0.8 and f1 > 0.5 and recall == 1 and log_loss <= 0.1 and accuracy > 0.6")
        let failures = gate.check(GateFigures(metrics: Self.metrics, audit: nil))
        #expect(
            failures == [
                GateFailure(
                    clause: "accuracy >= 0.8", figure: "accuracy", value: 0.6, threshold: 0.8, op: ">=",
                    shortBy: 0.8 - 0.6, reason: nil, message: "accuracy is 0.6000, needs >= 0.8 (short by 0.2000)"),
                GateFailure(
                    clause: "recall == 1", figure: "recall", value: 2.0 / 3, threshold: 1, op: "==",
                    shortBy: 1 - 2.0 / 3, reason: nil, message: "recall is 0.6667, needs == 1 (short by 0.3333)"),
                GateFailure(
                    clause: "log_loss <= 0.1", figure: "log_loss", value: Self.metrics.logLoss, threshold: 0.1,
                    op: "<=", shortBy: Self.metrics.logLoss - 0.1, reason: nil,
                    message: "log_loss is 0.4768, needs <= 0.1 (short by 0.3768)"),
                // A strict comparison that fails at equality misses by nothing.
                GateFailure(
                    clause: "accuracy > 0.6", figure: "accuracy", value: 0.6, threshold: 0.6, op: ">", shortBy: 0,
                    reason: nil, message: "accuracy is 0.6000, needs > 0.6"),
            ])
    }

    @Test func anUndefinedMetricFailsAsNotJudged() throws {
        // One class only: ROC AUC is undefined (NaN), and NaN >= 0.5 must not pass by accident.
        let oneClass = BinaryMetrics(labels: [1, 1, 1], probabilities: [0.9, 0.8, 0.3])
        let failures = try Self.gate("roc_auc >= 0.5 and accuracy >= 0.5").check(
            GateFigures(metrics: oneClass, audit: nil))
        #expect(
            failures == [
                GateFailure(
                    clause: "roc_auc >= 0.5", figure: "roc_auc", value: nil, threshold: 0.5, op: ">=", shortBy: nil,
                    reason: "the data holds rows of one class only",
                    message: "roc_auc cannot be judged: the data holds rows of one class only")
            ])
        let noAudit = try Self.gate("flip_rate(sex) <= 0.05").check(GateFigures(metrics: oneClass, audit: nil))
        #expect(noAudit.map(\.message) == ["flip_rate(sex) cannot be judged: no fairness audit was run"])
    }

    // MARK: - Checking an audit

    /// 80 rows, 40 per sex; income follows x exactly (x >= 10 for `>50K`, x <= 2 otherwise), and
    /// 30 of the men but 10 of the women are `>50K`. A model that follows x selects each group at
    /// its base rate: women 0.25, men 0.75, so disparate impact is exactly 1/3, and the TPR
    /// (1) and FPR (0) are equal across groups.
    static func census(women: Bool = true) -> String {
        var csv = "x,sex,income\n"
        for (sex, positives) in [("Male", 30), ("Female", 10)] where women || sex == "Male" {
            for i in 0..<40 {
                let high = i < positives
                csv += "\(Double(i % 5) * 0.5 + (high ? 10 : 0)),\(sex),\(high ? ">50K" : "<=50K")\n"
            }
        }
        return csv
    }

    static func data(_ csv: String, exclude: [String] = [], classes: [String]? = nil) throws -> LabeledData {
        let table = try TableLoader.load(CSVReader.parse(Array(csv.utf8), source: "census.csv"))
        return try LabeledData(table: table, target: "income", exclude: exclude, classes: classes)
    }

    static func model(_ data: LabeledData) throws -> TrainedModel {
        try Trainer.train(
            .logistic, on: data, fingerprint: DataFingerprint(source: "census.csv", rows: data.rowCount, sha256: ""))
    }

    static func audit(_ model: TrainedModel, on data: LabeledData) throws -> GateFigures {
        let probabilities = try model.probabilities(data.table)
        return GateFigures(
            metrics: BinaryMetrics(labels: data.labels, probabilities: probabilities),
            audit: try Auditor.audit(model, on: data, protected: ["sex"], privileged: ["sex": "Male"]))
    }

    @Test func fairnessFiguresFromARealAuditPassOrFailExactly() throws {
        let data = try Self.data(Self.census())
        let figures = try Self.audit(try Self.model(data), on: data)
        // The premise: the model follows x, so every figure below is known by hand.
        #expect(figures.metrics.accuracy == 1)
        let gate = try Self.gate(
            "disparate_impact(sex) >= 0.8 and statistical_parity_difference(sex) >= -0.1"
                + " and equal_opportunity_difference(sex) <= 0.1 and equalized_odds_difference(sex) <= 0.1"
                + " and average_odds_difference(sex) == 0 and demographic_parity_ratio(sex) >= 0.8"
                + " and demographic_parity_difference(sex) <= 0.1 and selection_ratio(sex) >= 0.8"
                + " and flip_rate(sex) <= 0.05 and accuracy == 1")
        let failures = gate.check(figures)
        let third = 0.25 / 0.75
        #expect(
            failures.map(\.clause) == [
                "disparate_impact(sex) >= 0.8", "statistical_parity_difference(sex) >= -0.1",
                "demographic_parity_ratio(sex) >= 0.8", "demographic_parity_difference(sex) <= 0.1",
                "selection_ratio(sex) >= 0.8",
            ])
        #expect(failures.map(\.value) == [third, -0.5, third, 0.5, third])
        #expect(failures.map(\.shortBy) == [0.8 - third, -0.1 - -0.5, 0.8 - third, 0.5 - 0.1, 0.8 - third])
        #expect(failures.allSatisfy { $0.reason == nil })
        #expect(
            failures.map(\.message) == [
                "disparate_impact(sex) is 0.3333, needs >= 0.8 (short by 0.4667)",
                "statistical_parity_difference(sex) is -0.5000, needs >= -0.1 (short by 0.4000)",
                "demographic_parity_ratio(sex) is 0.3333, needs >= 0.8 (short by 0.4667)",
                "demographic_parity_difference(sex) is 0.5000, needs <= 0.1 (short by 0.4000)",
                "selection_ratio(sex) is 0.3333, needs >= 0.8 (short by 0.4667)",
            ])
        // The same figures pass under thresholds they meet.
        let lenient = try Self.gate("disparate_impact(sex) >= 0.3 and selection_ratio(sex) > 0.33")
        #expect(lenient.check(figures) == [])
    }

    @Test func importanceRankIsTheAttributesPlaceAmongTheFeatures() throws {
        let data = try Self.data(Self.census())
        let figures = try Self.audit(try Self.model(data), on: data)
        let sex = try #require(figures.audit?.attributes.first?.importance)
        // x decides every row; sex is the second of the two features.
        #expect(sex.rank == 2)
        #expect(sex.of == 2)
        #expect(try Self.gate("importance_rank(sex) > 1").check(figures) == [])
        #expect(
            try Self.gate("importance_rank(sex) >= 3").check(figures) == [
                GateFailure(
                    clause: "importance_rank(sex) >= 3", figure: "importance_rank(sex)", value: 2, threshold: 3,
                    op: ">=", shortBy: 1, reason: nil, message: "importance_rank(sex) is 2, needs >= 3 (short by 1)")
            ])
    }

    @Test func figuresTheAuditCannotGiveFailAsNotJudged() throws {
        let data = try Self.data(Self.census())
        // Trained without sex: no flip rate, no importance rank.
        let blind = try Self.model(try Self.data(Self.census(), exclude: ["sex"]))
        let figures = try Self.audit(blind, on: data)
        let gate = try Self.gate(
            "flip_rate(sex) <= 0.05 and importance_rank(sex) > 3 and disparate_impact(race) >= 0.8")
        let failures = gate.check(figures)
        #expect(
            failures.map(\.message) == [
                "flip_rate(sex) cannot be judged: sex is not a feature of the model",
                "importance_rank(sex) cannot be judged: sex is not a feature of the model",
                "disparate_impact(race) cannot be judged: race was not audited (audited: sex)",
            ])
        #expect(failures.map(\.value) == [nil, nil, nil])
        #expect(failures.map(\.shortBy) == [nil, nil, nil])
        #expect(
            failures.map(\.reason) == [
                "sex is not a feature of the model", "sex is not a feature of the model",
                "race was not audited (audited: sex)",
            ])
    }

    @Test func dataWithOneGroupCannotJudgeTheGroupComparisons() throws {
        let model = try Self.model(try Self.data(Self.census()))
        let men = try Self.data(Self.census(women: false), classes: model.classes)
        let figures = try Self.audit(model, on: men)
        let failures = try Self.gate("selection_ratio(sex) >= 0.8 and disparate_impact(sex) >= 0.8").check(figures)
        #expect(
            failures.map(\.message) == [
                "selection_ratio(sex) cannot be judged: sex has one group in the data (Male): nothing to compare",
                "disparate_impact(sex) cannot be judged: the data has no group of sex besides Male",
            ])
    }

    // MARK: - Errors

    /// Each mistake: the expression, the message, the column inside the expression (1 is its
    /// first character, 0 the opening quote) and the caret's length, and the help.
    @Test(
        arguments: [
            ("", "empty condition", 0, 2, "write a condition such as accuracy >= 0.8 and flip_rate(sex) <= 0.05"),
            ("   ", "empty condition", 0, 5, "write a condition such as accuracy >= 0.8 and flip_rate(sex) <= 0.05"),
            ("accuracy >= 0.8 and", "missing condition after 'and'", 20, 1, "write another condition, or remove 'and'"),
            ("acuracy >= 0.8", "unknown figure 'acuracy'", 1, 7, "did you mean 'accuracy'?"),
            (
                "disparate-impact(sex) >= 0.8", "unknown figure 'disparate-impact'", 1, 16,
                "did you mean 'disparate_impact'?"
            ),
            ("Accuracy >= 0.8", "unknown figure 'Accuracy'", 1, 8, "did you mean 'accuracy'?"),
            (
                "happiness >= 0.8", "unknown figure 'happiness'", 1, 9,
                "figures: accuracy, precision, recall, f1, roc_auc, log_loss; per attribute: "
                    + "disparate_impact(ATTRIBUTE), demographic_parity_difference(ATTRIBUTE), "
                    + "demographic_parity_ratio(ATTRIBUTE), equal_opportunity_difference(ATTRIBUTE), "
                    + "equalized_odds_difference(ATTRIBUTE), statistical_parity_difference(ATTRIBUTE), "
                    + "average_odds_difference(ATTRIBUTE), flip_rate(ATTRIBUTE), importance_rank(ATTRIBUTE), "
                    + "selection_ratio(ATTRIBUTE)"
            ),
            ("and accuracy >= 0.8", "expected a figure, found 'and'", 1, 3, "e.g. accuracy >= 0.8"),
            (">= 0.8", "expected a figure, found '>='", 1, 2, "e.g. accuracy >= 0.8"),
            (
                "0.8 <= accuracy", "expected a figure, found the number '0.8'", 1, 3,
                "write the figure first, e.g. accuracy >= 0.8"
            ),
            (
                "accuracy >= 0.8 and flip_rate <= 0.05", "'flip_rate' needs a protected attribute", 21, 9,
                "write flip_rate(ATTRIBUTE), e.g. flip_rate(sex)"
            ),
            ("accuracy(sex) >= 0.8", "'accuracy' takes no attribute", 9, 5, "remove '(sex)'"),
            ("flip_rate(sex <= 0.05", "unclosed '('", 10, 1, "write flip_rate(ATTRIBUTE)"),
            ("flip_rate( ) <= 0.05", "'flip_rate' names no attribute", 10, 3, "e.g. flip_rate(sex)"),
            (
                "accuracy 0.8", "expected a comparison after 'accuracy'", 10, 1,
                "write one of >=, <=, >, <, ==, != and a number, e.g. accuracy >= 0.8"
            ),
            (
                "flip_rate(sex)", "expected a comparison after 'flip_rate(sex)'", 15, 1,
                "write one of >=, <=, >, <, ==, != and a number, e.g. flip_rate(sex) >= 0.8"
            ),
            ("accuracy => 0.8", "unknown operator '=>'", 10, 2, "did you mean '>='?"),
            ("accuracy = 0.8", "unknown operator '='", 10, 1, "did you mean '=='?"),
            ("accuracy <<= 0.8", "unknown operator '<<='", 10, 3, "write one of >=, <=, >, <, ==, != and a number"),
            ("accuracy >=", "missing number after '>='", 12, 1, "e.g. accuracy >= 0.8"),
            ("accuracy >= and f1 > 0.5", "missing number after '>='", 13, 1, "e.g. accuracy >= 0.8"),
            ("accuracy >= high", "'high' is not a number", 13, 4, "write a decimal such as 0.8 or 1e-3"),
            ("accuracy >= 80%", "'80%' is not a number", 13, 3, "write rates as fractions: 0.8"),
            ("accuracy >= 1e999", "'1e999' is too large", 13, 5, "write a finite number"),
            (
                "accuracy >= 0.8 f1 >= 0.5", "unexpected 'f1' after 'accuracy >= 0.8'", 17, 2,
                "join conditions with 'and'"
            ),
            ("accuracy >= 0.8)", "unexpected ')' after 'accuracy >= 0.8'", 16, 1, "join conditions with 'and'"),
            (
                "accuracy >= 0.8 or f1 >= 0.5", "only 'and' can join conditions", 17, 2,
                "a release requires every condition to hold: join them with 'and'"
            ),
        ])
    func eachMistakeIsLocated(expression: String, message: String, column: Int, length: Int, help: String) throws {
        let error = try #require(throws: Diagnostic.self) { try Self.gate(expression) }
        #expect(error.message == message)
        #expect(error.span == SourceSpan(line: 1, column: Self.prefix.count + 1 + column, length: length))
        #expect(error.help == help)
        #expect(error.category == .input)
    }

    /// A bare value (`--require=accuracy>=0.8x`) has no quote: columns start at its first character.
    @Test func aBareValueIsLocatedWithoutAQuote() throws {
        let value = try #require(try Lexer.tokenize("release prod m.json --require accuracy>=0.8x").last)
        #expect(value.kind == .word)
        #expect(
            throws: Diagnostic(
                "'0.8x' is not a number", at: SourceSpan(line: 1, column: 41, length: 4),
                help: "write a decimal such as 0.8 or 1e-3")
        ) {
            try ReleaseGate(Located(value.text, at: value.span))
        }
    }

    /// A quoted value over two lines (a `\` continuation inside quotes) points at the second line.
    @Test func aValueOverTwoLinesIsLocatedOnItsLine() throws {
        let value = try #require(
            try Lexer.tokenize("release prod m.json --require \"accuracy >= 0.8 and\n  f1 >= x\"").last)
        #expect(
            throws: Diagnostic(
                "'x' is not a number", at: SourceSpan(line: 2, column: 9, length: 1),
                help: "write a decimal such as 0.8 or 1e-3")
        ) {
            try ReleaseGate(Located(value.text, at: value.span))
        }
    }
}
