/// Request latencies counted into fixed buckets, as a Prometheus histogram keeps them.
struct LatencyHistogram: Sendable {
    /// Upper bounds in seconds: sub-millisecond answers to the slow tail a busy store gives.
    static let bounds: [Double] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    /// Per bucket, not cumulative; the last one is above every bound.
    private(set) var counts = [Int](repeating: 0, count: bounds.count + 1)
    private(set) var sum: Double = 0
    private(set) var count = 0

    mutating func record(seconds: Double) {
        var bucket = 0
        while bucket < Self.bounds.count && seconds > Self.bounds[bucket] { bucket += 1 }
        counts[bucket] += 1
        sum += seconds
        count += 1
    }

    /// `(le, cumulative count)` pairs, `+Inf` last, as the text format lists them.
    var cumulative: [(le: String, count: Int)] {
        var total = 0
        var result: [(String, Int)] = []
        for (index, bound) in Self.bounds.enumerated() {
            total += counts[index]
            result.append((bound.description, total))
        }
        result.append(("+Inf", count))
        return result
    }
}
