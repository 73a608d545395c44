import TuskCore
import TuskLang
import TuskML

/// `audit MODEL on DATA --protected A,B`: fairness by group, reliance on protected features,
/// proxies, and a verdict against stated thresholds.
public struct Audit: TuskCommand {
    public static let declaration = CommandDeclaration(
        "audit", "Audit a model for bias: fairness by group, reliance on protected features, proxies, a verdict.",
        arguments: [.init("MODEL", .data), .init("ON", .keyword), .init("DATA", .data)],
        options: AuditArguments.options + ReadArguments.options,
        details: """
            Fairness follows Fairlearn (demographic parity difference and ratio, equal opportunity and
            equalized odds differences, across all groups) and AIF360 (disparate impact, statistical
            parity and equal opportunity differences, unprivileged minus or over privileged). Reliance is
            the counterfactual flip rate: the share of decisions that change when only the attribute is
            swapped. Proxies are features associated with the attribute (Cramér's V, correlation ratio).
            The privileged group defaults to the attribute's most frequent group.
            """,
        examples: [
            "audit models@master on datasets/census_test.csv --protected sex,race --privileged sex=Male,race=White"
        ])

    let model: DataArgument
    let data: DataArgument
    let read: ReadArguments
    let audit: AuditArguments

    public init(_ call: Invocation) throws(Diagnostic) {
        try call.keyword("on", before: 1)
        model = try DataArgument(call.argument(0))
        data = try DataArgument(call.argument(1))
        read = try ReadArguments(call)
        audit = try AuditArguments(call)
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> FairnessReport {
        let trained = try context.loadModel(model)
        let loaded = try context.loadTable(data, read, label: trained.model.target, names: audit.names)
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
            model: trained.source.name, data: loaded.source.name, rows: result.rows, label: trained.model.target,
            positiveClass: result.positiveClass, thresholds: result.thresholds,
            attributes: result.attributes.map(FairnessReport.Attribute.init))
    }
}

public struct FairnessReport: CommandOutput {
    public struct Attribute: Codable, Sendable {
        public struct Importance: Codable, Sendable {
            /// Mean absolute contribution, in log-odds.
            public let value: Double
            public let rank: Int
            public let of: Int
        }

        public struct Weight: Codable, Sendable {
            public let name: String
            public let weight: Double
        }

        public struct Proxy: Codable, Sendable {
            public let feature: String
            public let association: Double
        }

        public let attribute: String
        public let privileged: String
        /// Rates per group, Fairlearn's gaps and ratios, AIF360's signed differences.
        public let fairness: GroupFairness
        /// nil when the attribute is not a feature of the model.
        public let flipRate: Double?
        public let importance: Importance?
        public let coefficients: [Weight]
        public let proxies: [Proxy]
        public let failures: [String]

        init(_ audit: AttributeAudit) {
            attribute = audit.attribute
            privileged = audit.privileged
            fairness = audit.fairness
            flipRate = audit.flipRate
            importance = audit.importance.map { Importance(value: $0.value, rank: $0.rank, of: $0.of) }
            coefficients = audit.coefficients.map { Weight(name: $0.name, weight: $0.weight) }
            proxies = audit.proxies.map { Proxy(feature: $0.feature, association: $0.association) }
            failures = audit.failures
        }
    }

    public let model: String
    public let data: String
    public let rows: Int
    public let label: String
    public let positiveClass: String
    public let thresholds: FairnessThresholds
    public let attributes: [Attribute]

    public var passed: Bool { attributes.allSatisfy { $0.failures.isEmpty } }

    public func render(_ text: inout TextOutput) {
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
            metrics.add(
                "flip rate", attribute.flipRate.map(m) ?? "-",
                attribute.flipRate == nil
                    ? "not a feature of the model" : "decisions that change when only \(attribute.attribute) is swapped"
            )
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
            text.line(
                attribute.failures.isEmpty
                    ? "result: pass" : "result: FAIL: " + attribute.failures.joined(separator: "; "))
        }
        text.blank()
        text.line(
            passed
                ? "verdict: PASS (\(AuditText.describe(thresholds)))"
                : "verdict: FAIL, biased on "
                    + attributes.filter { !$0.failures.isEmpty }.map { attribute in
                        "\(attribute.attribute) (disparate impact \(NumberFormat.metric(attribute.fairness.disparateImpact))"
                            + (attribute.flipRate.map { ", flip rate \(NumberFormat.metric($0))" } ?? "") + ")"
                    }.joined(separator: ", "))
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
        "disparate impact >= \(NumberFormat.metric(thresholds.minDisparateImpact)), TPR and FPR gaps <= "
            + "\(NumberFormat.metric(thresholds.maxEqualOpportunityDifference)), flip rate <= \(NumberFormat.metric(thresholds.maxFlipRate))"
    }
}
