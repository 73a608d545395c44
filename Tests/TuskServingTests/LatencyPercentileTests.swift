import Testing

@testable import TuskServing

/// `monitor`'s latency percentiles by selection are the nearest-rank percentiles of the sorted
/// values, whatever the order, duplicates and size.
@Suite struct LatencyPercentileTests {
    @Test(arguments: [1, 2, 3, 10, 101, 4_096])
    func selectionGivesTheSortedPercentile(count: Int) {
        var generator = SplitMix(seed: UInt64(count))
        let values = (0..<count).map { _ in Int(generator.next() % 500) }
        let sorted = values.sorted()
        for p in [1, 50, 90, 98, 99, 100] {
            var scratch = values
            let rank = Int((Double(p) / 100 * Double(count)).rounded(.up))
            #expect(ServingEngine.percentile(&scratch, p) == sorted[max(0, min(count - 1, rank - 1))], "p\(p)")
        }
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
