import Foundation
import Testing

@testable import TuskStore

/// The counts each chunk carries for `monitor`, and the latency histogram in them.
@Suite struct ChunkSummaryTests {
    /// Nearest-rank percentiles from the histogram are within 0.1% of the exact ones (exact below
    /// 1,024 ns), for values from nanoseconds to minutes; the maximum is exact.
    @Test(arguments: [1, 2, 10, 1_000, 100_000])
    func histogramPercentilesAreWithinATenthOfAPercent(count: Int) {
        var generator = SplitMix(state: UInt64(count))
        // Log-uniform over 1 ns to 2^36 ns (about 69 s).
        let values = (0..<count).map { _ in Int(pow(2, Double(generator.next() % 36_000) / 1_000)) }
        var histogram = LatencyHistogram()
        for value in values { histogram.add(value) }
        let sorted = values.sorted()
        #expect(histogram.total == count && histogram.max == sorted.last)
        for p in [0, 1, 50, 90, 98, 99, 100] {
            let rank = max(1, min(count, Int((Double(p) / 100 * Double(count)).rounded(.up))))
            let exact = sorted[rank - 1]
            let read = histogram.percentile(p)!
            if exact < 1_024 {
                #expect(read == exact, "p\(p)")
            } else {
                #expect(abs(Double(read - exact)) <= Double(exact) / 1_000, "p\(p): \(read) for \(exact)")
            }
        }
    }

    @Test func histogramsOfPartsAddUpToTheHistogramOfTheWhole() throws {
        var generator = SplitMix(state: 7)
        let values = (0..<5_000).map { _ in Int(generator.next() % 10_000_000) }
        var whole = LatencyHistogram()
        var parts = [LatencyHistogram(), LatencyHistogram(), LatencyHistogram()]
        for (k, value) in values.enumerated() {
            whole.add(value)
            parts[k % 3].add(value)
        }
        var sum = LatencyHistogram()
        for part in parts { sum.add(part) }
        #expect(sum == whole)
        var bytes: [UInt8] = []
        whole.encode(into: &bytes)
        var cursor = LogCursor(bytes)
        #expect(try LatencyHistogram.decode(&cursor, chunk: 1) == whole && cursor.atEnd)
        #expect(LatencyHistogram().percentile(50) == nil)
    }

    /// The writer counts what `monitor` would count from the answers: per predictor in the order
    /// they first scored, positives at 0.5, requests beyond each distance cut, latencies.
    @Test func theWriterCountsWhatTheAnswersSay() throws {
        let cuts = [0.5, 1.0, 2.0, .infinity]
        var writer = RequestChunkWriter(
            release: 3, predictors: ["live", "canary-1", "shadow-1"], columns: [], distanceCuts: cuts)
        // (answering predictor, its probability, the others', distance, latency)
        let requests: [(Int, Double, [(Int, Double)], Double, Int?)] = [
            (1, 0.9, [(0, 0.2), (2, 0.7)], 0.5, 1_500),
            (0, 0.4, [(2, 0.6)], 1.5, 2_000),
            (0, 0.51, [(2, 0.5)], 3.0, 900),
        ]
        for (answering, probability, others, distance, latency) in requests {
            writer.answer(answering, probability)
            for (predictor, other) in others { writer.answer(predictor, other) }
            writer.finish(id: "r", row: 0, distance: distance, latency: latency)
        }
        let chunk = writer.chunk(first: 1)
        let summary = try ChunkSummary.decode(chunk.summary, chunk: 1)
        #expect(summary.predictors == ["live", "canary-1", "shadow-1"])
        #expect(
            summary.tallies == [
                .init(predictor: 1, answered: 1, positive: 1, scored: 1, scoredPositive: 1),
                .init(predictor: 0, answered: 2, positive: 1, scored: 3, scoredPositive: 1),
                .init(predictor: 2, answered: 0, positive: 0, scored: 3, scoredPositive: 2),
            ])
        // Beyond 0.5: 1.5 and 3.0 (0.5 is not beyond itself); beyond 1: two; beyond 2: one.
        #expect(summary.beyondCuts == [2, 2, 1, 0])
        #expect(summary.latencies.total == 3 && summary.latencies.max == 2_000)
        #expect(summary.latencies.percentile(50) == 1_501)  // 1,500's bucket is [1,500, 1,502)
        // Without cuts, a chunk carries no summary: `monitor` counts its answers.
        var plain = RequestChunkWriter(release: 1, predictors: ["live"], columns: [])
        plain.answer(0, 0.3)
        plain.finish(id: "r", row: 0, distance: 1, latency: nil)
        #expect(plain.chunk(first: 1).summary.isEmpty)
    }

    /// Format 1 (schema v7's) wrote every cut's count; format 2 writes the counts between cuts
    /// where there are any. Both read back to the same summary.
    @Test func aSummaryOfEitherFormatReadsTheSame() throws {
        let tally: [UInt8] = [1, 4] + Array("live".utf8) + [1, 0, 3, 2, 3, 2]
        let latencies: [UInt8] = [3, 10, 1, 10, 3]  // three requests, all of 10 ns
        let v1 = [1] + tally + [4, 3, 3, 1, 0] + latencies
        // Between cuts: none before cut 0 .. 1 (skip 1 place: 2 requests between cut 1 and 2), 1
        // beyond the last but one (cut 2).
        let v2 = [2] + tally + [4, 2, 1, 2, 0, 1] + latencies
        let old = try ChunkSummary.decode(v1, chunk: 1)
        let new = try ChunkSummary.decode(v2, chunk: 1)
        #expect(old.beyondCuts == [3, 3, 1, 0] && new == old)
        #expect(new.encoded() == v2)
        // Counts placed beyond the cuts are damage, named.
        #expect(throws: StoreError.self) { try ChunkSummary.decode([2] + tally + [4, 1, 4, 1] + latencies, chunk: 1) }
    }

    @Test func aDamagedSummaryIsNamed() {
        var bytes: [UInt8] = [ChunkSummary.format, 1, 4]
        bytes += Array("live".utf8) + [1, 5, 1, 1, 1, 1]  // a tally of predictor 5 of 1
        #expect {
            try ChunkSummary.decode(bytes, chunk: 42)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .corrupt && error.message.contains("chunk 42")
        }
    }

    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
