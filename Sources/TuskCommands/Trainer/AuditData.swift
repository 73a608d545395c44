import TuskCore
import TuskLang
import TuskML

/// `audit data DATA --target COL --protected A,B`: how far the protected attributes alone
/// predict the label, before any model is trained.
package struct AuditData: TuskCommand {
    static let target = Option<Located<String>>(
        "target", value: "COLUMN", "the label column", kind: .column, required: true)

    package static let declaration = CommandDeclaration(
        "audit data", "Audit a dataset's labels: how far protected attributes alone predict them.",
        arguments: [.init("DATA", .data)],
        options: [target] + AuditArguments.options + ReadArguments.options,
        examples: ["audit data datasets/vendor.csv --target income --protected sex,race"])

    let data: DataArgument
    let target: Located<String>
    let read: ReadArguments
    let audit: AuditArguments

    package init(_ call: Invocation) throws(Diagnostic) {
        data = try DataArgument(call.argument(0))
        target = try call.required(Self.target)
        read = try ReadArguments(call)
        audit = try AuditArguments(call)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DataAuditReport {
        var names = audit.names
        names[target.value] = target.span
        let loaded = try context.loadTable(data, read, label: target.value, names: names)
        let result: DataAudit
        do {
            let labeled = try LabeledData(table: loaded.table, target: target.value)
            result = try Auditor.auditData(
                labeled, protected: audit.protected.map(\.value), privileged: audit.privileged.mapValues(\.value),
                thresholds: audit.thresholds)
        } catch {
            throw Diagnose.data(error, at: data.span, names: names)
        }
        return DataAuditReport(
            data: loaded.source.address, rows: result.rows, label: target.value, positiveClass: result.positiveClass,
            thresholds: result.thresholds, rocAucAll: result.rocAUCAll,
            attributes: result.attributes.map {
                .init(
                    attribute: $0.attribute, privileged: $0.privileged, groups: $0.groups,
                    disparateImpact: $0.disparateImpact, parityDifference: $0.parityDifference, rocAuc: $0.rocAUC,
                    ratios: $0.ratios.map { .init(group: $0.group, ratio: $0.ratio) }, tooSmall: $0.tooSmall,
                    judgement: $0.judgement, failures: $0.failures)
            }, verdict: result.verdict)
    }
}

package struct DataAuditReport: CommandOutput {
    package struct Ratio: Codable, Sendable {
        package let group: String
        /// The group's base rate over the privileged group's.
        package let ratio: Double
    }

    package struct Attribute: Codable, Sendable {
        package let attribute: String
        package let privileged: String
        package let groups: [GroupStatistics]
        /// Base rate of the unprivileged over the privileged.
        package let disparateImpact: Double
        /// Largest minus smallest base rate.
        package let parityDifference: Double
        /// ROC AUC of the label from this attribute alone.
        package let rocAuc: Double
        /// Each group with enough rows against the privileged group: what the verdict judges.
        package let ratios: [Ratio]
        /// Groups too small to judge, left out of the verdict.
        package let tooSmall: [GroupStatistics]
        package let judgement: Judgement
        package let failures: [String]
    }

    package let data: AddressText
    package let rows: Int
    package let label: String
    package let positiveClass: String
    package let thresholds: FairnessThresholds
    /// ROC AUC of the label from all protected attributes together.
    package let rocAucAll: Double
    package let attributes: [Attribute]
    /// `pass`, `fail` or `cannot judge`.
    package let verdict: Judgement.Outcome

    package var passed: Bool { verdict == .pass }

    package func render(_ text: inout TextOutput) {
        text.line(
            "data audit of \(data): \(NumberFormat.count(rows)) rows, " + LabelText.of(label, positive: positiveClass))
        for attribute in attributes {
            let others = AuditText.otherGroups(attribute.groups, privileged: attribute.privileged)
            text.blank()
            text.line("\(attribute.attribute) (privileged: \(attribute.privileged))")
            var groups = TextTable("GROUP", "ROWS", "BASE RATE", "RATIO TO \(attribute.privileged)")
            for group in attribute.groups {
                let ratio = attribute.ratios.first { $0.group == group.group }
                groups.add(
                    group.group, NumberFormat.count(group.count), NumberFormat.metric(group.baseRate),
                    ratio.map { NumberFormat.metric($0.ratio) } ?? "-")
            }
            text.table(groups)
            if let note = AuditText.tooSmall(attribute.tooSmall, minimum: thresholds.minGroupSize) { text.line(note) }
            text.line(
                "label disparate impact: \(NumberFormat.metric(attribute.disparateImpact)) "
                    + "(base rate \(others) / \(attribute.privileged))")
            text.line(
                "label parity difference: \(NumberFormat.metric(attribute.parityDifference)) (max - min base rate)")
            text.line(
                "ROC AUC of \(label) from \(attribute.attribute) alone: \(NumberFormat.metric(attribute.rocAuc))")
            text.line("result: \(AuditText.judgement(attribute.judgement))")
        }
        text.blank()
        text.line(
            "ROC AUC of \(label) from \(attributes.map(\.attribute).joined(separator: ", ")) together: "
                + NumberFormat.metric(rocAucAll))
        let unjudged = attributes.filter { $0.judgement.outcome == .cannotJudge }.map {
            "\($0.attribute) (\($0.judgement.reasons.first ?? ""))"
        }
        switch verdict {
        case .pass:
            let pass: StyledText = .pass(
                "PASS (each group's label base rate at least \(NumberFormat.shortest(thresholds.minDisparateImpact)) "
                    + "of the privileged group's, for groups of at least \(thresholds.minGroupSize) rows)")
            text.line("verdict: \(pass)")
        case .fail:
            let biased = attributes.filter { !$0.failures.isEmpty }.map(\.attribute).joined(separator: ", ")
            let unjudgedText: StyledText =
                unjudged.isEmpty ? "" : "; \(.warn("cannot judge " + unjudged.joined(separator: ", ")))"
            text.line("verdict: \(.fail("FAIL, labels biased on " + biased))\(unjudgedText)")
        case .cannotJudge:
            text.line("verdict: \(.warn("CANNOT JUDGE " + unjudged.joined(separator: ", ")))")
        }
    }
}
