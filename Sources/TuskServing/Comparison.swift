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
        var challengers: [String] = []
        window.forEach { chunk, k in
            for position in chunk.answerStarts[k]..<chunk.answerStarts[k + 1] {
                let name = chunk.predictors[chunk.answerPredictors[position]]
                if name != "live" && !challengers.contains(name) { challengers.append(name) }
            }
        }
        challengers.sort { Self.order($0) < Self.order($1) || (Self.order($0) == Self.order($1) && $0 < $1) }
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
                guard let a = answers.first(where: { chunk.predictors[chunk.answerPredictors[$0]] == "live" }),
                    let b = answers.first(where: { chunk.predictors[chunk.answerPredictors[$0]] == challenger })
                else { return }
                rows.append(row)
                if !window.labels.isEmpty { ids.append(chunk.ids[k]) }
                liveDecisions.append(chunk.probabilities[a] > 0.5 ? 1 : 0)
                otherDecisions.append(chunk.probabilities[b] > 0.5 ? 1 : 0)
            }
            let agree = zip(liveDecisions, otherDecisions).filter { $0 == $1 }.count
            var labeled = 0, liveCorrect = 0, otherCorrect = 0
            for k in ids.indices {
                guard let label = window.labels[ids[k]].flatMap({ classes.firstIndex(of: $0) })
                else { continue }
                labeled += 1
                if Int(liveDecisions[k]) == label { liveCorrect += 1 }
                if Int(otherDecisions[k]) == label { otherCorrect += 1 }
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
                        disagreements: entry.disagree, liveSelection: Double(entry.live) / Double(entry.n),
                        challengerSelection: Double(entry.other) / Double(entry.n))
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
            pairs.append(
                ComparisonReport.Pair(
                    challenger: challenger, model: model, requests: rows.count, agreements: agree,
                    labeled: labeled, liveAccuracy: labeled > 0 ? Double(liveCorrect) / Double(labeled) : nil,
                    challengerAccuracy: labeled > 0 ? Double(otherCorrect) / Double(labeled) : nil,
                    livePositive: liveDecisions.reduce(0) { $0 + Int($1) },
                    challengerPositive: otherDecisions.reduce(0) { $0 + Int($1) }, attributes: attributes))
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
        /// Share of the group's requests each answered with the positive class.
        public let liveSelection: Double
        public let challengerSelection: Double
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
        public let challenger: String
        public let model: String?
        /// Requests both scored, and on how many they agreed.
        public let requests: Int
        public let agreements: Int
        public let labeled: Int
        public let liveAccuracy: Double?
        public let challengerAccuracy: Double?
        public let livePositive: Int
        public let challengerPositive: Int
        public let attributes: [Attribute]

        public var agreement: Double { requests > 0 ? Double(agreements) / Double(requests) : .nan }
    }

    public let deployment: String
    public let requests: Int
    public let live: String
    public let classes: [String]
    /// Groups with fewer requests are left out of the disparate impact.
    public let minimumGroup: Int
    public let pairs: [Pair]
}
