import Foundation
import TuskCore

/// Audits models and data for bias on protected attributes (the Fairlearn / AIF360 part).
public enum Auditor {
    /// Audits `model`'s decisions on `data` (labeled with the model's classes).
    ///
    /// Two findings per attribute: reliance (does swapping only the attribute change decisions?)
    /// and outcome gaps (each group with at least `thresholds.minGroupSize` rows against the
    /// privileged group: selection ratio, TPR and FPR gaps). Smaller groups are reported but left
    /// out of the verdict; an attribute with no group to compare cannot be judged.
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
            let privilegedName = levels[Int(privilegedCode)]
            let figures = GroupFairness(
                codes: codes, levels: levels, privileged: privilegedCode, labels: data.labels, decisions: decisions)
            let flip = try flipRate(
                model, data: data, attribute: name, codes: codes, levels: levels, privileged: privilegedCode,
                decisions: decisions)
            let judged = judgeOutcomes(figures.groups, attribute: name, privileged: privilegedName, thresholds)
            attributes.append(
                AttributeAudit(
                    attribute: name, privileged: privilegedName, fairness: figures, flip: flip,
                    importance: ranked.firstIndex { $0.feature == name }.map {
                        (ranked[$0].value, $0 + 1, ranked.count)
                    }, coefficients: coefficients(of: name, in: model),
                    proxies: proxies(
                        of: name, codes: codes, levels: levels.count, in: data, protected: protected,
                        threshold: thresholds.proxyAssociation),
                    comparisons: judged.comparisons, tooSmall: judged.tooSmall,
                    reliance: judgeReliance(flip, attribute: name, thresholds), outcomes: judged.judgement))
        }
        return ModelAudit(
            rows: data.rowCount, positiveClass: model.classes[1], thresholds: thresholds, attributes: attributes)
    }

    /// Audits the labels of `data`: how strongly the protected attributes predict them. The
    /// verdict compares each group's base rate (with at least `thresholds.minGroupSize` rows)
    /// with the privileged group's.
    public static func auditData(
        _ data: LabeledData, protected: [String], privileged: [String: String] = [:],
        thresholds: FairnessThresholds = FairnessThresholds()
    ) throws(MLError) -> DataAudit {
        var attributes: [DataAudit.Attribute] = []
        for name in protected {
            let (codes, levels) = try categoricalColumn(name, in: data.table)
            let privilegedCode = try privilegedGroup(name, codes: codes, levels: levels, chosen: privileged[name])
            let privilegedName = levels[Int(privilegedCode)]
            let groups = groupStatistics(codes: codes, levels: levels, labels: data.labels, decisions: data.labels)
            let (unprivileged, privilegedStats) = pooled(codes, privilegedCode, levels, data.labels, data.labels)
            let impact = privilegedStats.baseRate > 0 ? unprivileged.baseRate / privilegedStats.baseRate : .nan
            // Scoring each row by its group's base rate is the best this attribute alone can do.
            let rates = groups.map(\.baseRate)
            let scores = codes.map { $0 >= 0 ? rates[Int($0)] : 0 }
            let minimum = thresholds.minGroupSize
            var ratios: [(group: String, ratio: Double)] = []
            let judgement: Judgement
            if let blocked = nothingToCompare(groups, attribute: name, privileged: privilegedName, minimum) {
                judgement = blocked
            } else {
                let top = groups.first { $0.group == privilegedName }?.baseRate ?? .nan
                ratios = groups.filter { $0.group != privilegedName && $0.count >= minimum }.map {
                    ($0.group, ratio($0.baseRate, top))
                }
                let failing = ratios.filter { $0.ratio < thresholds.minDisparateImpact }
                let lowest = ratios.min { $0.ratio < $1.ratio }
                judgement =
                    failing.isEmpty
                    ? Judgement(
                        .pass,
                        lowest.map {
                            [
                                "lowest label base rate ratio \(fixed($0.ratio)) (\($0.group)) >= \(plain(thresholds.minDisparateImpact))"
                            ]
                        } ?? [])
                    : Judgement(
                        .fail,
                        failing.map {
                            "label base rate ratio of \($0.group) \(fixed($0.ratio)) < \(plain(thresholds.minDisparateImpact))"
                        })
            }
            attributes.append(
                DataAudit.Attribute(
                    attribute: name, privileged: privilegedName, groups: groups, disparateImpact: impact,
                    parityDifference: spread(rates), rocAUC: BinaryMetrics.auc(data.labels, scores), ratios: ratios,
                    tooSmall: groups.filter { $0.count < minimum }, judgement: judgement))
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

    // MARK: - Judging

    /// Reliance: the flip rate against its threshold.
    static func judgeReliance(_ flip: FlipRate, attribute: String, _ thresholds: FairnessThresholds) -> Judgement {
        switch flip {
        case .measured(let rate):
            rate > thresholds.maxFlipRate
                ? Judgement(.fail, ["flip rate \(fixed(rate)) > \(plain(thresholds.maxFlipRate))"])
                : Judgement(.pass, ["flip rate \(fixed(rate)) <= \(plain(thresholds.maxFlipRate))"])
        case .notAFeature: Judgement(.pass, ["\(attribute) is not a feature of the model"])
        case .nothingToSwap: Judgement(.cannotJudge, ["no row has a value of \(attribute) to swap"])
        }
    }

    /// Why no group can be compared with the privileged one, or nil when some can.
    static func nothingToCompare(_ groups: [GroupStatistics], attribute: String, privileged: String, _ minimum: Int)
        -> Judgement?
    {
        guard let top = groups.first(where: { $0.group == privileged }) else {
            return Judgement(.cannotJudge, ["no row of the data is in the privileged group \(privileged)"])
        }
        if top.count < minimum {
            return Judgement(
                .cannotJudge, ["the privileged group \(privileged) has \(top.count) rows, fewer than \(minimum)"])
        }
        if groups.count == 1 {
            return Judgement(
                .cannotJudge, ["\(attribute) has one group in the data (\(privileged)): nothing to compare"])
        }
        if !groups.contains(where: { $0.group != privileged && $0.count >= minimum }) {
            return Judgement(
                .cannotJudge, ["no group but \(privileged) has at least \(minimum) rows: nothing to compare"])
        }
        return nil
    }

    /// Outcome gaps: every group with enough rows against the privileged group.
    static func judgeOutcomes(
        _ groups: [GroupStatistics], attribute: String, privileged: String, _ thresholds: FairnessThresholds
    ) -> (comparisons: [GroupComparison], tooSmall: [GroupStatistics], judgement: Judgement) {
        let minimum = thresholds.minGroupSize
        let tooSmall = groups.filter { $0.count < minimum }
        if let blocked = nothingToCompare(groups, attribute: attribute, privileged: privileged, minimum) {
            return ([], tooSmall, blocked)
        }
        let top = groups.first { $0.group == privileged }
        let comparisons = groups.filter { $0.group != privileged && $0.count >= minimum }.map { group in
            GroupComparison(
                group: group.group, rows: group.count,
                selectionRatio: ratio(group.selectionRate, top?.selectionRate ?? .nan),
                truePositiveRateGap: group.truePositiveRate - (top?.truePositiveRate ?? .nan),
                falsePositiveRateGap: group.falsePositiveRate - (top?.falsePositiveRate ?? .nan))
        }
        let di = plain(thresholds.minDisparateImpact), tprLimit = thresholds.maxEqualOpportunityDifference
        let fprLimit = thresholds.maxEqualizedOddsDifference
        var failures: [String] = [], undefined: [String] = []
        for c in comparisons {
            if c.selectionRatio < thresholds.minDisparateImpact {
                failures.append("selection ratio of \(c.group) \(fixed(c.selectionRatio)) < \(di)")
            }
            for (name, gap, limit, rows) in [
                ("TPR", c.truePositiveRateGap, tprLimit, "positive"),
                ("FPR", c.falsePositiveRateGap, fprLimit, "negative"),
            ] {
                if gap.isNaN {
                    undefined.append(
                        "\(name) gap of \(c.group) undefined: no \(rows) rows in \(c.group) or \(privileged)")
                } else if abs(gap) > limit {
                    failures.append("\(name) gap of \(c.group) \(signed(gap)) beyond ±\(plain(limit))")
                }
            }
        }
        let judgement: Judgement
        if !failures.isEmpty {
            judgement = Judgement(.fail, failures)
        } else if !undefined.isEmpty {
            judgement = Judgement(.cannotJudge, undefined)
        } else {
            let lowest = comparisons.min { $0.selectionRatio < $1.selectionRatio }
            let tpr = comparisons.max { abs($0.truePositiveRateGap) < abs($1.truePositiveRateGap) }
            let fpr = comparisons.max { abs($0.falsePositiveRateGap) < abs($1.falsePositiveRateGap) }
            var reasons: [String] = []
            if let lowest {
                reasons.append("lowest selection ratio \(fixed(lowest.selectionRatio)) (\(lowest.group)) >= \(di)")
            }
            if let tpr, let fpr {
                reasons.append(
                    "largest TPR gap \(signed(tpr.truePositiveRateGap)) (\(tpr.group)) and FPR gap "
                        + "\(signed(fpr.falsePositiveRateGap)) (\(fpr.group)) within ±\(plain(tprLimit == fprLimit ? tprLimit : max(tprLimit, fprLimit)))"
                )
            }
            judgement = Judgement(.pass, reasons)
        }
        return (comparisons, tooSmall, judgement)
    }

    /// `value / reference`, where both zero means equal (1) and only the reference zero means infinitely more.
    static func ratio(_ value: Double, _ reference: Double) -> Double {
        if reference > 0 { return value / reference }
        return value > 0 ? .infinity : (value == 0 && reference == 0 ? 1 : .nan)
    }

    // MARK: - Parts

    static func categoricalColumn(_ name: String, in table: Table) throws(MLError) -> ([Int32], [String]) {
        guard let column = table.column(named: name) else {
            throw MLError(
                "no protected column '\(name)'", kind: .column, subject: .column(name), file: table.source,
                help: Suggestion.didYouMean(name, among: table.columns.map(\.name)) ?? "name a column of the data")
        }
        let empty = MLError(
            "protected column '\(name)' has no values", kind: .column, subject: .column(name), file: table.source,
            help: "audit data where the attribute is recorded")
        switch column.values {
        case .numeric(let values) where values.allSatisfy(\.isNaN): throw empty
        case .numeric:
            throw MLError(
                "protected column '\(name)' is numeric", kind: .column, subject: .column(name), file: table.source,
                help: "audit categorical attributes such as sex or race")
        case .categorical(let codes, let levels):
            guard codes.contains(where: { $0 >= 0 }) else { throw empty }
            return (codes, levels)
        }
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
    /// common other group of the data, or of the model's training data when the data has no other)
    /// and counts the decisions that change.
    static func flipRate(
        _ model: TrainedModel, data: LabeledData, attribute: String, codes: [Int32], levels: [String],
        privileged: Int32,
        decisions: [UInt8]
    ) throws(MLError) -> FlipRate {
        guard let feature = model.encoder.categorical.first(where: { $0.name == attribute }) else {
            return .notAFeature
        }
        var counts = [Int](repeating: 0, count: levels.count)
        for code in codes where code >= 0 && code != privileged { counts[Int(code)] += 1 }
        let privilegedName = levels[Int(privileged)]
        var other: String
        if let common = counts.indices.filter({ Int32($0) != privileged }).max(by: { counts[$0] < counts[$1] }),
            counts[common] > 0
        {
            other = levels[common]
        } else if let known = feature.levels.indices.filter({ feature.levels[$0] != privilegedName })
            .max(by: { feature.frequencies[$0] < feature.frequencies[$1] })
        {
            // The data holds one group only: swap it to the group the model saw most often besides it.
            other = feature.levels[known]
        } else {
            return .nothingToSwap
        }
        var swappedLevels = levels
        if !swappedLevels.contains(other) { swappedLevels.append(other) }
        let otherCode = Int32(swappedLevels.firstIndex(of: other) ?? 0)
        let swapped = codes.map { $0 < 0 ? $0 : ($0 == privileged ? otherCode : privileged) }
        let columns = data.table.columns.map { column in
            column.name == attribute
                ? Table.Column(name: attribute, values: .categorical(codes: swapped, levels: swappedLevels)) : column
        }
        let counterfactual = Table(source: data.table.source, rowCount: data.rowCount, columns: columns)
        let flipped = TrainedModel.decisions(try model.probabilities(counterfactual))
        let changed = zip(decisions, flipped).filter { $0 != $1 }.count
        return .measured(data.rowCount == 0 ? 0 : Double(changed) / Double(data.rowCount))
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

    /// A figure in a verdict, as the report prints it: four decimals, `inf`, `n/a`.
    static func fixed(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%.4f", value)
    }

    /// A signed gap, as the report prints it: `+0.0312`.
    static func signed(_ value: Double) -> String {
        let text = String(format: "%+.4f", value)
        return text == "-0.0000" ? "+0.0000" : text
    }

    /// A threshold as the user wrote it: `0.8`, `0.05`.
    static func plain(_ value: Double) -> String { NumberFormat.shortest(value) }
}
