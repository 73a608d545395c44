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

    /// The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, for
    /// n > 140 as Simard & L'Ecuyer (2011) organize it (scipy's `kstwo.sf`): twice the one-sided
    /// Smirnov tail when n·x² ≥ 2.2, else one minus the Pelz–Good expansion of the CDF.
    static func kolmogorovSurvival(n: Int, _ x: Double) -> Double {
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 || t >= nd - 1 || x >= 0.5 || n <= 140 {
            // Outside the large-n regime the limiting distribution is what this project uses.
            return kolmogorovSurvival(x * nd.squareRoot())
        }
        let nxsquared = t * x
        if nxsquared >= 370 { return 0 }
        if nxsquared >= 2.2 { return min(1, max(0, 2 * smirnovSurvival(n: n, x))) }
        return min(1, max(0, 1 - pelzGoodCDF(n: nd, x)))
    }

    /// P(D⁺_n ≥ x), the one-sided Smirnov tail, by the Birnbaum–Tingey sum in log space.
    static func smirnovSurvival(n: Int, _ x: Double) -> Double {
        let nd = Double(n)
        let last = Int((nd * (1 - x)).rounded(.down))
        let logFactorialN: Double = lgamma(nd + 1)
        var sum = 0.0
        for j in 0...last {
            let jd = Double(j)
            let a = 1 - x - jd / nd, b = x + jd / nd
            guard a > 0 else { continue }
            let logTerm: Double =
                logFactorialN - lgamma(jd + 1) - lgamma(nd - jd + 1) + (nd - jd) * log(a) + (jd - 1) * log(b)
            sum += exp(logTerm)
        }
        return x * sum
    }

    /// The Pelz–Good (1976) approximation of P(D_n ≤ x): Li-Chien and Korolyuk's expansion
    /// K0 + K1/√n + K2/n + K3/n^1.5, written with Jacobi theta functions for small z = x√n.
    static func pelzGoodCDF(n: Double, _ x: Double) -> Double {
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let z = n.squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qlog = -pi2 / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)
        let k1a = -z2, k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * z4 * z4
        var k = [0.0, 0.0, 0.0, 0.0]
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        // Horner's scheme over the odd integers m = 2k - 1.
        for kk in stride(from: maxk, through: 1, by: -1) {
            let m = Double(2 * kk - 1), m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
            let power = pow(q, Double(8 * kk))
            let coefficients = [
                1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6,
            ]
            for i in 0..<4 { k[i] = k[i] * power + coefficients[i] }
        }
        let root2pi = (2 * Double.pi).squareRoot()
        let divisors = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4]
        for i in 0..<4 { k[i] = k[i] * q * root2pi / divisors[i] }
        // The remaining sums over all integers k.
        q = exp(-pi2 / 2 / z2)
        var extra2 = 0.0, extra3 = 0.0
        let root3z = 3.0.squareRoot() * z
        for kk in stride(from: maxk, through: 1, by: -1) {
            let kd = Double(kk), k2 = kd * kd
            let power = pow(q, k2)
            extra2 += k2 * power
            extra3 += (root3z + Double.pi * kd) * (root3z - Double.pi * kd) * k2 * power
        }
        k[2] += extra2 * pi2 * root2pi / (-36 * z3)
        k[3] += extra3 * pi2 * root2pi / (216 * z6)
        return k[0] + k[1] / n.squareRoot() + k[2] / n + k[3] / (n * n.squareRoot())
    }
}
