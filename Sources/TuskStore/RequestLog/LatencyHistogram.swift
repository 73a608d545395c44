/// Latencies in nanoseconds as counts per bucket: exact below 1,024 ns, then 512 buckets per
/// doubling (each 0.1–0.2% wide), so a percentile read from it is within 0.1% of the value, and
/// histograms of chunks add up to the histogram of the window (as HdrHistogram and Prometheus's
/// native histograms do). The maximum is kept exactly.
public struct LatencyHistogram: Sendable, Equatable {
    /// Count per bucket, only the buckets that hold any.
    public private(set) var counts: [Int: Int] = [:]
    public private(set) var total = 0
    public private(set) var max = 0

    public init() {}

    /// Sub-buckets per doubling, as a power of two.
    static let precision = 9

    public mutating func add(_ nanoseconds: Int) {
        counts[Self.bucket(of: nanoseconds), default: 0] += 1
        total += 1
        max = Swift.max(max, nanoseconds)
    }

    public mutating func add(_ other: LatencyHistogram) {
        counts.merge(other.counts, uniquingKeysWith: +)
        total += other.total
        max = Swift.max(max, other.max)
    }

    /// The nearest-rank percentile `p` (0–100): the middle of the bucket that holds the value of
    /// rank ⌈p/100 · n⌉ (never above the maximum); nil when empty.
    public func percentile(_ p: Int) -> Int? {
        guard total > 0 else { return nil }
        let rank = Swift.max(1, Swift.min(total, Int((Double(p) / 100 * Double(total)).rounded(.up))))
        var seen = 0
        for bucket in counts.keys.sorted() {
            seen += counts[bucket]!
            if seen >= rank { return Swift.min(Self.middle(of: bucket), max) }
        }
        return max
    }

    /// Below 2^(precision+1) a bucket per value; above, the top `precision + 1` bits of the value
    /// and its exponent.
    static func bucket(of value: Int) -> Int {
        let value = Swift.max(0, value)
        let exact = 1 << (precision + 1)
        guard value >= exact else { return value }
        let shift = (Int.bitWidth - 1 - value.leadingZeroBitCount) - precision
        return (shift << precision) + (value >> shift)
    }

    /// The middle of a bucket's values.
    static func middle(of bucket: Int) -> Int {
        let exact = 1 << (precision + 1)
        guard bucket >= exact else { return bucket }
        let shift = (bucket >> precision) - 1
        let top = bucket - (shift << precision)
        return (top << shift) + (1 << shift) / 2
    }

    func encode(into bytes: inout [UInt8]) {
        LogBytes.varint(UInt64(total), into: &bytes)
        LogBytes.varint(UInt64(max), into: &bytes)
        LogBytes.varint(UInt64(counts.count), into: &bytes)
        var previous = 0
        for bucket in counts.keys.sorted() {
            LogBytes.varint(UInt64(bucket - previous), into: &bytes)
            LogBytes.varint(UInt64(counts[bucket]!), into: &bytes)
            previous = bucket
        }
    }

    static func decode(_ cursor: inout LogCursor, chunk first: Int) throws(StoreError) -> LatencyHistogram {
        var histogram = LatencyHistogram()
        histogram.total = try cursor.integer()
        histogram.max = try cursor.integer()
        var bucket = 0
        var sum = 0
        for _ in 0..<(try cursor.count()) {
            bucket += try cursor.integer()
            let count = try cursor.integer()
            histogram.counts[bucket] = count
            sum += count
        }
        guard sum == histogram.total else {
            throw .corrupt("request log chunk \(first) has a latency histogram that does not add up")
        }
        return histogram
    }
}
