import Foundation

/// The few special functions the statistical tests need.
enum SpecialFunctions {
    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a): the chi-squared
    /// survival function is Q(k/2, x/2). A series below a + 1, a continued fraction above
    /// (modified Lentz), both to full double precision.
    static func upperIncompleteGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-17 { break }
        }
        return exp(logPrefix) * h
    }

    /// The survival function of the chi-squared distribution with `dof` degrees of freedom.
    static func chiSquaredSurvival(_ statistic: Double, dof: Int) -> Double {
        upperIncompleteGamma(Double(dof) / 2, statistic / 2)
    }

    /// The limiting Kolmogorov distribution's survival function, 2 Σ (-1)^(k-1) e^(-2k²x²).
    static func kolmogorovSurvival(_ x: Double) -> Double {
        if x < 1e-8 { return 1 }
        if x < 0.3 {
            // The alternating series converges slowly here; use the complementary form.
            let root = (2 * Double.pi).squareRoot() / x
            var sum = 0.0
            for k in stride(from: 1.0, through: 40, by: 1) {
                sum += exp(-(2 * k - 1) * (2 * k - 1) * Double.pi * Double.pi / (8 * x * x))
            }
            return max(0, 1 - root * sum)
        }
        var sum = 0.0, sign = 1.0
        for k in stride(from: 1.0, through: 100, by: 1) {
            let term = exp(-2 * k * k * x * x)
            sum += sign * term
            if term < 1e-17 { break }
            sign = -sign
        }
        return min(1, max(0, 2 * sum))
    }
}
