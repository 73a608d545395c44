import Foundation
import TuskCore

/// Histogram-based gradient-boosted trees for a binary label, after scikit-learn's
/// `HistGradientBoostingClassifier`: numerics binned into at most 255 quantile bins, categoricals
/// split natively (categories ordered by gradient ratio), a bin of its own for missing values
/// (whose direction each split learns), best-first trees of at most 31 leaves, log-loss.
///
/// Fitting is deterministic: no sampling, and ties broken by feature and bin order.
public struct GradientBoosting: Sendable, Equatable, Codable {
    /// The most categories of one column a split can tell apart: bins 0 to 254 (255 is missing).
    public static let maxCategories = 255

    public struct Options: Sendable {
        public var iterations = 100
        public var learningRate = 0.1
        public var maxLeaves = 31
        public var minSamplesLeaf = 20
        public var l2 = 0.0
        /// Asked between trees: a raised flag stops the fit early (the caller discards it).
        public var cancellation: CancellationFlag?
        public init() {}
    }

    /// A tree node; a leaf has `feature == -1`.
    public struct Node: Sendable, Equatable, Codable {
        public var feature: Int
        /// Numeric splits: a value goes left when it is at most the threshold.
        public var threshold: Double
        /// Categorical splits: the categories (codes into the training levels) that go left, as a bitset.
        public var leftCategories: [UInt64]
        public var missingGoesLeft: Bool
        public var left: Int
        public var right: Int
        /// The node's raw-score value (for a leaf, what it adds; for others, what it would add as a
        /// leaf): explanations follow the path from one value to the next.
        public var value: Double
        public var count: Int
    }

    public struct Tree: Sendable, Equatable, Codable {
        public var nodes: [Node]
    }

    /// The log-odds of the training base rate: every prediction starts here.
    public let baseline: Double
    public let trees: [Tree]
    public let learningRate: Double

    // MARK: - Prediction

    /// Raw scores (log-odds) of every row.
    public func rawScores(_ x: FeatureMatrix) -> [Double] {
        var scores = [Double](repeating: baseline, count: x.rows)
        for tree in trees {
            for i in 0..<x.rows { scores[i] += tree.nodes[leaf(of: i, in: tree, x)].value }
        }
        return scores
    }

    public func probabilities(_ x: FeatureMatrix) -> [Double] { rawScores(x).map(LogisticRegression.sigmoid) }

    func leaf(of row: Int, in tree: Tree, _ x: FeatureMatrix) -> Int {
        var index = 0
        while tree.nodes[index].feature >= 0 {
            let node = tree.nodes[index]
            index = goesLeft(node, row, x) ? node.left : node.right
        }
        return index
    }

    func goesLeft(_ node: Node, _ row: Int, _ x: FeatureMatrix) -> Bool {
        switch x.columns[node.feature] {
        case .numeric(let values):
            let v = values[row]
            return v.isNaN ? node.missingGoesLeft : v <= node.threshold
        case .categorical(let codes, _):
            let code = codes[row]
            guard code >= 0 && code < 255 else { return node.missingGoesLeft }
            return node.leftCategories[Int(code) >> 6] & (1 << UInt64(code & 63)) != 0
        }
    }

    /// Per-feature contributions to one row's raw score (Saabas: along the row's path, each split's
    /// feature gets the change in node value); they add up, with the bias, to the raw score.
    public func contributions(row: Int, _ x: FeatureMatrix) -> (bias: Double, byFeature: [Double]) {
        var byFeature = [Double](repeating: 0, count: x.columns.count)
        var bias = baseline
        for tree in trees {
            var index = 0
            bias += tree.nodes[0].value
            while tree.nodes[index].feature >= 0 {
                let node = tree.nodes[index]
                let next = goesLeft(node, row, x) ? node.left : node.right
                byFeature[node.feature] += tree.nodes[next].value - node.value
                index = next
            }
        }
        return (bias, byFeature)
    }

    // MARK: - Fitting

    public static func fit(_ x: FeatureMatrix, labels: [UInt8], options: Options = Options()) -> GradientBoosting {
        let n = x.rows, f = x.columns.count
        let binned = Binned(x)
        let positives = Double(labels.reduce(0) { $0 + Int($1) })
        let rate = min(max(positives / Double(max(n, 1)), 1e-12), 1 - 1e-12)
        let baseline = log(rate / (1 - rate))
        var raw = [Double](repeating: baseline, count: n)
        var gradients = [Double](repeating: 0, count: n), hessians = [Double](repeating: 0, count: n)
        var trees: [Tree] = []
        var grower = TreeGrower(binned: binned, features: f, rows: n, options: options)
        for _ in 0..<options.iterations {
            if options.cancellation?.isCancelled == true { break }
            for i in 0..<n {
                let p = LogisticRegression.sigmoid(raw[i])
                gradients[i] = p - Double(labels[i])
                hessians[i] = max(p * (1 - p), 1e-16)
            }
            let tree = grower.grow(gradients: gradients, hessians: hessians, raw: &raw)
            trees.append(tree)
        }
        return GradientBoosting(baseline: baseline, trees: trees, learningRate: options.learningRate)
    }
}

/// Feature values replaced by bin indices, column-major (a node's histogram is built a feature at a
/// time, as scikit-learn builds it: one column's bins and a 256-bin window stay in cache); bin 255
/// holds missing values.
struct Binned {
    static let missingBin = 255
    let rows: Int
    let features: Int
    /// `bins[feature * rows + row]`.
    var bins: [UInt8]
    /// Per numeric feature, the upper edge of each bin (a value v is in the first bin with v <= edge).
    var edges: [[Double]]
    var isCategorical: [Bool]

    init(_ x: FeatureMatrix) {
        rows = x.rows
        features = x.columns.count
        bins = [UInt8](repeating: 0, count: rows * features)
        edges = []
        isCategorical = []
        for (j, column) in x.columns.enumerated() {
            switch column {
            case .numeric(let values):
                let cuts = Self.thresholds(values)
                edges.append(cuts)
                isCategorical.append(false)
                for i in 0..<rows {
                    let v = values[i]
                    if v.isNaN {
                        bins[j * rows + i] = UInt8(Self.missingBin)
                        continue
                    }
                    // The first edge at or above v.
                    var low = 0, high = cuts.count
                    while low < high {
                        let mid = (low + high) / 2
                        if v <= cuts[mid] { high = mid } else { low = mid + 1 }
                    }
                    bins[j * rows + i] = UInt8(low)
                }
            case .categorical(let codes, _):
                edges.append([])
                isCategorical.append(true)
                for i in 0..<rows {
                    let code = codes[i]
                    bins[j * rows + i] = code < 0 || code >= 255 ? UInt8(Self.missingBin) : UInt8(code)
                }
            }
        }
    }

    /// Bin edges as scikit-learn finds them: midpoints between distinct values when there are at
    /// most 255 of them, else the 'midpoint' percentiles at 254 evenly spaced ranks.
    static func thresholds(_ values: [Double]) -> [Double] {
        let sorted = values.filter { !$0.isNaN }.sorted()
        var distinct: [Double] = []
        for v in sorted where distinct.last != v { distinct.append(v) }
        if distinct.count <= 255 {
            return distinct.count < 2 ? [] : (0..<(distinct.count - 1)).map { midpoint(distinct[$0], distinct[$0 + 1]) }
        }
        var cuts: [Double] = []
        let n = sorted.count
        for k in 1..<255 {
            let position = Double(k) / 255 * Double(n - 1)
            let below = sorted[Int(position.rounded(.down))], above = sorted[Int(position.rounded(.up))]
            let cut = midpoint(below, above)
            if cuts.last != cut { cuts.append(cut) }
        }
        return cuts
    }

    /// Halfway between two values, as scikit-learn computes it, without overflow near ±1e308.
    static func midpoint(_ a: Double, _ b: Double) -> Double {
        let middle = (a + b) * 0.5
        return middle.isFinite ? middle : a * 0.5 + b * 0.5
    }
}

/// Grows one tree best-first on histograms of gradients and hessians.
struct TreeGrower {
    let binned: Binned
    let features: Int
    let options: GradientBoosting.Options
    /// Row indices, partitioned so each node owns a contiguous range.
    var order: [Int32]

    init(binned: Binned, features: Int, rows: Int, options: GradientBoosting.Options) {
        self.binned = binned
        self.features = features
        self.options = options
        self.order = (0..<Int32(rows)).map { $0 }
    }

    /// Sums per (feature, bin): gradient, hessian, count.
    struct Histogram {
        var g: [Double]
        var h: [Double]
        var n: [Int32]
        /// The node's gradient and hessian sums, kept only when there are no features to bin.
        var leafG = 0.0, leafH = 0.0

        init(features: Int) {
            g = [Double](repeating: 0, count: features * 256)
            // Not `h = g`: the shared buffer would be copied (20 MB at 10,000 features) on the first write.
            h = [Double](repeating: 0, count: features * 256)
            n = [Int32](repeating: 0, count: features * 256)
        }

        /// Subtracts `other` in place, on raw buffers. In place, because the larger child's
        /// histogram is its parent's minus the smaller's, and the parent's is not needed again:
        /// a copy (51 MB at 10,000 features) and a uniqueness check per element took half of a
        /// wide fit's time.
        mutating func subtract(_ other: Histogram) {
            leafG -= other.leafG
            leafH -= other.leafH
            g.withUnsafeMutableBufferPointer { a in
                other.g.withUnsafeBufferPointer { b in for k in 0..<a.count { a[k] -= b[k] } }
            }
            h.withUnsafeMutableBufferPointer { a in
                other.h.withUnsafeBufferPointer { b in for k in 0..<a.count { a[k] -= b[k] } }
            }
            n.withUnsafeMutableBufferPointer { a in
                other.n.withUnsafeBufferPointer { b in for k in 0..<a.count { a[k] &-= b[k] } }
            }
        }
    }

    struct Split {
        var gain: Double
        var feature: Int
        var threshold: Double
        var leftBins: [UInt64]  // bitset over bins 0...255, the missing bin included
        var missingGoesLeft: Bool
    }

    struct Pending {
        var node: Int
        var range: Range<Int>
        var histogram: Histogram
        var sumG: Double
        var sumH: Double
        var split: Split?
    }

    mutating func grow(gradients: [Double], hessians: [Double], raw: inout [Double]) -> GradientBoosting.Tree {
        let n = order.count
        for i in 0..<n { order[i] = Int32(i) }
        var nodes: [GradientBoosting.Node] = []
        let rootHistogram = histogram(0..<n, gradients, hessians)
        let (rootG, rootH) = totals(rootHistogram)
        nodes.append(leafNode(rootG, rootH, count: n))
        var open = [Pending(node: 0, range: 0..<n, histogram: rootHistogram, sumG: rootG, sumH: rootH, split: nil)]
        open[0].split = bestSplit(open[0])
        var leaves = 1
        while leaves < options.maxLeaves {
            // The open leaf with the largest gain (the earliest on ties).
            guard
                let pick = open.indices.filter({ (open[$0].split?.gain ?? 0) > 0 }).max(by: { a, b in
                    open[a].split!.gain < open[b].split!.gain || (open[a].split!.gain == open[b].split!.gain && a > b)
                })
            else { break }
            var parent = open.remove(at: pick)
            let split = parent.split!
            // Missing values never seen here at training go where most rows went, as scikit-learn does.
            let sawMissing = parent.histogram.n[split.feature * 256 + Binned.missingBin] > 0
            let middle = partition(parent.range, split)
            let leftRange = parent.range.lowerBound..<middle, rightRange = middle..<parent.range.upperBound
            // Histogram the smaller child; the larger is the parent's minus it.
            let leftSmaller = leftRange.count <= rightRange.count
            let small = histogram(leftSmaller ? leftRange : rightRange, gradients, hessians)
            var large = parent.histogram
            parent.histogram = Histogram(features: 0)  // `large` now holds the only reference
            large.subtract(small)
            let (leftHistogram, rightHistogram) = leftSmaller ? (small, large) : (large, small)
            let (leftG, leftH) = totals(leftHistogram), (rightG, rightH) = totals(rightHistogram)
            let leftIndex = nodes.count, rightIndex = nodes.count + 1
            nodes.append(leafNode(leftG, leftH, count: leftRange.count))
            nodes.append(leafNode(rightG, rightH, count: rightRange.count))
            nodes[parent.node].feature = split.feature
            nodes[parent.node].threshold = split.threshold
            nodes[parent.node].leftCategories =
                binned.isCategorical[split.feature] ? Array(split.leftBins.prefix(4)) : []
            nodes[parent.node].missingGoesLeft =
                sawMissing ? split.missingGoesLeft : leftRange.count >= rightRange.count
            if !sawMissing && binned.isCategorical[split.feature] {
                if leftRange.count >= rightRange.count {
                    nodes[parent.node].leftCategories[3] |= 1 << 63
                } else {
                    nodes[parent.node].leftCategories[3] &= ~(1 << 63)
                }
            }
            nodes[parent.node].left = leftIndex
            nodes[parent.node].right = rightIndex
            var left = Pending(
                node: leftIndex, range: leftRange, histogram: leftHistogram, sumG: leftG, sumH: leftH, split: nil)
            var right = Pending(
                node: rightIndex, range: rightRange, histogram: rightHistogram, sumG: rightG, sumH: rightH, split: nil)
            left.split = bestSplit(left)
            right.split = bestSplit(right)
            // A leaf that cannot split never needs its histogram again: at 10,000 features
            // each is 51 MB.
            if left.split == nil { left.histogram = Histogram(features: 0) }
            if right.split == nil { right.histogram = Histogram(features: 0) }
            open.append(left)
            open.append(right)
            leaves += 1
        }
        // Every row takes its leaf's value.
        for pending in open {
            let value = nodes[pending.node].value
            for k in pending.range { raw[Int(order[k])] += value }
        }
        // Leaves never split were never removed from `open`, but internal nodes were: done.
        return GradientBoosting.Tree(nodes: nodes)
    }

    func leafNode(_ g: Double, _ h: Double, count: Int) -> GradientBoosting.Node {
        GradientBoosting.Node(
            feature: -1, threshold: 0, leftCategories: [], missingGoesLeft: false, left: -1, right: -1,
            value: -g / (h + options.l2) * options.learningRate, count: count)
    }

    func totals(_ histogram: Histogram) -> (Double, Double) {
        // Any one feature's bins cover every row; without features, the totals are the leaf's own.
        guard features > 0 else { return (histogram.leafG, histogram.leafH) }
        var g = 0.0, h = 0.0
        for b in 0..<256 {
            g += histogram.g[b]
            h += histogram.h[b]
        }
        return (g, h)
    }

    func histogram(_ range: Range<Int>, _ gradients: [Double], _ hessians: [Double]) -> Histogram {
        var result = Histogram(features: features)
        let f = features
        if f == 0 {
            for k in range {
                result.leafG += gradients[Int(order[k])]
                result.leafH += hessians[Int(order[k])]
            }
            return result
        }
        // The node's rows, gradients and hessians gathered once, in order; then a feature at a time.
        // Each bin sums its rows in the same order as a row at a time would: the same bits.
        let rows = range.map { Int(order[$0]) }
        let gathered = rows.map { gradients[$0] }, weights = rows.map { hessians[$0] }
        let stride = binned.rows
        binned.bins.withUnsafeBufferPointer { bins in
            rows.withUnsafeBufferPointer { rows in
                gathered.withUnsafeBufferPointer { g in
                    weights.withUnsafeBufferPointer { h in
                        result.g.withUnsafeMutableBufferPointer { sg in
                            result.h.withUnsafeMutableBufferPointer { sh in
                                result.n.withUnsafeMutableBufferPointer { sn in
                                    for j in 0..<f {
                                        let column = bins.baseAddress! + j &* stride
                                        let window = j &* 256
                                        for k in 0..<rows.count {
                                            let slot = window &+ Int(column[rows[k]])
                                            sg[slot] += g[k]
                                            sh[slot] += h[k]
                                            sn[slot] &+= 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Moves the rows going left to the front of the range; returns where the right part starts.
    mutating func partition(_ range: Range<Int>, _ split: Split) -> Int {
        var write = range.lowerBound
        var right: [Int32] = []
        right.reserveCapacity(range.count)
        for k in range {
            let row = Int(order[k])
            let bin = Int(binned.bins[split.feature * binned.rows + row])
            if split.leftBins[bin >> 6] & (1 << UInt64(bin & 63)) != 0 {
                order[write] = order[k]
                write += 1
            } else {
                right.append(order[k])
            }
        }
        for (offset, row) in right.enumerated() { order[write + offset] = row }
        return write
    }

    func gain(_ gl: Double, _ hl: Double, _ gr: Double, _ hr: Double, _ g: Double, _ h: Double) -> Double {
        let l2 = options.l2
        return gl * gl / (hl + l2) + gr * gr / (hr + l2) - g * g / (h + l2)
    }

    func bestSplit(_ node: Pending) -> Split? {
        guard node.range.count >= 2 * options.minSamplesLeaf else { return nil }
        var best: Split?
        let minimum = options.minSamplesLeaf
        let total = node.range.count
        for j in 0..<features {
            let base = j * 256
            let hist = node.histogram
            let missingG = hist.g[base + 255], missingH = hist.h[base + 255], missingN = Int(hist.n[base + 255])
            if binned.isCategorical[j] {
                // As scikit-learn: categories seen at least 10 times (the missing one included),
                // ordered by smoothed gradient ratio, scanned from both ends for at most half of them;
                // rarer categories go right.
                var present = (0..<256).filter { hist.n[base + $0] >= 10 }
                guard present.count > 1 else { continue }
                present.sort { a, b in
                    let ra = hist.g[base + a] / (hist.h[base + a] + 10), rb = hist.g[base + b] / (hist.h[base + b] + 10)
                    return ra < rb || (ra == rb && a < b)
                }
                let limit = (present.count + 1) / 2
                for direction in [present, present.reversed()] {
                    var gl = 0.0, hl = 0.0, nl = 0
                    var chosen: [UInt64] = [0, 0, 0, 0]
                    for bin in direction.prefix(limit) {
                        gl += hist.g[base + bin]
                        hl += hist.h[base + bin]
                        nl += Int(hist.n[base + bin])
                        chosen[bin >> 6] |= 1 << UInt64(bin & 63)
                        let nr = total - nl
                        guard nl >= minimum, nr >= minimum, hl >= 1e-3, node.sumH - hl >= 1e-3 else { continue }
                        let score = gain(gl, hl, node.sumG - gl, node.sumH - hl, node.sumG, node.sumH)
                        if score > (best?.gain ?? 0) {
                            best = Split(
                                gain: score, feature: j, threshold: 0, leftBins: chosen,
                                missingGoesLeft: chosen[3] & (1 << 63) != 0)
                        }
                    }
                }
            } else {
                let count = binned.edges[j].count + 1  // non-missing bins
                guard count > 1 else { continue }
                // No array per bin, and no bin before the left side can hold a leaf or after the
                // right side cannot: the scan is the widest part of a wide fit.
                let sides = missingN > 0 ? 2 : 1
                var gl = 0.0, hl = 0.0, nl = 0
                hist.g.withUnsafeBufferPointer { hg in
                    hist.h.withUnsafeBufferPointer { hh in
                        hist.n.withUnsafeBufferPointer { hn in
                            for b in 0..<(count - 1) {
                                gl += hg[base + b]
                                hl += hh[base + b]
                                nl += Int(hn[base + b])
                                if nl + missingN < minimum { continue }
                                if total - nl < minimum { break }
                                for side in 0..<sides {
                                    let missingLeft = side == 1
                                    let lg = gl + (missingLeft ? missingG : 0), lh = hl + (missingLeft ? missingH : 0)
                                    let ln = nl + (missingLeft ? missingN : 0)
                                    let rn = total - ln
                                    guard ln >= minimum, rn >= minimum, lh >= 1e-3, node.sumH - lh >= 1e-3 else {
                                        continue
                                    }
                                    let score = gain(lg, lh, node.sumG - lg, node.sumH - lh, node.sumG, node.sumH)
                                    if score > (best?.gain ?? 0) {
                                        var bins: [UInt64] = [0, 0, 0, 0]
                                        for k in 0...b { bins[k >> 6] |= 1 << UInt64(k & 63) }
                                        if missingLeft { bins[3] |= 1 << 63 }
                                        best = Split(
                                            gain: score, feature: j, threshold: binned.edges[j][b], leftBins: bins,
                                            missingGoesLeft: missingLeft)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return best
    }
}
