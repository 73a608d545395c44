import TuskCore
import TuskML

extension ServingEngine {
    /// The live predictor against each canary and shadow, on the requests both scored: how often
    /// they agree, where they disagree by protected group, their accuracy where labels arrived,
    /// and their selection rates per group side by side.
    ///
    /// - Parameter minimumGroup: groups with fewer requests are shown but left out of the disparate
    ///   impact, as the audit leaves out groups too small to judge.
    public func compare(
        _ window: ServedWindow, protected: [String], privileged named: [String: String] = [:], minimumGroup: Int = 30
    ) throws(ServingError)
        -> ComparisonReport
    {
        guard let live = window.deployment.current?.live else { throw .nothingReleased(window.deployment.name) }
        let classes = try model(live.model).classes
        let inputs = window.inputTable()
        var logged: [String] = []
        window.forEach { chunk, k in
            for position in chunk.answerStarts[k]..<chunk.answerStarts[k + 1] {
                let name = chunk.predictors[chunk.answerPredictors[position]]
                if name != PredictorName.live.rawValue && !logged.contains(name) { logged.append(name) }
            }
        }
        let challengers = try logged.map { text throws(ServingError) in
            try PredictorName.logged(text, of: window.deployment.name)
        }.sorted { (Self.order($0), $0.rawValue) < (Self.order($1), $1.rawValue) }
        var groupsOf: [(attribute: String, codes: [Int32], levels: [String])] = []
        for attribute in protected {
            guard let column = inputs.column(named: attribute) else {
                throw .artifact(
                    .data(
                        MLError(
                            "the logged requests have no feature '\(attribute)'", file: inputs.source,
                            help: Suggestion.didYouMean(attribute, among: inputs.columns.map(\.name)))))
            }
            switch column.values {
            case .categorical(let codes, let levels): groupsOf.append((attribute, codes, levels))
            case .numeric:
                throw .artifact(
                    .data(
                        MLError(
                            "'\(attribute)' is numeric; protected attributes are categories", file: inputs.source)))
            }
        }
        var pairs: [ComparisonReport.Pair] = []
        for challenger in challengers {
            var rows: [Int] = []
            var ids: [String] = []
            var liveDecisions: [UInt8] = []
            var otherDecisions: [UInt8] = []
            var row = 0
            window.forEach { chunk, k in
                defer { row += 1 }
                let answers = chunk.answerStarts[k]..<chunk.answerStarts[k + 1]
                guard
                    let a = answers.first(where: {
                        chunk.predictors[chunk.answerPredictors[$0]] == PredictorName.live.rawValue
                    }),
                    let b = answers.first(where: { chunk.predictors[chunk.answerPredictors[$0]] == challenger.rawValue }
                    )
                else { return }
                rows.append(row)
                if !window.labels.isEmpty { ids.append(chunk.ids[k]) }
                liveDecisions.append(chunk.probabilities[a] > 0.5 ? 1 : 0)
                otherDecisions.append(chunk.probabilities[b] > 0.5 ? 1 : 0)
            }
            let agree = zip(liveDecisions, otherDecisions).filter { $0 == $1 }.count
            var labeled = 0, liveCorrect = 0, otherCorrect = 0, liveOnly = 0, otherOnly = 0
            for k in ids.indices {
                guard let label = window.labels[ids[k]].flatMap({ classes.firstIndex(of: $0) })
                else { continue }
                labeled += 1
                let liveRight = Int(liveDecisions[k]) == label, otherRight = Int(otherDecisions[k]) == label
                if liveRight { liveCorrect += 1 }
                if otherRight { otherCorrect += 1 }
                if liveRight && !otherRight { liveOnly += 1 }
                if otherRight && !liveRight { otherOnly += 1 }
            }
            let attributes = groupsOf.map { attribute -> ComparisonReport.Attribute in
                var counts: [Int32: (n: Int, disagree: Int, live: Int, other: Int)] = [:]
                for (k, row) in rows.enumerated() {
                    let code = attribute.codes[row]
                    var entry = counts[code] ?? (0, 0, 0, 0)
                    entry.n += 1
                    if liveDecisions[k] != otherDecisions[k] { entry.disagree += 1 }
                    entry.live += Int(liveDecisions[k])
                    entry.other += Int(otherDecisions[k])
                    counts[code] = entry
                }
                let groups = counts.keys.sorted().map { code -> ComparisonReport.Group in
                    let entry = counts[code]!
                    return ComparisonReport.Group(
                        group: code < 0 ? "?" : attribute.levels[Int(code)], requests: entry.n,
                        disagreements: entry.disagree, liveSelected: entry.live, challengerSelected: entry.other)
                }
                // The privileged group is the one named, as the audit's `--privileged`; else the
                // most frequent one, as the audit picks it by default.
                let privileged =
                    named[attribute.attribute].map { name in groups.first { $0.group == name } }
                    ?? groups.filter { $0.group != "?" }.max { ($0.requests, $1.group) < ($1.requests, $0.group) }
                func impact(_ rate: (ComparisonReport.Group) -> Double) -> Double {
                    guard let privileged, rate(privileged) > 0 else { return .nan }
                    let others = groups.filter {
                        $0.group != privileged.group && $0.group != "?" && $0.requests >= minimumGroup
                    }
                    guard !others.isEmpty else { return .nan }
                    return others.map(rate).min()! / rate(privileged)
                }
                return ComparisonReport.Attribute(
                    attribute: attribute.attribute, privileged: privileged?.group ?? named[attribute.attribute],
                    groups: groups,
                    liveDisparateImpact: impact(\.liveSelection),
                    challengerDisparateImpact: impact(\.challengerSelection))
            }
            let model = window.deployment.releases.reversed().lazy.compactMap { release in
                release.predictors.first { $0.name == challenger }?.model.full
            }.first
            let verdict = RolloutVerdict.judge(
                requests: rows.count, agreements: agree, labeled: labeled, liveOnly: liveOnly,
                challengerOnly: otherOnly,
                impacts: attributes.map { ($0.attribute, $0.liveDisparateImpact, $0.challengerDisparateImpact) })
            pairs.append(
                ComparisonReport.Pair(
                    challenger: challenger, model: model, requests: rows.count, agreements: agree,
                    labeled: labeled, liveCorrect: liveCorrect, challengerCorrect: otherCorrect,
                    liveOnlyCorrect: liveOnly, challengerOnlyCorrect: otherOnly,
                    livePositive: liveDecisions.reduce(0) { $0 + Int($1) },
                    challengerPositive: otherDecisions.reduce(0) { $0 + Int($1) }, attributes: attributes,
                    verdict: verdict))
        }
        // The live models that answered in the window (a window may span releases).
        var lives: [String] = []
        for number in Set(window.chunks.map(\.release)).sorted() {
            guard let model = window.deployment.release(number)?.live?.model.full, !lives.contains(model)
            else { continue }
            lives.append(model)
        }
        return ComparisonReport(
            deployment: window.deployment.name, requests: window.count,
            live: lives.isEmpty ? live.model.full : lives.joined(separator: ", "),
            classes: classes, minimumGroup: minimumGroup, pairs: pairs)
    }
}

/// What `compare` reports.
public struct ComparisonReport: Sendable, Codable {
    public struct Group: Sendable, Codable {
        public let group: String
        public let requests: Int
        public let disagreements: Int
        /// The group's requests each answered with the positive class.
        public let liveSelected: Int
        public let challengerSelected: Int

        /// Share of the group's requests each answered with the positive class.
        public var liveSelection: Double { Double(liveSelected) / Double(requests) }
        public var challengerSelection: Double { Double(challengerSelected) / Double(requests) }
        /// The same shares with their Wilson intervals.
        public func liveSelectionInterval(confidence: Double = 0.95) -> ProportionInterval {
            .wilson(successes: liveSelected, trials: requests, confidence: confidence)
        }
        public func challengerSelectionInterval(confidence: Double = 0.95) -> ProportionInterval {
            .wilson(successes: challengerSelected, trials: requests, confidence: confidence)
        }
    }

    public struct Attribute: Sendable, Codable {
        public let attribute: String
        public let privileged: String?
        public let groups: [Group]
        /// Lowest selection rate of another group over the privileged group's (the four-fifths rule).
        public let liveDisparateImpact: Double
        public let challengerDisparateImpact: Double
    }

    public struct Pair: Sendable, Codable {
        public let challenger: PredictorName
        public let model: String?
        /// Requests both scored, and on how many they agreed.
        public let requests: Int
        public let agreements: Int
        public let labeled: Int
        /// Labelled requests each got right, and those only one of them got right (McNemar's
        /// discordant pairs).
        public let liveCorrect: Int
        public let challengerCorrect: Int
        public let liveOnlyCorrect: Int
        public let challengerOnlyCorrect: Int
        public let livePositive: Int
        public let challengerPositive: Int
        public let attributes: [Attribute]
        /// What to do with the challenger, by ``RolloutVerdict``'s rule.
        public let verdict: RolloutVerdict

        public var agreement: Double { requests > 0 ? Double(agreements) / Double(requests) : .nan }
        public var liveAccuracy: Double? { labeled > 0 ? Double(liveCorrect) / Double(labeled) : nil }
        public var challengerAccuracy: Double? { labeled > 0 ? Double(challengerCorrect) / Double(labeled) : nil }
        /// Agreement and accuracies with their Wilson intervals.
        public func agreementInterval(confidence: Double = 0.95) -> ProportionInterval {
            .wilson(successes: agreements, trials: requests, confidence: confidence)
        }
        public func liveAccuracyInterval(confidence: Double = 0.95) -> ProportionInterval {
            .wilson(successes: liveCorrect, trials: labeled, confidence: confidence)
        }
        public func challengerAccuracyInterval(confidence: Double = 0.95) -> ProportionInterval {
            .wilson(successes: challengerCorrect, trials: labeled, confidence: confidence)
        }
    }

    public let deployment: DeploymentName
    public let requests: Int
    public let live: String
    public let classes: [String]
    /// Groups with fewer requests are left out of the disparate impact.
    public let minimumGroup: Int
    public let pairs: [Pair]
}

// The shares are derived from the counts, but JSON readers get them as before, beside the counts.
extension ComparisonReport.Group {
    private enum CodingKeys: String, CodingKey {
        case group, requests, disagreements, liveSelected, challengerSelected, liveSelection, challengerSelection
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            group: try container.decode(String.self, forKey: .group),
            requests: try container.decode(Int.self, forKey: .requests),
            disagreements: try container.decode(Int.self, forKey: .disagreements),
            liveSelected: try container.decode(Int.self, forKey: .liveSelected),
            challengerSelected: try container.decode(Int.self, forKey: .challengerSelected))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(requests, forKey: .requests)
        try container.encode(disagreements, forKey: .disagreements)
        try container.encode(liveSelected, forKey: .liveSelected)
        try container.encode(challengerSelected, forKey: .challengerSelected)
        try container.encode(liveSelection, forKey: .liveSelection)
        try container.encode(challengerSelection, forKey: .challengerSelection)
    }
}

extension ComparisonReport.Pair {
    private enum CodingKeys: String, CodingKey {
        case challenger, model, requests, agreements, labeled, liveCorrect, challengerCorrect, liveOnlyCorrect
        case challengerOnlyCorrect, livePositive, challengerPositive, attributes, verdict, liveAccuracy
        case challengerAccuracy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            challenger: try container.decode(PredictorName.self, forKey: .challenger),
            model: try container.decodeIfPresent(String.self, forKey: .model),
            requests: try container.decode(Int.self, forKey: .requests),
            agreements: try container.decode(Int.self, forKey: .agreements),
            labeled: try container.decode(Int.self, forKey: .labeled),
            liveCorrect: try container.decode(Int.self, forKey: .liveCorrect),
            challengerCorrect: try container.decode(Int.self, forKey: .challengerCorrect),
            liveOnlyCorrect: try container.decode(Int.self, forKey: .liveOnlyCorrect),
            challengerOnlyCorrect: try container.decode(Int.self, forKey: .challengerOnlyCorrect),
            livePositive: try container.decode(Int.self, forKey: .livePositive),
            challengerPositive: try container.decode(Int.self, forKey: .challengerPositive),
            attributes: try container.decode([ComparisonReport.Attribute].self, forKey: .attributes),
            verdict: try container.decode(RolloutVerdict.self, forKey: .verdict))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(challenger, forKey: .challenger)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encode(requests, forKey: .requests)
        try container.encode(agreements, forKey: .agreements)
        try container.encode(labeled, forKey: .labeled)
        try container.encodeIfPresent(liveAccuracy, forKey: .liveAccuracy)
        try container.encodeIfPresent(challengerAccuracy, forKey: .challengerAccuracy)
        try container.encode(liveCorrect, forKey: .liveCorrect)
        try container.encode(challengerCorrect, forKey: .challengerCorrect)
        try container.encode(liveOnlyCorrect, forKey: .liveOnlyCorrect)
        try container.encode(challengerOnlyCorrect, forKey: .challengerOnlyCorrect)
        try container.encode(livePositive, forKey: .livePositive)
        try container.encode(challengerPositive, forKey: .challengerPositive)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(verdict, forKey: .verdict)
    }
}
