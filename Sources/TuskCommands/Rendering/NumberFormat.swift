import Foundation
import TuskCore

/// The tool's one number formatter: the same text for the same number on every machine, so
/// recordings replay byte for byte.
package enum NumberFormat {
    /// `32,561`.
    package static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Where fixed decimals give way to scientific notation: a distance or a contribution from a
    /// value near 1e308 must not print 309 digits.
    static let huge = 1e15

    /// A rate, score or statistic: four decimals, `n/a` when undefined, `1.234e+20` when huge.
    package static func metric(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        return String(format: abs(x) >= huge ? "%.3e" : "%.4f", x)
    }

    /// A signed difference: `+0.0312`, `-0.1254`; never `-0.0000`; `+1.234e+20` when huge.
    package static func signed(_ x: Double) -> String {
        guard x.isFinite else { return metric(x) }
        let text = String(format: abs(x) >= huge ? "%+.3e" : "%+.4f", x)
        return text == "-0.0000" ? "+0.0000" : text
    }

    /// `12.50%`.
    package static func percent(_ x: Double) -> String { x.isNaN ? "n/a" : String(format: "%.2f%%", x * 100) }

    /// p-values: four decimals, or scientific notation below 0.001.
    package static func pValue(_ p: Double) -> String {
        if p.isNaN { return "n/a" }
        return p >= 0.001 || p == 0 ? String(format: "%.4f", p) : String(format: "%.2e", p)
    }

    /// A data value: whole numbers as integers, others with two decimals, huge ones in
    /// scientific notation (never 309 digits).
    package static func number(_ x: Double) -> String {
        guard x.isFinite else { return metric(x) }
        if abs(x) >= huge { return String(format: "%.3e", x) }
        return x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x)
    }

    /// A parameter as the user would write it: `0.05`, `0.001`, `2`.
    package static func shortest(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    /// A gradient norm or tolerance: `3.2e-11`.
    package static func scientific(_ x: Double) -> String { String(format: "%.1e", x) }

    /// `812 B`, `1.2 KiB`.
    package static func bytes(_ n: Int) -> String { ByteCount.format(n) }

    /// `1 file`, `3 files`.
    package static func plural(_ n: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(count(n)) \(n == 1 ? noun : plural ?? noun + "s")"
    }
}
