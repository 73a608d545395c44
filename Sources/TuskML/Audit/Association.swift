/// How strongly one column tells another: what finds proxies of a protected attribute.
enum Association {
    /// Cramér's V between two categorical columns (no bias correction, as
    /// `scipy.stats.contingency.association(method="cramer")`), over rows where both are present.
    static func cramersV(_ a: [Int32], levelsA: Int, _ b: [Int32], levelsB: Int) -> Double {
        var table = [Double](repeating: 0, count: levelsA * levelsB)
        var n = 0.0
        for (x, y) in zip(a, b) where x >= 0 && y >= 0 {
            table[Int(x) * levelsB + Int(y)] += 1
            n += 1
        }
        guard n > 0 else { return 0 }
        var rows = [Double](repeating: 0, count: levelsA), columns = [Double](repeating: 0, count: levelsB)
        for i in 0..<levelsA {
            for j in 0..<levelsB {
                rows[i] += table[i * levelsB + j]
                columns[j] += table[i * levelsB + j]
            }
        }
        var chi2 = 0.0
        for i in 0..<levelsA where rows[i] > 0 {
            for j in 0..<levelsB where columns[j] > 0 {
                let expected = rows[i] * columns[j] / n
                chi2 += (table[i * levelsB + j] - expected) * (table[i * levelsB + j] - expected) / expected
            }
        }
        let k = min(rows.filter { $0 > 0 }.count, columns.filter { $0 > 0 }.count)
        guard k > 1 else { return 0 }
        return (chi2 / (n * Double(k - 1))).squareRoot()
    }

    /// The correlation ratio η of a numeric column across the groups of a categorical one.
    static func correlationRatio(_ values: [Double], groups: [Int32], levels: Int) -> Double {
        var sums = [Double](repeating: 0, count: levels), counts = [Double](repeating: 0, count: levels)
        var total = 0.0, n = 0.0
        for (v, g) in zip(values, groups) where !v.isNaN && g >= 0 {
            sums[Int(g)] += v
            counts[Int(g)] += 1
            total += v
            n += 1
        }
        guard n > 0 else { return 0 }
        let mean = total / n
        var between = 0.0
        for k in 0..<levels where counts[k] > 0 {
            let groupMean = sums[k] / counts[k]
            between += counts[k] * (groupMean - mean) * (groupMean - mean)
        }
        var totalSquares = 0.0
        for (v, g) in zip(values, groups) where !v.isNaN && g >= 0 { totalSquares += (v - mean) * (v - mean) }
        return totalSquares > 0 ? (between / totalSquares).squareRoot() : 0
    }
}
