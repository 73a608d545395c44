extension RequestChunkWriter {
    /// Whether two chunks' requests were read against the same input columns (names and kinds, in
    /// order), so that one chunk can hold them all.
    static func sameColumns(_ a: [LoggedColumn], _ b: [LoggedColumn]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                switch (x.values, y.values) {
                case (.numbers, .numbers), (.codes, .codes): x.name == y.name
                default: false
                }
            }
    }

    /// Consecutive chunks of one release with the same columns (``sameColumns(_:_:)``), read
    /// whole (answers, ids, inputs and summaries), as one chunk: every request as it was logged,
    /// the categories recoded against the union of the chunks' levels (in the order they first
    /// appear), the summary the sum of theirs (none when one has none).
    static func merge(_ parts: [LoggedChunk]) -> RequestChunk {
        precondition(parts.allSatisfy { $0.hasAnswers && $0.ids.count == $0.count }, "merging chunks read in part")
        let head = parts[0]
        let total = parts.reduce(0) { $0 + $1.count }
        var predictors: [String] = []
        for part in parts {
            for name in part.predictors where !predictors.contains(name) { predictors.append(name) }
        }
        let columns = head.columns.indices.map { c -> LoggedColumn in
            switch head.columns[c].values {
            case .numbers:
                var values: [Double] = []
                values.reserveCapacity(total)
                for part in parts { if case .numbers(let numbers) = part.columns[c].values { values += numbers } }
                return LoggedColumn(name: head.columns[c].name, values: .numbers(values))
            case .codes:
                var levels: [String] = []
                var codeOf: [String: Int32] = [:]
                var codes: [Int32] = []
                codes.reserveCapacity(total)
                for part in parts {
                    guard case .codes(let partCodes, let partLevels) = part.columns[c].values else { continue }
                    let recoded = partLevels.map { level -> Int32 in
                        if let code = codeOf[level] { return code }
                        let code = Int32(levels.count)
                        levels.append(level)
                        codeOf[level] = code
                        return code
                    }
                    codes += partCodes.map { $0 < 0 ? -1 : recoded[Int($0)] }
                }
                return LoggedColumn(name: head.columns[c].name, values: .codes(codes, levels: levels))
            }
        }
        var writer = RequestChunkWriter(
            release: head.release, predictors: predictors, columns: columns, capacity: total)
        var row = 0
        for part in parts {
            let index = part.predictors.map { predictors.firstIndex(of: $0)! }
            for k in 0..<part.count {
                for a in part.answerStarts[k]..<part.answerStarts[k + 1] {
                    writer.answer(index[part.answerPredictors[a]], part.probabilities[a])
                }
                writer.finish(
                    id: part.ids[k], row: row, distance: part.distances[k],
                    latency: part.latencies[k] < 0 ? nil : part.latencies[k])
                row += 1
            }
        }
        var chunk = writer.chunk(first: head.first)
        let summaries = parts.compactMap(\.summary)
        chunk.summary = summaries.count == parts.count ? ChunkSummary.sum(summaries)?.encoded() ?? [] : []
        return chunk
    }
}

extension ChunkSummary {
    /// The summary of consecutive chunks: each predictor's counts added by name, the counts
    /// beyond each cut added (nil when the chunks were cut at different numbers of places), the
    /// latency histograms added.
    static func sum(_ summaries: [ChunkSummary]) -> ChunkSummary? {
        guard let head = summaries.first,
            summaries.allSatisfy({ $0.beyondCuts.count == head.beyondCuts.count })
        else { return nil }
        var sum = ChunkSummary()
        sum.beyondCuts = Array(repeating: 0, count: head.beyondCuts.count)
        for summary in summaries {
            for tally in summary.tallies {
                let name = summary.predictors[tally.predictor]
                let predictor: Int
                if let known = sum.predictors.firstIndex(of: name) {
                    predictor = known
                } else {
                    predictor = sum.predictors.count
                    sum.predictors.append(name)
                }
                guard let slot = sum.tallies.firstIndex(where: { $0.predictor == predictor }) else {
                    sum.tallies.append(tally)
                    sum.tallies[sum.tallies.count - 1].predictor = predictor
                    continue
                }
                sum.tallies[slot].answered += tally.answered
                sum.tallies[slot].positive += tally.positive
                sum.tallies[slot].scored += tally.scored
                sum.tallies[slot].scoredPositive += tally.scoredPositive
            }
            for c in summary.beyondCuts.indices { sum.beyondCuts[c] += summary.beyondCuts[c] }
            sum.latencies.add(summary.latencies)
        }
        return sum
    }
}
