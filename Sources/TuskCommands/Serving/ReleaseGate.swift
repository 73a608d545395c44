import Foundation
import TuskCore
import TuskLang
import TuskML

/// One `--require` condition of a release: figures the trainer already computes, each compared
/// with a number, all of which must hold on the named data.
///
///     let gate = try ReleaseGate(Located("disparate_impact(sex) >= 0.8 and flip_rate(sex) <= 0.05", at: span))
///     gate.attributes                          // ["sex"]: what the release must audit
///     gate.check(GateFigures(metrics: metrics, audit: audit))   // [] when the release may go ahead
///
/// Clauses are joined by `and` only: a release is refused when any clause fails, so each failure
/// can be shown on its own line with how far it misses. A figure that cannot be computed fails too,
/// since a gate that lets through what it could not measure guards nothing.
struct ReleaseGate: Sendable {
    /// The clauses in the order written.
    let clauses: [Clause]

    /// Parses the expression; an error points at the offending characters inside `text.span`,
    /// which is the span of the option's value as the lexer gives it (starting at the opening
    /// quote when the value is quoted).
    init(_ text: Located<String>) throws(Diagnostic) {
        var parser = Parser(text)
        clauses = try parser.clauses()
    }

    /// The protected attributes the expression names, in order of first appearance, each once:
    /// the ones the release must audit.
    var attributes: [String] {
        var seen = Set<String>()
        return clauses.compactMap(\.attribute).filter { seen.insert($0).inserted }
    }

    /// Whether any clause needs a fairness audit (auditing costs a model run per attribute).
    var needsAudit: Bool { !attributes.isEmpty }

    /// One failure per clause that does not hold, in the order written; empty when all hold.
    func check(_ figures: GateFigures) -> [GateFailure] {
        clauses.compactMap { $0.check(figures) }
    }

    /// Every clause as checked, in the order written, held or not: the facts JSON gives.
    func results(_ figures: GateFigures) -> [GateCheck] {
        clauses.map { $0.result(figures) }
    }
}

/// What a gate is checked against: the model's metrics on the named data, and its audit there
/// when the gate names protected attributes.
struct GateFigures: Sendable {
    let metrics: BinaryMetrics
    let audit: ModelAudit?
}

/// A clause of a gate that does not hold: the figure missed its threshold, or could not be judged.
struct GateFailure: Sendable, Codable, Equatable {
    /// The clause as normalized text: `disparate_impact(sex) >= 0.8`.
    let clause: String
    /// The figure's name with its attribute: `disparate_impact(sex)`.
    let figure: String
    /// The figure measured, or nil when it cannot be judged (NaN would break `==` and JSON).
    let value: Double?
    /// The number the clause compares with.
    let threshold: Double
    /// The comparison: `>=`, `<=`, `>`, `<`, `==` or `!=`.
    let op: String
    /// How far the figure misses the threshold, positive; 0 when a strict comparison (`>`, `<`,
    /// `!=`) fails at equality; nil when it cannot be judged.
    let shortBy: Double?
    /// Why the figure cannot be judged, or nil when it was measured.
    let reason: String?
    /// One line for the user: `disparate_impact(sex) is 0.0039, needs >= 0.8 (short by 0.7961)`,
    /// or `flip_rate(sex) cannot be judged: sex is not a feature of the model`. Stored, so a
    /// release record keeps the sentence the user saw.
    let message: String
}

extension ReleaseGate {
    /// A classification metric, from ``BinaryMetrics``.
    enum Metric: String, CaseIterable, Sendable {
        case accuracy, precision, recall, f1
        case rocAUC = "roc_auc"
        case logLoss = "log_loss"

        func value(in metrics: BinaryMetrics) -> Double {
            switch self {
            case .accuracy: metrics.accuracy
            case .precision: metrics.precision
            case .recall: metrics.recall
            case .f1: metrics.f1
            case .rocAUC: metrics.rocAUC
            case .logLoss: metrics.logLoss
            }
        }
    }

    /// A figure of one protected attribute, from the ``AttributeAudit`` of a ``ModelAudit``.
    enum AttributeFigure: String, CaseIterable, Sendable {
        case disparateImpact = "disparate_impact"
        case demographicParityDifference = "demographic_parity_difference"
        case demographicParityRatio = "demographic_parity_ratio"
        /// Fairlearn's all-group gap in true positive rates (not AIF360's signed one).
        case equalOpportunityDifference = "equal_opportunity_difference"
        case equalizedOddsDifference = "equalized_odds_difference"
        case statisticalParityDifference = "statistical_parity_difference"
        case averageOddsDifference = "average_odds_difference"
        case flipRate = "flip_rate"
        /// The attribute's rank by importance, 1 the most relied on: `importance_rank(sex) > 3`.
        case importanceRank = "importance_rank"
        /// The lowest selection ratio of the groups the audit compares with the privileged one.
        case selectionRatio = "selection_ratio"

        /// The figure, or why it cannot be judged.
        func measure(_ audit: AttributeAudit) -> Measure {
            let fairness = audit.fairness
            switch self {
            case .disparateImpact:
                // The privileged group's selection rate over the rest pooled: either side can be missing.
                guard fairness.disparateImpact.isNaN else { return .value(fairness.disparateImpact) }
                return .unjudged(
                    fairness.groups.contains { $0.group != audit.privileged }
                        ? "no row of the privileged group \(audit.privileged) is selected"
                        : "the data has no group of \(audit.attribute) besides \(audit.privileged)")
            case .demographicParityDifference: return Measure(fairness.demographicParityDifference)
            case .demographicParityRatio:
                return fairness.demographicParityRatio.isNaN
                    ? .unjudged("no group has a row selected") : .value(fairness.demographicParityRatio)
            case .equalOpportunityDifference: return Measure(fairness.equalOpportunityDifference)
            case .equalizedOddsDifference: return Measure(fairness.equalizedOddsDifference)
            case .statisticalParityDifference: return Measure(fairness.statisticalParityDifference)
            case .averageOddsDifference: return Measure(fairness.averageOddsDifference)
            case .flipRate:
                switch audit.flip {
                case .measured(let rate): return Measure(rate)
                case .notAFeature: return .unjudged("\(audit.attribute) is not a feature of the model")
                case .nothingToSwap: return .unjudged("no row has a value of \(audit.attribute) to swap")
                }
            case .importanceRank:
                guard let importance = audit.importance else {
                    return .unjudged("\(audit.attribute) is not a feature of the model")
                }
                return .value(Double(importance.rank))
            case .selectionRatio:
                // The audit compares only groups with enough rows; with none, its outcome
                // judgement already says why.
                guard let lowest = audit.comparisons.map(\.selectionRatio).min() else {
                    return .unjudged(
                        audit.outcomes.outcome == .cannotJudge
                            ? audit.outcomes.reasons.joined(separator: "; ")
                            : "no group is compared with \(audit.privileged)")
                }
                return Measure(lowest)
            }
        }
    }

    /// What a clause names: a metric, or a figure of one protected attribute. Two cases, so a
    /// metric with an attribute, or an attribute figure without one, cannot be represented.
    enum Figure: Sendable, Equatable {
        case metric(Metric)
        case attribute(AttributeFigure, String)

        static let names = Metric.allCases.map(\.rawValue) + AttributeFigure.allCases.map(\.rawValue)

        /// `accuracy, …, log_loss; per attribute: disparate_impact(ATTRIBUTE), …`, for help lines.
        static let listing =
            Metric.allCases.map(\.rawValue).joined(separator: ", ") + "; per attribute: "
            + AttributeFigure.allCases.map { "\($0.rawValue)(ATTRIBUTE)" }.joined(separator: ", ")

        /// `accuracy`, `disparate_impact(sex)`.
        var text: String {
            switch self {
            case .metric(let metric): metric.rawValue
            case .attribute(let figure, let attribute): "\(figure.rawValue)(\(attribute))"
            }
        }

        var attribute: String? {
            if case .attribute(_, let attribute) = self { attribute } else { nil }
        }

        /// The figure on `figures`, or why it cannot be judged.
        func measure(_ figures: GateFigures) -> Measure {
            switch self {
            case .metric(let metric):
                let value = metric.value(in: figures.metrics)
                return metric == .rocAUC && value.isNaN
                    ? .unjudged("the data holds rows of one class only") : Measure(value)
            case .attribute(let figure, let attribute):
                guard let audit = figures.audit else { return .unjudged("no fairness audit was run") }
                guard let found = audit.attributes.first(where: { $0.attribute == attribute }) else {
                    let audited = audit.attributes.map(\.attribute)
                    return .unjudged(
                        "\(attribute) was not audited"
                            + (audited.isEmpty ? "" : " (audited: \(audited.joined(separator: ", ")))"))
                }
                return figure.measure(found)
            }
        }
    }

    /// A figure's value, or why it has none.
    enum Measure: Sendable, Equatable {
        case value(Double)
        case unjudged(String)

        /// The value, unless NaN: a figure undefined on the data (a rate of an empty group).
        init(_ value: Double) {
            self = value.isNaN ? .unjudged("it is undefined on this data") : .value(value)
        }
    }

    /// How a clause compares its figure with its threshold.
    enum Comparison: String, CaseIterable, Sendable {
        case atLeast = ">="
        case atMost = "<="
        case above = ">"
        case below = "<"
        case equal = "=="
        case notEqual = "!="

        func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .atLeast: value >= threshold
            case .atMost: value <= threshold
            case .above: value > threshold
            case .below: value < threshold
            case .equal: value == threshold
            case .notEqual: value != threshold
            }
        }

        /// How far a failing `value` is from holding, as a positive distance.
        func shortfall(_ value: Double, _ threshold: Double) -> Double {
            switch self {
            case .atLeast, .above: threshold - value
            case .atMost, .below: value - threshold
            case .equal: abs(value - threshold)
            case .notEqual: 0
            }
        }
    }

    /// `FIGURE[(ATTRIBUTE)] OP NUMBER`.
    struct Clause: Sendable, Equatable {
        let figure: Figure
        let comparison: Comparison
        let threshold: Double
        /// The threshold as written (`1e-3`), so the clause reads back as the user typed it.
        let thresholdText: String

        var attribute: String? { figure.attribute }
        /// `disparate_impact(sex) >= 0.8`.
        var text: String { "\(figure.text) \(comparison.rawValue) \(thresholdText)" }

        /// The failure this clause gives on `figures`, or nil when it holds.
        func check(_ figures: GateFigures) -> GateFailure? {
            switch figure.measure(figures) {
            case .unjudged(let reason):
                return GateFailure(
                    clause: text, figure: figure.text, value: nil, threshold: threshold, op: comparison.rawValue,
                    shortBy: nil, reason: reason, message: "\(figure.text) cannot be judged: \(reason)")
            case .value(let value):
                if comparison.holds(value, threshold) { return nil }
                let short = comparison.shortfall(value, threshold)
                let needs = "\(figure.text) is \(format(value)), needs \(comparison.rawValue) \(thresholdText)"
                return GateFailure(
                    clause: text, figure: figure.text, value: value, threshold: threshold, op: comparison.rawValue,
                    shortBy: short, reason: nil, message: short > 0 ? "\(needs) (short by \(format(short)))" : needs)
            }
        }

        /// The clause as checked on `figures`, with its figure's value.
        func result(_ figures: GateFigures) -> GateCheck {
            switch figure.measure(figures) {
            case .unjudged(let reason):
                return GateCheck(
                    clause: text, figure: figure.text, op: comparison.rawValue, threshold: threshold, value: nil,
                    passed: false, shortBy: nil, cannotJudge: reason)
            case .value(let value):
                let held = comparison.holds(value, threshold)
                return GateCheck(
                    clause: text, figure: figure.text, op: comparison.rawValue, threshold: threshold, value: value,
                    passed: held, shortBy: held ? nil : comparison.shortfall(value, threshold), cannotJudge: nil)
            }
        }

        /// A rank reads as a whole number; every other figure as the reports print it.
        private func format(_ x: Double) -> String {
            if case .attribute(.importanceRank, _) = figure, x.isFinite { return NumberFormat.count(Int(x)) }
            return NumberFormat.metric(x)
        }
    }
}

extension ReleaseGate {
    /// A hand-written scanner over the expression's characters, which knows where each one sits
    /// in the command, so every error points at the characters at fault.
    struct Parser {
        private let characters: [Character]
        /// Line and column of each character, and of the place just past the last one.
        private let positions: [(line: Int, column: Int)]
        private let whole: SourceSpan
        private var index = 0

        init(_ text: Located<String>) {
            characters = Array(text.value)
            whole = text.span
            // A quoted value's span starts at its quote; a bare word (`--require=accuracy>=0.8`)
            // spans exactly its characters, and only a quoted value can hold a newline.
            let quoted = text.value.contains("\n") || text.span.length > characters.count
            var line = text.span.line, column = text.span.column + (quoted ? 1 : 0)
            var positions: [(line: Int, column: Int)] = []
            for c in characters {
                positions.append((line, column))
                if c == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            positions.append((line, column))
            self.positions = positions
        }

        mutating func clauses() throws(Diagnostic) -> [Clause] {
            skipSpaces()
            guard index < characters.count else {
                throw Diagnostic(
                    "empty condition", at: whole,
                    help: "write a condition such as accuracy >= 0.8 and flip_rate(sex) <= 0.05")
            }
            var clauses = [try clause()]
            while true {
                skipSpaces()
                guard index < characters.count else { return clauses }
                let (word, range) = run { !$0.isWhitespace }
                switch word {
                case "and":
                    skipSpaces()
                    guard index < characters.count else {
                        throw Diagnostic(
                            "missing condition after 'and'", at: span(index..<index),
                            help: "write another condition, or remove 'and'")
                    }
                    clauses.append(try clause())
                case "or":
                    throw Diagnostic(
                        "only 'and' can join conditions", at: span(range),
                        help: "a release requires every condition to hold: join them with 'and'")
                default:
                    throw Diagnostic(
                        "unexpected '\(word)' after '\(clauses[clauses.count - 1].text)'", at: span(range),
                        help: "join conditions with 'and'")
                }
            }
        }

        private mutating func clause() throws(Diagnostic) -> Clause {
            let (name, range) = try figureName()
            let figure: Figure
            if let metric = Metric(rawValue: name) {
                try noAttribute(after: name)
                figure = .metric(metric)
            } else if let perAttribute = AttributeFigure(rawValue: name) {
                figure = .attribute(perAttribute, try attribute(of: name, at: range))
            } else {
                let normalized = name.lowercased().replacingOccurrences(of: "-", with: "_")
                throw Diagnostic(
                    "unknown figure '\(name)'", at: span(range),
                    help: Figure.names.contains(normalized)
                        ? "did you mean '\(normalized)'?"
                        : Suggestion.didYouMean(name, among: Figure.names) ?? "figures: \(Figure.listing)")
            }
            let comparison = try self.comparison(after: figure.text)
            let (threshold, text) = try number(after: comparison)
            return Clause(figure: figure, comparison: comparison, threshold: threshold, thresholdText: text)
        }

        /// A figure's name; `-` and `.` are read as part of it, so `disparate-impact` gets a suggestion.
        private mutating func figureName() throws(Diagnostic) -> (String, Range<Int>) {
            let (name, range) = run { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
            let example = "e.g. accuracy >= 0.8"
            if name.isEmpty {
                let (found, at) = run { !$0.isWhitespace }
                throw Diagnostic("expected a figure, found '\(found)'", at: span(at), help: example)
            }
            if name == "and" || name == "or" {
                throw Diagnostic("expected a figure, found '\(name)'", at: span(range), help: example)
            }
            if ThresholdText.parse(name) != nil {
                throw Diagnostic(
                    "expected a figure, found the number '\(name)'", at: span(range),
                    help: "write the figure first, \(example)")
            }
            return (name, range)
        }

        /// A plain metric has no `(…)` after it.
        private mutating func noAttribute(after name: String) throws(Diagnostic) {
            skipSpaces()
            guard index < characters.count, characters[index] == "(" else { return }
            let open = index
            let (_, range) = run { !$0.isWhitespace && !"<>=!".contains($0) }
            let end = characters[open...].firstIndex(of: ")").map { $0 + 1 } ?? range.upperBound
            throw Diagnostic(
                "'\(name)' takes no attribute", at: span(open..<end),
                help: "remove '\(String(characters[open..<end]))'")
        }

        /// The `(ATTRIBUTE)` a per-attribute figure must have.
        private mutating func attribute(of name: String, at nameRange: Range<Int>) throws(Diagnostic) -> String {
            skipSpaces()
            guard index < characters.count, characters[index] == "(" else {
                throw Diagnostic(
                    "'\(name)' needs a protected attribute", at: span(nameRange),
                    help: "write \(name)(ATTRIBUTE), e.g. \(name)(sex)")
            }
            let open = index
            guard let close = characters[open...].firstIndex(of: ")") else {
                throw Diagnostic("unclosed '('", at: span(open..<(open + 1)), help: "write \(name)(ATTRIBUTE)")
            }
            index = close + 1
            let inside = String(characters[(open + 1)..<close]).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !inside.isEmpty else {
                throw Diagnostic("'\(name)' names no attribute", at: span(open..<index), help: "e.g. \(name)(sex)")
            }
            return inside
        }

        private mutating func comparison(after figure: String) throws(Diagnostic) -> Comparison {
            skipSpaces()
            let (text, range) = run { "<>=!".contains($0) }
            let help = "write one of \(Comparison.allCases.map(\.rawValue).joined(separator: ", ")) and a number"
            guard !text.isEmpty else {
                throw Diagnostic(
                    "expected a comparison after '\(figure)'", at: span(range),
                    help: "\(help), e.g. \(figure) >= 0.8")
            }
            guard let comparison = Comparison(rawValue: text) else {
                // The usual slips: `=` for `==`, arrows written the other way round.
                let likely = ["=": "==", "===": "==", "=>": ">=", "=<": "<=", "<>": "!=", "!": "!=", "=!": "!="][text]
                throw Diagnostic(
                    "unknown operator '\(text)'", at: span(range),
                    help: likely.map { "did you mean '\($0)'?" } ?? help)
            }
            return comparison
        }

        private mutating func number(after comparison: Comparison) throws(Diagnostic) -> (Double, String) {
            skipSpaces()
            let (text, range) = run { !$0.isWhitespace && !"()<>=!".contains($0) }
            if text.isEmpty || text == "and" || text == "or" {
                throw Diagnostic(
                    "missing number after '\(comparison.rawValue)'", at: span(range.lowerBound..<range.lowerBound),
                    help: "e.g. accuracy \(comparison.rawValue) 0.8")
            }
            guard let value = ThresholdText.parse(text) else {
                // Rates are fractions everywhere in tusk; `80%` is a likely slip for 0.8.
                let percent = text.hasSuffix("%") ? ThresholdText.parse(String(text.dropLast())) : nil
                throw Diagnostic(
                    "'\(text)' is not a number", at: span(range),
                    help: percent.map { "write rates as fractions: \(NumberFormat.shortest($0 / 100))" }
                        ?? "write a decimal such as 0.8 or 1e-3")
            }
            guard value.isFinite else {
                throw Diagnostic("'\(text)' is too large", at: span(range), help: "write a finite number")
            }
            return (value, text)
        }

        // MARK: - Characters

        private mutating func skipSpaces() {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
        }

        /// The longest run from here of characters that match, and where it lies.
        private mutating func run(_ matches: (Character) -> Bool) -> (String, Range<Int>) {
            let start = index
            while index < characters.count, matches(characters[index]) { index += 1 }
            return (String(characters[start..<index]), start..<index)
        }

        /// Where characters `range` sit in the command; an empty range is the place it starts at.
        private func span(_ range: Range<Int>) -> SourceSpan {
            let start = positions[range.lowerBound], end = positions[range.upperBound]
            return SourceSpan(
                line: start.line, column: start.column, length: end.line == start.line ? end.column - start.column : 1)
        }
    }

    /// Numbers as a threshold may be written: `0.8`, `-0.05`, `.5`, `1e-3`; not `inf`, `nan` or hex.
    enum ThresholdText {
        static func parse(_ text: String) -> Double? {
            guard let first = text.first, first.isASCII, first.isNumber || first == "." || first == "-",
                text.allSatisfy({ "0123456789.eE+-".contains($0) })
            else { return nil }
            return Double(text)
        }
    }
}
