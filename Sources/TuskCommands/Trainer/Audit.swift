import TuskCore
import TuskLang
import TuskML

/// `audit MODEL on DATA --protected A,B`: fairness by group, reliance on protected features,
/// proxies, and a verdict against stated thresholds.
package struct Audit: TuskCommand {
    package static let declaration = CommandDeclaration(
        "audit", "Audit a model for bias: fairness by group, reliance on protected features, proxies, a verdict.",
        arguments: [.init("MODEL", .data), .init("ON", .keyword), .init("DATA", .data)],
        options: AuditArguments.options + ReadArguments.options,
        details: """
            Fairness follows Fairlearn (demographic parity difference and ratio, equal opportunity and
            equalized odds differences, across all groups) and AIF360 (disparate impact, statistical
            parity and equal opportunity differences, unprivileged minus or over privileged). Proxies are
            features associated with the attribute (Cramér's V, correlation ratio). The privileged group
            defaults to the attribute's most frequent group.
            Two findings per attribute, judged apart. Reliance: the counterfactual flip rate, the share of
            decisions that change when only the attribute is swapped (against --max-flip-rate).
            Outcome gaps: each group of at least --min-group-size rows (30) against the privileged group,
            its selection ratio (against --min-disparate-impact) and its TPR and FPR gaps (against
            --max-difference); smaller groups are shown but left out. An attribute with no group to
            compare cannot be judged, and the verdict says so rather than pass.
            """,
        examples: [
            "audit models@master on datasets/census_test.csv --protected sex,race --privileged sex=Male,race=White"
        ])

    let model: DataArgument
    let data: DataArgument
    let read: ReadArguments
    let audit: AuditArguments

    package init(_ call: Invocation) throws(Diagnostic) {
        try call.keyword(before: 1)
        model = try DataArgument(call.argument(0))
        data = try DataArgument(call.argument(1))
        read = try ReadArguments(call)
        audit = try AuditArguments(call)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FairnessReport {
        let trained = try context.loadModel(model)
        let loaded = try context.loadTable(
            data, read, label: trained.model.target, names: audit.names, for: trained.model)
        let result: ModelAudit
        do {
            let labeled = try LabeledData(
                table: loaded.table, target: trained.model.target, classes: trained.model.classes)
            result = try Auditor.audit(
                trained.model, on: labeled, protected: audit.protected.map(\.value),
                privileged: audit.privileged.mapValues(\.value), thresholds: audit.thresholds)
        } catch {
            throw Diagnose.data(error, at: data.span, names: audit.names)
        }
        return FairnessReport(
            model: trained.source.address, data: loaded.source.address, rows: result.rows, label: trained.model.target,
            positiveClass: result.positiveClass, thresholds: result.thresholds,
            attributes: result.attributes.map(FairnessReport.Attribute.init), verdict: result.verdict)
    }
}

package struct FairnessReport: CommandOutput {
    package struct Attribute: Codable, Sendable {
        package struct Importance: Codable, Sendable {
            /// Mean absolute contribution, in log-odds.
            package let value: Double
            package let rank: Int
            package let of: Int
        }

        package struct Weight: Codable, Sendable {
            package let name: String
            package let weight: Double
        }

        package struct Proxy: Codable, Sendable {
            package let feature: String
            package let association: Double
        }

        package let attribute: String
        package let privileged: String
        /// Rates per group, Fairlearn's gaps and ratios, AIF360's signed differences.
        package let fairness: GroupFairness
        /// nil when there is none: see `flipRateStatus`.
        package let flipRate: Double?
        /// `measured`, `not a feature` (the model does not use the attribute) or `nothing to swap`.
        package let flipRateStatus: String
        package let importance: Importance?
        package let coefficients: [Weight]
        package let proxies: [Proxy]
        /// Each group with enough rows against the privileged group: what the outcome verdict judges.
        package let comparisons: [GroupComparison]
        /// Groups too small to judge, left out of the verdict.
        package let tooSmall: [GroupStatistics]
        /// Does the model rely on the attribute?
        package let reliance: Judgement
        /// Do its outcomes differ by group?
        package let outcomeGaps: Judgement
        package let failures: [String]

        init(_ audit: AttributeAudit) {
            attribute = audit.attribute
            privileged = audit.privileged
            fairness = audit.fairness
            flipRate = audit.flipRate
            flipRateStatus =
                switch audit.flip {
                case .measured: "measured"
                case .notAFeature: "not a feature"
                case .nothingToSwap: "nothing to swap"
                }
            importance = audit.importance.map { Importance(value: $0.value, rank: $0.rank, of: $0.of) }
            coefficients = audit.coefficients.map { Weight(name: $0.name, weight: $0.weight) }
            proxies = audit.proxies.map { Proxy(feature: $0.feature, association: $0.association) }
            comparisons = audit.comparisons
            tooSmall = audit.tooSmall
            reliance = audit.reliance
            outcomeGaps = audit.outcomes
            failures = audit.failures
        }
    }

    package let model: AddressText
    package let data: AddressText
    package let rows: Int
    package let label: String
    package let positiveClass: String
    package let thresholds: FairnessThresholds
    package let attributes: [Attribute]
    /// `pass`, `fail` or `cannot judge`.
    package let verdict: Judgement.Outcome

    package var passed: Bool { verdict == .pass }

    init(
        model: AddressText, data: AddressText, rows: Int, label: String, positiveClass: String,
        thresholds: FairnessThresholds, attributes: [Attribute], verdict: Judgement.Outcome
    ) {
        self.model = model
        self.data = data
        self.rows = rows
        self.label = label
        self.positiveClass = positiveClass
        self.thresholds = thresholds
        self.attributes = attributes
        self.verdict = verdict
    }

    package func render(_ text: inout TextOutput) {
        text.line(
            "audit of \(model) on \(data): \(NumberFormat.count(rows)) rows, "
                + LabelText.of(label, positive: positiveClass))
        for attribute in attributes {
            let fairness = attribute.fairness
            let others = AuditText.otherGroups(fairness.groups, privileged: attribute.privileged)
            text.blank()
            text.line("\(attribute.attribute) (privileged: \(attribute.privileged))")
            text.table(AuditText.groupTable(fairness.groups))
            var metrics = TextTable("METRIC", "VALUE", "DEFINITION")
            let m = NumberFormat.metric, s = NumberFormat.signed
            metrics.add(
                "demographic parity difference", m(fairness.demographicParityDifference),
                "Fairlearn: max - min selection rate")
            metrics.add(
                "demographic parity ratio", m(fairness.demographicParityRatio), "Fairlearn: min / max selection rate")
            metrics.add(
                "equal opportunity difference", m(fairness.equalOpportunityDifference), "Fairlearn: max - min TPR")
            metrics.add(
                "equalized odds difference", m(fairness.equalizedOddsDifference), "Fairlearn: max of TPR and FPR gaps")
            metrics.add(
                "disparate impact", m(fairness.disparateImpact),
                "AIF360: selection \(others) / \(attribute.privileged)")
            metrics.add(
                "statistical parity difference", s(fairness.statisticalParityDifference),
                "AIF360: selection \(others) - \(attribute.privileged)")
            metrics.add(
                "equal opportunity (signed)", s(fairness.equalOpportunitySigned),
                "AIF360: TPR \(others) - \(attribute.privileged)")
            metrics.add(
                "average odds difference", s(fairness.averageOddsDifference),
                "AIF360: mean of FPR and TPR differences")
            let flipDefinition =
                switch attribute.flipRateStatus {
                case "measured": "decisions that change when only \(attribute.attribute) is swapped"
                case "not a feature": "not a feature of the model"
                default: "no row has a value of \(attribute.attribute) to swap"
                }
            metrics.add("flip rate", attribute.flipRate.map(m) ?? "-", flipDefinition)
            text.table(metrics)
            if let importance = attribute.importance {
                text.line(
                    "importance: mean |contribution| \(m(importance.value)) log-odds, "
                        + "rank \(importance.rank) of \(importance.of) features")
            }
            if !attribute.coefficients.isEmpty {
                text.line(
                    "coefficients: "
                        + attribute.coefficients.map { "\($0.name) \(s($0.weight))" }.joined(separator: ", ")
                        + " (log-odds)")
            }
            text.line(
                "likely proxies: "
                    + (attribute.proxies.isEmpty
                        ? "none above \(m(thresholds.proxyAssociation))"
                        : attribute.proxies.prefix(4).map { "\($0.feature) (\(m($0.association)))" }.joined(
                            separator: ", ")))
            if !attribute.comparisons.isEmpty {
                text.line(
                    "judged: each group of at least \(thresholds.minGroupSize) rows against \(attribute.privileged) "
                        + "(the figures above span every group)")
                var table = TextTable("GROUP", "ROWS", "SELECTION RATIO", "TPR GAP", "FPR GAP")
                for c in attribute.comparisons {
                    table.add(
                        c.group, NumberFormat.count(c.rows), m(c.selectionRatio), s(c.truePositiveRateGap),
                        s(c.falsePositiveRateGap))
                }
                text.table(table)
            }
            if let note = AuditText.tooSmall(attribute.tooSmall, minimum: thresholds.minGroupSize) { text.line(note) }
            text.line("reliance: \(AuditText.judgement(attribute.reliance))")
            text.line("outcome gaps: \(AuditText.judgement(attribute.outcomeGaps))")
        }
        text.blank()
        text.line("verdict: \(verdictText)")
    }

    /// The verdict naming which kind of finding failed, on which attribute, and what could not be judged.
    var verdictText: StyledText {
        func first(_ judgement: Judgement) -> String { judgement.reasons.first ?? "" }
        let relied = attributes.filter { $0.reliance.outcome == .fail }
        let gaps = attributes.filter { $0.outcomeGaps.outcome == .fail }
        var unjudged: [String] = []
        for attribute in attributes {
            if attribute.reliance.outcome == .cannotJudge {
                unjudged.append("reliance on \(attribute.attribute) (\(first(attribute.reliance)))")
            }
            if attribute.outcomeGaps.outcome == .cannotJudge {
                unjudged.append("outcome gaps by \(attribute.attribute) (\(first(attribute.outcomeGaps)))")
            }
        }
        switch verdict {
        case .fail:
            var parts: [String] = []
            parts += relied.map { "the model relies on \($0.attribute) (\(first($0.reliance)))" }
            parts += gaps.map { "outcomes differ by \($0.attribute) (\(first($0.outcomeGaps)))" }
            let steady = attributes.filter { $0.reliance.outcome == .pass }.map(\.attribute)
            if relied.isEmpty && !steady.isEmpty {
                parts.append("no reliance on \(steady.joined(separator: " or ")) beyond the flip rate threshold")
            }
            let failed: StyledText = .fail("FAIL: " + parts.joined(separator: "; "))
            return unjudged.isEmpty ? failed : "\(failed); \(.warn("cannot judge " + unjudged.joined(separator: ", ")))"
        case .cannotJudge:
            return .warn("CANNOT JUDGE " + unjudged.joined(separator: ", "))
        case .pass:
            return .pass("PASS (\(AuditText.describe(thresholds)))")
        }
    }
}

/// Pieces of text the two audits share.
enum AuditText {
    /// How the unprivileged side is named: the other group's name when there are two, else "others".
    static func otherGroups(_ groups: [GroupStatistics], privileged: String) -> String {
        groups.count == 2 ? groups.first { $0.group != privileged }?.group ?? "others" : "others"
    }

    static func groupTable(_ groups: [GroupStatistics]) -> TextTable {
        var table = TextTable("GROUP", "ROWS", "BASE RATE", "SELECTION", "TPR", "FPR")
        for group in groups {
            table.add(
                group.group, NumberFormat.count(group.count), NumberFormat.metric(group.baseRate),
                NumberFormat.metric(group.selectionRate), NumberFormat.metric(group.truePositiveRate),
                NumberFormat.metric(group.falsePositiveRate))
        }
        return table
    }

    static func describe(_ thresholds: FairnessThresholds) -> String {
        "flip rate <= \(NumberFormat.shortest(thresholds.maxFlipRate)); against the privileged group, selection ratio >= "
            + "\(NumberFormat.shortest(thresholds.minDisparateImpact)) and TPR and FPR gaps within ±"
            + "\(NumberFormat.shortest(thresholds.maxEqualOpportunityDifference)), "
            + "for groups of at least \(thresholds.minGroupSize) rows"
    }

    /// `pass (flip rate 0.0145 <= 0.05)`, `FAIL: …`, `cannot judge: …`.
    static func judgement(_ judgement: Judgement) -> StyledText {
        let reasons = judgement.reasons.joined(separator: "; ")
        switch judgement.outcome {
        case .pass: return .pass(reasons.isEmpty ? "pass" : "pass (\(reasons))")
        case .fail: return .fail("FAIL: " + reasons)
        case .cannotJudge: return .warn("cannot judge: " + reasons)
        }
    }

    /// `too few rows to judge (fewer than 30, --min-group-size), left out of the verdict: Other (15 rows)`.
    static func tooSmall(_ groups: [GroupStatistics], minimum: Int) -> StyledText? {
        guard !groups.isEmpty else { return nil }
        return .muted(
            "too few rows to judge (fewer than \(minimum), --min-group-size), left out of the verdict: "
                + groups.map { "\($0.group) (\(NumberFormat.plural($0.count, "row")))" }.joined(separator: ", "))
    }
}
