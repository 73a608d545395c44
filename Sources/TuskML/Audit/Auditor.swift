import TuskCore

/// Audits models and data for bias on protected attributes (the Fairlearn / AIF360 part).
public enum Auditor {
    /// Audits `model`'s decisions on `data` (labeled with the model's classes).
    ///
    /// - Parameter privileged: the privileged group of each attribute; by default its most frequent group.
    public static func audit(
        _ model: TrainedModel, on data: LabeledData, protected: [String], privileged: [String: String] = [:],
        thresholds: FairnessThresholds = FairnessThresholds()
    ) throws(MLError) -> ModelAudit {
        let decisions = TrainedModel.decisions(try model.probabilities(data.table))
        let importance = try Explainer.importance(model, on: data.table)
        let ranked = importance.sorted { $0.value > $1.value || ($0.value == $1.value && $0.feature < $1.feature) }
        var attributes: [AttributeAudit] = []
        for name in protected {
            let (codes, levels) = try categoricalColumn(name, in: data.table)
            let privilegedCode = try privilegedGroup(name, codes: codes, levels: levels, chosen: privileged[name])
            let figures = GroupFairness(
                codes: codes, levels: levels, privileged: privilegedCode, labels: data.labels, decisions: decisions)
            let flip = try flipRate(
                model, data: data, attribute: name, codes: codes, levels: levels, privileged: privilegedCode,
                decisions: decisions)
            // The verdict compares the privileged group with everyone else (AIF360's framing), which
            // stays meaningful when some groups are tiny; Fairlearn's all-group gaps are reported beside.
            let opportunityGap = abs(figures.equalOpportunitySigned)
            let oddsGap = max(opportunityGap, abs(figures.falsePositiveRateSigned))
            var failures: [String] = []
            if !figures.disparateImpact.isNaN && figures.disparateImpact < thresholds.minDisparateImpact {
                failures.append(
                    "disparate impact \(fixed(figures.disparateImpact)) < \(fixed(thresholds.minDisparateImpact))")
            }
            if opportunityGap > thresholds.maxEqualOpportunityDifference {
                failures.append(
                    "true positive rate gap \(fixed(opportunityGap)) > \(fixed(thresholds.maxEqualOpportunityDifference))"
                )
            } else if oddsGap > thresholds.maxEqualizedOddsDifference {
                failures.append(
                    "false positive rate gap \(fixed(oddsGap)) > \(fixed(thresholds.maxEqualizedOddsDifference))")
            }
            if let flip, flip > thresholds.maxFlipRate {
                failures.append("flip rate \(fixed(flip)) > \(fixed(thresholds.maxFlipRate))")
            }
            attributes.append(
                AttributeAudit(
                    attribute: name, privileged: levels[Int(privilegedCode)], fairness: figures,
                    flipRate: flip,
                    importance: ranked.firstIndex { $0.feature == name }.map {
                        (ranked[$0].value, $0 + 1, ranked.count)
                    }, coefficients: coefficients(of: name, in: model),
                    proxies: proxies(
                        of: name, codes: codes, levels: levels.count, in: data, protected: protected,
                        threshold: thresholds.proxyAssociation),
                    failures: failures))
        }
        return ModelAudit(
            rows: data.rowCount, positiveClass: model.classes[1], thresholds: thresholds, attributes: attributes)
    }

    /// Audits the labels of `data`: how strongly the protected attributes predict them.
    public static func auditData(
        _ data: LabeledData, protected: [String], privileged: [String: String] = [:],
        thresholds: FairnessThresholds = FairnessThresholds()
    ) throws(MLError) -> DataAudit {
        var attributes: [DataAudit.Attribute] = []
        for name in protected {
            let (codes, levels) = try categoricalColumn(name, in: data.table)
            let privilegedCode = try privilegedGroup(name, codes: codes, levels: levels, chosen: privileged[name])
            let groups = groupStatistics(codes: codes, levels: levels, labels: data.labels, decisions: data.labels)
            let (unprivileged, privilegedStats) = pooled(codes, privilegedCode, levels, data.labels, data.labels)
            let impact = privilegedStats.baseRate > 0 ? unprivileged.baseRate / privilegedStats.baseRate : .nan
            // Scoring each row by its group's base rate is the best this attribute alone can do.
            let rates = groups.map(\.baseRate)
            let scores = codes.map { $0 >= 0 ? rates[Int($0)] : 0 }
            var failures: [String] = []
            if !impact.isNaN && impact < thresholds.minDisparateImpact {
                failures.append("label disparate impact \(fixed(impact)) < \(fixed(thresholds.minDisparateImpact))")
            }
            attributes.append(
                DataAudit.Attribute(
                    attribute: name, privileged: levels[Int(privilegedCode)], groups: groups, disparateImpact: impact,
                    parityDifference: spread(rates), rocAUC: BinaryMetrics.auc(data.labels, scores), failures: failures)
            )
        }
        let only = Table(
            source: data.table.source, rowCount: data.rowCount,
            columns: data.table.columns.filter { protected.contains($0.name) || $0.name == data.target })
        let subset = try LabeledData(table: only, target: data.target, classes: data.classes)
        let encoder = FeatureEncoder.fit(subset)
        let rows = try encoder.encode(only)
        let model = try LogisticRegression.fit(rows, width: encoder.width, labels: subset.labels)
        let auc = BinaryMetrics.auc(subset.labels, model.probabilities(rows))
        return DataAudit(
            rows: data.rowCount, positiveClass: data.classes[1], attributes: attributes, rocAUCAll: auc,
            thresholds: thresholds)
    }

    // MARK: - Parts

    static func categoricalColumn(_ name: String, in table: Table) throws(MLError) -> ([Int32], [String]) {
        guard let column = table.column(named: name) else {
            throw MLError(
                "no protected column '\(name)'", kind: .column, subject: .column(name), file: table.source,
                help: Suggestion.didYouMean(name, among: table.columns.map(\.name)) ?? "name a column of the data")
        }
        guard case .categorical(let codes, let levels) = column.values else {
            throw MLError(
                "protected column '\(name)' is numeric", kind: .column, subject: .column(name), file: table.source,
                help: "audit categorical attributes such as sex or race")
        }
        return (codes, levels)
    }

    static func privilegedGroup(_ name: String, codes: [Int32], levels: [String], chosen: String?) throws(MLError)
        -> Int32
    {
        if let chosen {
            guard let index = levels.firstIndex(of: chosen) else {
                throw MLError(
                    "'\(chosen)' is not a group of '\(name)' (groups: \(levels.joined(separator: ", ")))", kind: .group,
                    subject: .group(attribute: name, group: chosen),
                    help: Suggestion.didYouMean(chosen, among: levels))
            }
            return Int32(index)
        }
        var counts = [Int](repeating: 0, count: levels.count)
        for code in codes where code >= 0 { counts[Int(code)] += 1 }
        return Int32(counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0)
    }

    static func groupStatistics(codes: [Int32], levels: [String], labels: [UInt8], decisions: [UInt8])
        -> [GroupStatistics]
    {
        levels.indices.compactMap { k in
            let rows = codes.indices.filter { codes[$0] == Int32(k) }
            guard !rows.isEmpty else { return nil }
            return GroupStatistics.of(
                group: levels[k], labels: rows.map { labels[$0] }, decisions: rows.map { decisions[$0] })
        }
    }

    /// (every group but the privileged one pooled, the privileged group).
    static func pooled(
        _ codes: [Int32], _ privileged: Int32, _ levels: [String], _ labels: [UInt8], _ decisions: [UInt8]
    ) -> (GroupStatistics, GroupStatistics) {
        let inside = codes.indices.filter { codes[$0] == privileged }
        let outside = codes.indices.filter { codes[$0] >= 0 && codes[$0] != privileged }
        return (
            GroupStatistics.of(
                group: "unprivileged", labels: outside.map { labels[$0] }, decisions: outside.map { decisions[$0] }),
            GroupStatistics.of(
                group: levels[Int(privileged)], labels: inside.map { labels[$0] },
                decisions: inside.map { decisions[$0] })
        )
    }

    /// Swaps the attribute (unprivileged rows to the privileged group, privileged rows to the most
    /// common other group) and counts the decisions that change.
    static func flipRate(
        _ model: TrainedModel, data: LabeledData, attribute: String, codes: [Int32], levels: [String],
        privileged: Int32,
        decisions: [UInt8]
    ) throws(MLError) -> Double? {
        guard model.encoder.categorical.contains(where: { $0.name == attribute }) else { return nil }
        var counts = [Int](repeating: 0, count: levels.count)
        for code in codes where code >= 0 && code != privileged { counts[Int(code)] += 1 }
        guard let other = counts.indices.filter({ Int32($0) != privileged }).max(by: { counts[$0] < counts[$1] }) else {
            return nil
        }
        let swapped = codes.map { $0 < 0 ? $0 : ($0 == privileged ? Int32(other) : privileged) }
        let columns = data.table.columns.map { column in
            column.name == attribute
                ? Table.Column(name: attribute, values: .categorical(codes: swapped, levels: levels)) : column
        }
        let counterfactual = Table(source: data.table.source, rowCount: data.rowCount, columns: columns)
        let flipped = TrainedModel.decisions(try model.probabilities(counterfactual))
        let changed = zip(decisions, flipped).filter { $0 != $1 }.count
        return data.rowCount == 0 ? 0 : Double(changed) / Double(data.rowCount)
    }

    static func coefficients(of attribute: String, in model: TrainedModel) -> [(name: String, weight: Double)] {
        guard let logistic = model.logistic,
            let column = model.encoder.categorical.first(where: { $0.name == attribute })
        else { return [] }
        let slots = column.levels.count + (column.infrequent == nil ? 0 : 1)
        return zip(column.slotNames.prefix(slots), logistic.weights[column.offset..<(column.offset + slots)]).map {
            ($0, $1)
        }
    }

    static func proxies(
        of attribute: String, codes: [Int32], levels: Int, in data: LabeledData, protected: [String], threshold: Double
    ) -> [(feature: String, association: Double)] {
        var found: [(feature: String, association: Double)] = []
        for column in data.features where !protected.contains(column.name) {
            let strength: Double
            switch column.values {
            case .numeric(let values): strength = Association.correlationRatio(values, groups: codes, levels: levels)
            case .categorical(let other, let otherLevels):
                strength = Association.cramersV(codes, levelsA: levels, other, levelsB: otherLevels.count)
            }
            if strength >= threshold { found.append((column.name, strength)) }
        }
        return found.sorted {
            $0.association > $1.association || ($0.association == $1.association && $0.feature < $1.feature)
        }
    }

    static func spread(_ values: [Double]) -> Double {
        let present = values.filter { !$0.isNaN }
        guard let high = present.max(), let low = present.min() else { return .nan }
        return high - low
    }

    static func fixed(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        return "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
    }
}
