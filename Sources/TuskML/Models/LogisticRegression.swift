import Foundation
import TuskCore

/// L2-regularized logistic regression fitted by Newton's method, to convergence.
///
/// Minimizes Σ log-loss + ‖w‖² / (2C) with an unpenalized intercept — scikit-learn's
/// `LogisticRegression(C=…)` objective — so the optimum is the same; Newton's method reaches it
/// in a handful of iterations where L-BFGS needs hundreds. Rows are sparse (a few standardized
/// numerics plus one hot slot per categorical), so each Hessian costs O(rows × nnz²).
public struct LogisticRegression: Sendable, Equatable, Codable {
    public var weights: [Double]
    public var intercept: Double
    /// The inverse regularization strength (scikit-learn's C).
    public let c: Double
    public let iterations: Int
    /// The largest gradient component at the end, relative to the row count.
    public let finalGradient: Double

    public struct Options: Sendable {
        public var c = 1.0
        public var tolerance = 1e-10
        public var maxIterations = 100
        /// Asked between iterations: a raised flag stops the fit early (the caller discards it).
        public var cancellation: CancellationFlag?
        /// Up to this many encoded features (intercept included), each Newton step factors the
        /// d × d Hessian (d³/3 work, 8d² bytes); above it, the step is solved by conjugate
        /// gradients on Hessian-vector products, which cost a pass over the rows each. `make bench`
        /// measures both on 20,000 rows: Cholesky 16 to 23 ms up to 301 features, 105 ms at 451,
        /// 610 ms at 1,001; conjugate gradients 5 to 7 ms at every width up to 5,001. The limit
        /// stays at 256 so that models of ordinary width (the project's have 86 to 105 features)
        /// keep the bit-identical fits they always had, at a cost of some 20 ms.
        public var directLimit = 256
        public init() {}
    }

    public static func fit(_ x: EncodedRows, width: Int, labels: [UInt8], options: Options = Options()) throws(MLError)
        -> LogisticRegression
    {
        if width + 1 > options.directLimit { return fitIteratively(x, width: width, labels: labels, options: options) }
        let n = x.count
        let d = width + 1  // the intercept is the last coordinate
        var beta = [Double](repeating: 0, count: d)
        let lambda = 1 / options.c
        var gradient = [Double](repeating: 0, count: d)
        var hessian = [Double](repeating: 0, count: d * d)
        var z = [Double](repeating: 0, count: n)
        var iterations = 0
        var gradientNorm = Double.infinity
        var objective = evaluate(x, beta, labels, lambda, &z)
        var factor: [Double]?
        var previousNorm = Double.infinity
        while iterations < options.maxIterations {
            if options.cancellation?.isCancelled == true { break }
            iterations += 1
            // Newton steps while far from the optimum; near it, the Hessian barely moves, so its
            // factorization is reused as long as each step still cuts the gradient tenfold.
            var fresh = factor == nil || iterations <= 3
            accumulate(x, beta, labels, lambda, z, &gradient, &hessian, gradientOnly: !fresh)
            gradientNorm = gradient.reduce(0) { max($0, abs($1)) }
            if gradientNorm <= options.tolerance * Double(max(n, 1)) { break }
            if !fresh && gradientNorm > 0.1 * previousNorm {
                accumulate(x, beta, labels, lambda, z, &gradient, &hessian)
                fresh = true
            }
            previousNorm = gradientNorm
            if fresh { factor = Cholesky.factor(hessian, size: d) }
            guard let lower = factor else {
                throw MLError("the Newton system is singular", help: "remove constant or duplicated columns")
            }
            let step = Cholesky.solve(factor: lower, gradient, size: d)
            // Backtracking line search on the objective (Armijo), from the full step. Near the
            // optimum the decrease is below the sum's rounding error and no step could show it:
            // a step that does not raise the objective beyond that error is taken.
            let decrease = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            let roundoff = 1e-12 * max(1, abs(objective))
            var t = 1.0
            var candidate = beta
            var value = objective
            for _ in 0..<40 {
                for k in 0..<d { candidate[k] = beta[k] - t * step[k] }
                value = evaluate(x, candidate, labels, lambda, &z)
                if value <= objective - 1e-4 * t * decrease + roundoff { break }
                t *= 0.5
            }
            let progress = objective - value
            beta = candidate
            objective = value
            if progress <= 1e-15 * max(1, abs(objective)) {
                // No more progress: done after a true Newton step, else take one.
                if fresh { break }
                factor = nil
            }
        }
        _ = evaluate(x, beta, labels, lambda, &z)
        accumulate(x, beta, labels, lambda, z, &gradient, &hessian, gradientOnly: true)
        gradientNorm = gradient.reduce(0) { max($0, abs($1)) }
        return LogisticRegression(
            weights: Array(beta.prefix(width)), intercept: beta[width], c: options.c, iterations: iterations,
            finalGradient: gradientNorm / Double(max(n, 1)))
    }

    /// The log-odds of the positive class for each row.
    public func decisions(_ x: EncodedRows) -> [Double] {
        var z = [Double](repeating: 0, count: x.count)
        Self.linear(x, weights + [intercept], &z)
        return z
    }

    /// The probability of the positive class for each row.
    public func probabilities(_ x: EncodedRows) -> [Double] { decisions(x).map(Self.sigmoid) }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0
            ? 1 / (1 + exp(-z))
            : {
                let e = exp(z); return e / (1 + e)
            }()
    }

    // MARK: - Inner loops

    /// z = X·w + b.
    static func linear(_ x: EncodedRows, _ beta: [Double], _ z: inout [Double]) {
        let p = x.numericWidth, q = x.categoricalWidth, bias = beta[beta.count - 1]
        x.dense.withUnsafeBufferPointer { dense in
            x.hot.withUnsafeBufferPointer { hot in
                beta.withUnsafeBufferPointer { w in
                    z.withUnsafeMutableBufferPointer { z in
                        for i in 0..<x.count {
                            var s = bias
                            for j in 0..<p { s += dense[i * p + j] * w[j] }
                            for j in 0..<q {
                                let k = hot[i * q + j]
                                if k >= 0 { s += w[Int(k)] }
                            }
                            z[i] = s
                        }
                    }
                }
            }
        }
    }

    /// The objective at `beta`, leaving the probabilities of the positive class in `z`.
    static func evaluate(_ x: EncodedRows, _ beta: [Double], _ y: [UInt8], _ lambda: Double, _ z: inout [Double])
        -> Double
    {
        linear(x, beta, &z)
        var loss = 0.0
        for i in 0..<x.count {
            let zi = z[i]
            // log(1 + e^z) - y·z without overflow; e^-|z| also gives the probability.
            let e = exp(-abs(zi))
            loss += max(zi, 0) + log1p(e) - (y[i] == 1 ? zi : 0)
            z[i] = zi >= 0 ? 1 / (1 + e) : e / (1 + e)
        }
        var penalty = 0.0
        for k in 0..<(beta.count - 1) { penalty += beta[k] * beta[k] }
        return loss + 0.5 * lambda * penalty
    }

    /// Gradient and Hessian of the objective, given the probabilities `evaluate` left. A row's nonzero coordinates come in increasing
    /// order (numerics, then one-hot slots by column, then the intercept), so only the upper
    /// triangle is accumulated, then mirrored.
    static func accumulate(
        _ x: EncodedRows, _ beta: [Double], _ y: [UInt8], _ lambda: Double, _ z: [Double], _ gradient: inout [Double],
        _ hessian: inout [Double], gradientOnly: Bool = false
    ) {
        let d = beta.count, p = x.numericWidth, q = x.categoricalWidth
        for k in 0..<d { gradient[k] = k < d - 1 ? lambda * beta[k] : 0 }
        if !gradientOnly { for k in 0..<(d * d) { hessian[k] = 0 } }
        let index = UnsafeMutablePointer<Int>.allocate(capacity: p + q + 1)
        let value = UnsafeMutablePointer<Double>.allocate(capacity: p + q + 1)
        defer {
            index.deallocate()
            value.deallocate()
        }
        x.dense.withUnsafeBufferPointer { dense in
            x.hot.withUnsafeBufferPointer { hot in
                z.withUnsafeBufferPointer { z in
                    y.withUnsafeBufferPointer { y in
                        gradient.withUnsafeMutableBufferPointer { g in
                            hessian.withUnsafeMutableBufferPointer { h in
                                for i in 0..<x.count {
                                    let prob = z[i]
                                    let residual = prob - Double(y[i])
                                    let weight = prob * (1 - prob)
                                    var m = 0
                                    for j in 0..<p {
                                        index[m] = j
                                        value[m] = dense[i * p + j]
                                        m += 1
                                    }
                                    for j in 0..<q {
                                        let slot = hot[i * q + j]
                                        if slot >= 0 {
                                            index[m] = Int(slot)
                                            value[m] = 1
                                            m += 1
                                        }
                                    }
                                    index[m] = d - 1
                                    value[m] = 1
                                    m += 1
                                    for a in 0..<m { g[index[a]] += residual * value[a] }
                                    if gradientOnly { continue }
                                    for a in 0..<m {
                                        let wa = weight * value[a]
                                        let row = h.baseAddress! + index[a] * d
                                        for b in a..<m { row[index[b]] += wa * value[b] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if gradientOnly { return }
        for k in 0..<(d - 1) { hessian[k * d + k] += lambda }
        for a in 0..<d { for b in 0..<a { hessian[a * d + b] = hessian[b * d + a] } }
    }
}

// MARK: - Newton steps by conjugate gradients

extension LogisticRegression {
    /// Newton's method with each step solved by preconditioned conjugate gradients (scikit-learn's
    /// `newton-cg`): no d × d matrix is formed, so wide encodings cost memory and time in
    /// proportion to the rows' nonzeros, not to d² or d³. The same optimum, to the same tolerance.
    static func fitIteratively(_ x: EncodedRows, width: Int, labels: [UInt8], options: Options) -> LogisticRegression {
        let n = x.count, d = width + 1
        let lambda = 1 / options.c
        var beta = [Double](repeating: 0, count: d)
        var gradient = [Double](repeating: 0, count: d)
        var unused: [Double] = []
        var z = [Double](repeating: 0, count: n)
        var objective = evaluate(x, beta, labels, lambda, &z)
        var iterations = 0
        var previousNorm = Double.infinity
        var stalled = false
        while iterations < options.maxIterations {
            if options.cancellation?.isCancelled == true { break }
            iterations += 1
            accumulate(x, beta, labels, lambda, z, &gradient, &unused, gradientOnly: true)
            let gradientNorm = gradient.reduce(0) { max($0, abs($1)) }
            if gradientNorm <= options.tolerance * Double(max(n, 1)) { break }
            // Near the optimum the objective stops moving before the gradient does: keep stepping
            // while steps still shrink the gradient, stop when neither moves.
            if stalled && gradientNorm >= 0.5 * previousNorm { break }
            previousNorm = gradientNorm
            let weights = z.map { $0 * (1 - $0) }
            let product = HessianProduct(x: x, weights: weights, lambda: lambda, size: d)
            // Forcing term: loose far from the optimum, tight near it (superlinear convergence).
            let forcing = min(0.1, (gradientNorm / Double(max(n, 1))).squareRoot())
            let step = product.solve(gradient, tolerance: forcing, maxIterations: min(d, 500))
            let decrease = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            var t = 1.0
            var candidate = beta
            var value = objective
            for _ in 0..<40 {
                for k in 0..<d { candidate[k] = beta[k] - t * step[k] }
                value = evaluate(x, candidate, labels, lambda, &z)
                if value <= objective - 1e-4 * t * decrease { break }
                // A full step whose change is below the objective's rounding is still a Newton step.
                if t == 1 && value <= objective + 1e-13 * abs(objective) { break }
                t *= 0.5
            }
            let progress = objective - value
            beta = candidate
            objective = value
            stalled = progress <= 1e-15 * max(1, abs(objective))
        }
        _ = evaluate(x, beta, labels, lambda, &z)
        accumulate(x, beta, labels, lambda, z, &gradient, &unused, gradientOnly: true)
        let gradientNorm = gradient.reduce(0) { max($0, abs($1)) }
        return LogisticRegression(
            weights: Array(beta.prefix(width)), intercept: beta[width], c: options.c, iterations: iterations,
            finalGradient: gradientNorm / Double(max(n, 1)))
    }
}

/// The Hessian Xᵀ W X + λI (intercept unpenalized) as an operator on vectors, never as a matrix.
struct HessianProduct {
    let x: EncodedRows
    let weights: [Double]
    let lambda: Double
    let size: Int

    /// H · v, in one pass over the rows.
    func apply(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: size)
        let p = x.numericWidth, q = x.categoricalWidth, bias = size - 1
        x.dense.withUnsafeBufferPointer { dense in
            x.hot.withUnsafeBufferPointer { hot in
                v.withUnsafeBufferPointer { v in
                    out.withUnsafeMutableBufferPointer { out in
                        for i in 0..<x.count {
                            var t = v[bias]
                            for j in 0..<p { t += dense[i * p + j] * v[j] }
                            for j in 0..<q where hot[i * q + j] >= 0 { t += v[Int(hot[i * q + j])] }
                            let scaled = weights[i] * t
                            for j in 0..<p { out[j] += scaled * dense[i * p + j] }
                            for j in 0..<q where hot[i * q + j] >= 0 { out[Int(hot[i * q + j])] += scaled }
                            out[bias] += scaled
                        }
                    }
                }
            }
        }
        for k in 0..<bias { out[k] += lambda * v[k] }
        return out
    }

    /// The Hessian's diagonal, for a Jacobi preconditioner.
    func diagonal() -> [Double] {
        var diagonal = [Double](repeating: 0, count: size)
        let p = x.numericWidth, q = x.categoricalWidth
        for i in 0..<x.count {
            for j in 0..<p { diagonal[j] += weights[i] * x.dense[i * p + j] * x.dense[i * p + j] }
            for j in 0..<q where x.hot[i * q + j] >= 0 { diagonal[Int(x.hot[i * q + j])] += weights[i] }
            diagonal[size - 1] += weights[i]
        }
        for k in 0..<(size - 1) { diagonal[k] += lambda }
        return diagonal.map { $0 > 0 ? $0 : 1 }
    }

    /// s with H · s ≈ b: preconditioned conjugate gradients until the residual is `tolerance` of ‖b‖.
    func solve(_ b: [Double], tolerance: Double, maxIterations: Int) -> [Double] {
        let inverse = diagonal().map { 1 / $0 }
        var s = [Double](repeating: 0, count: size)
        var r = b
        var y = zip(r, inverse).map { $0 * $1 }
        var direction = y
        var ry = zip(r, y).reduce(0) { $0 + $1.0 * $1.1 }
        let goal = tolerance * b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for _ in 0..<maxIterations {
            if r.reduce(0, { $0 + $1 * $1 }).squareRoot() <= goal { break }
            let hd = apply(direction)
            let curvature = zip(direction, hd).reduce(0) { $0 + $1.0 * $1.1 }
            guard curvature > 0 else { break }
            let alpha = ry / curvature
            for k in 0..<size {
                s[k] += alpha * direction[k]
                r[k] -= alpha * hd[k]
            }
            for k in 0..<size { y[k] = r[k] * inverse[k] }
            let next = zip(r, y).reduce(0) { $0 + $1.0 * $1.1 }
            let beta = next / ry
            ry = next
            for k in 0..<size { direction[k] = y[k] + beta * direction[k] }
        }
        return s
    }
}

/// Solves symmetric positive-definite systems.
enum Cholesky {
    /// The lower-triangular L with A = L·Lᵀ, or nil when A is not positive definite.
    static func factor(_ a: [Double], size n: Int) -> [Double]? {
        var l = a
        for j in 0..<n {
            var diagonal = l[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > 0 else { return nil }
            let root = diagonal.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var s = l[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / root
            }
        }
        return l
    }

    /// x with L·Lᵀ·x = b.
    static func solve(factor l: [Double], _ b: [Double], size n: Int) -> [Double] {
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }
}
