/// SplitMix64: a small, fast, seeded generator whose sequence is the same on every machine.
///
/// Everything drawn from it below uses only +, -, ×, ÷ and comparisons (no libm), which IEEE 754
/// rounds identically everywhere, so generated files are byte-identical across machines.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Approximately standard normal: the Irwin–Hall sum of twelve uniforms, minus six.
    public mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// One of `choices`, with probability proportional to its weight.
    public mutating func pick<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var target = uniform() * total
        for (value, weight) in choices {
            if target < weight { return value }
            target -= weight
        }
        return choices[choices.count - 1].0
    }
}
