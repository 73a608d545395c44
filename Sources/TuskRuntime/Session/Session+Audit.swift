import TuskCore
import TuskLang
import TuskML

/// `audit` and `audit data`: fairness, reliance and proxies, with a verdict against thresholds.
extension Session {
    func audit(_ modelRef: DataRef, on ref: DataRef, _ options: AuditOptions, _ dataOptions: DataOptions)
        throws(Diagnostic)
        -> [String]
    {
        let (model, modelData) = try loadModel(modelRef)
        let (table, data, _) = try loadTable(ref, dataOptions, label: model.target)
        let result: ModelAudit
        do {
            let labeled = try LabeledData(table: table, target: model.target, classes: model.classes)
            result = try Auditor.audit(
                model, on: labeled, protected: options.protected.map(\.value),
                privileged: options.privileged.mapValues(\.value), thresholds: thresholds(options))
        } catch {
            throw diagnostic(error, at: span(of: error, options) ?? ref.span)
        }
        var lines = [
            "audit of \(modelData.name) on \(data.name): \(Format.count(result.rows)) rows, positive class \(result.positiveClass)"
        ]
        for attribute in result.attributes {
            let others = otherGroups(attribute.fairness.groups, privileged: attribute.privileged)
            lines += ["", "\(attribute.attribute) (privileged: \(attribute.privileged))"]
            lines += groupTable(attribute.fairness.groups)
            var metrics = TextTable("METRIC", "VALUE", "DEFINITION")
            metrics.add(
                "demographic parity difference", Format.metric(attribute.fairness.demographicParityDifference),
                "Fairlearn: max - min selection rate")
            metrics.add(
                "demographic parity ratio", Format.metric(attribute.fairness.demographicParityRatio),
                "Fairlearn: min / max selection rate")
            metrics.add(
                "equal opportunity difference", Format.metric(attribute.fairness.equalOpportunityDifference),
                "Fairlearn: max - min TPR")
            metrics.add(
                "equalized odds difference", Format.metric(attribute.fairness.equalizedOddsDifference),
                "Fairlearn: max of TPR and FPR gaps")
            metrics.add(
                "disparate impact", Format.metric(attribute.fairness.disparateImpact),
                "AIF360: selection \(others) / \(attribute.privileged)")
            metrics.add(
                "statistical parity difference", Format.signed(attribute.fairness.statisticalParityDifference),
                "AIF360: selection \(others) - \(attribute.privileged)")
            metrics.add(
                "equal opportunity (signed)", Format.signed(attribute.fairness.equalOpportunitySigned),
                "AIF360: TPR \(others) - \(attribute.privileged)")
            metrics.add(
                "average odds difference", Format.signed(attribute.fairness.averageOddsDifference),
                "AIF360: mean of FPR and TPR differences")
            metrics.add(
                "flip rate", attribute.flipRate.map(Format.metric) ?? "-",
                attribute.flipRate == nil
                    ? "not a feature of the model" : "decisions that change when only \(attribute.attribute) is swapped"
            )
            lines += metrics.lines
            if let importance = attribute.importance {
                lines.append(
                    "importance: mean |contribution| \(Format.metric(importance.value)) log-odds, "
                        + "rank \(importance.rank) of \(importance.of) features")
            }
            if !attribute.coefficients.isEmpty {
                lines.append(
                    "coefficients: "
                        + attribute.coefficients.map { "\($0.name) \(Format.signed($0.weight))" }.joined(
                            separator: ", ") + " (log-odds)")
            }
            lines.append(
                "likely proxies: "
                    + (attribute.proxies.isEmpty
                        ? "none above \(Format.metric(result.thresholds.proxyAssociation))"
                        : attribute.proxies.prefix(4).map { "\($0.feature) (\(Format.metric($0.association)))" }.joined(
                            separator: ", ")))
            lines.append(
                attribute.failures.isEmpty
                    ? "result: pass" : "result: FAIL: " + attribute.failures.joined(separator: "; "))
        }
        lines.append("")
        lines.append(
            result.passed
                ? "verdict: PASS (\(describe(result.thresholds)))"
                : "verdict: FAIL, biased on "
                    + result.attributes.filter { !$0.failures.isEmpty }.map { attribute in
                        "\(attribute.attribute) (disparate impact \(Format.metric(attribute.fairness.disparateImpact))"
                            + (attribute.flipRate.map { ", flip rate \(Format.metric($0))" } ?? "") + ")"
                    }.joined(separator: ", "))
        return lines
    }

    func auditData(_ ref: DataRef, target: Located<String>?, _ options: AuditOptions, _ dataOptions: DataOptions)
        throws(Diagnostic) -> [String]
    {
        let (table, data, known) = try loadTable(ref, dataOptions, label: target?.value)
        guard let label = target?.value ?? known?.target else {
            throw Diagnostic("which column is the label?", at: ref.span, help: "add --target COLUMN")
        }
        let result: DataAudit
        do {
            let labeled = try LabeledData(table: table, target: label)
            result = try Auditor.auditData(
                labeled, protected: options.protected.map(\.value), privileged: options.privileged.mapValues(\.value),
                thresholds: thresholds(options))
        } catch {
            throw diagnostic(
                error,
                at: span(of: error, options)
                    ?? (error.message.hasPrefix("no column") ? target?.span ?? ref.span : ref.span))
        }
        var lines = [
            "data audit of \(data.name): \(Format.count(result.rows)) rows, label \(label) = \(result.positiveClass)"
        ]
        for attribute in result.attributes {
            let others = otherGroups(attribute.groups, privileged: attribute.privileged)
            lines += ["", "\(attribute.attribute) (privileged: \(attribute.privileged))"]
            var groups = TextTable("GROUP", "ROWS", "BASE RATE")
            for group in attribute.groups {
                groups.add(group.group, Format.count(group.count), Format.metric(group.baseRate))
            }
            lines += groups.lines
            lines.append(
                "label disparate impact: \(Format.metric(attribute.disparateImpact)) (base rate \(others) / \(attribute.privileged))"
            )
            lines.append("label parity difference: \(Format.metric(attribute.parityDifference)) (max - min base rate)")
            lines.append("ROC AUC of \(label) from \(attribute.attribute) alone: \(Format.metric(attribute.rocAUC))")
            lines.append(
                attribute.failures.isEmpty
                    ? "result: pass" : "result: FAIL: " + attribute.failures.joined(separator: "; "))
        }
        lines.append("")
        lines.append(
            "ROC AUC of \(label) from \(result.attributes.map(\.attribute).joined(separator: ", ")) together: \(Format.metric(result.rocAUCAll))"
        )
        lines.append(
            result.passed
                ? "verdict: PASS (label disparate impact >= \(Format.metric(result.thresholds.minDisparateImpact)))"
                : "verdict: FAIL, labels biased on " + result.biasedFeatures.joined(separator: ", "))
        return lines
    }

    /// How the unprivileged side is named: the other group's name when there are two, else "others".
    private func otherGroups(_ groups: [GroupStatistics], privileged: String) -> String {
        groups.count == 2 ? groups.first { $0.group != privileged }!.group : "others"
    }

    private func groupTable(_ groups: [GroupStatistics]) -> [String] {
        var table = TextTable("GROUP", "ROWS", "BASE RATE", "SELECTION", "TPR", "FPR")
        for group in groups {
            table.add(
                group.group, Format.count(group.count), Format.metric(group.baseRate),
                Format.metric(group.selectionRate),
                Format.metric(group.truePositiveRate), Format.metric(group.falsePositiveRate))
        }
        return table.lines
    }

    private func thresholds(_ options: AuditOptions) -> FairnessThresholds {
        var thresholds = FairnessThresholds()
        if let value = options.minDisparateImpact { thresholds.minDisparateImpact = value }
        if let value = options.maxDifference {
            thresholds.maxEqualOpportunityDifference = value
            thresholds.maxEqualizedOddsDifference = value
        }
        if let value = options.maxFlipRate { thresholds.maxFlipRate = value }
        return thresholds
    }

    private func describe(_ thresholds: FairnessThresholds) -> String {
        "disparate impact >= \(Format.metric(thresholds.minDisparateImpact)), TPR and FPR gaps <= "
            + "\(Format.metric(thresholds.maxEqualOpportunityDifference)), flip rate <= \(Format.metric(thresholds.maxFlipRate))"
    }

    /// Points an error about a protected attribute or group at that word of the command.
    private func span(of error: MLError, _ options: AuditOptions) -> SourceSpan? {
        for attribute in options.protected where error.message.contains("'\(attribute.value)'") {
            if let group = options.privileged[attribute.value], error.message.contains("'\(group.value)'") {
                return group.span
            }
            return attribute.span
        }
        return nil
    }
}

extension Format {
    static func signed(_ x: Double) -> String {
        if x.isNaN { return "n/a" }
        let text = String(format: "%+.4f", x)
        return text == "-0.0000" ? "+0.0000" : text
    }
}
