import TuskML

extension GraphBuilder {
    /// A categorical split: the codes that go left, and where a missing or unseen value goes.
    struct CategorySplit: Hashable {
        let left: [UInt64]
        let missingGoesLeft: Bool

        /// Whether code `code` (-1: missing or never seen) goes left, as the trees decide.
        func goesLeft(_ code: Int) -> Bool {
            guard code >= 0 && code < GradientBoosting.maxCategories else { return missingGoesLeft }
            let word = code >> 6
            return word < left.count && left[word] & (1 << UInt64(code & 63)) != 0
        }
    }

    /// The boosted trees' raw score (log-odds), `[N, 1]` doubles.
    ///
    /// The trees become one ai.onnx.ml `TreeEnsembleRegressor` (opset 3, thresholds and leaf values
    /// as double tensors, so a number is compared exactly as Tusk compares it). Numeric splits are
    /// `BRANCH_LEQ` on the raw value with the learned missing direction
    /// (`nodes_missing_value_tracks_true`). Set membership (`BRANCH_MEMBER`) exists only in opset
    /// 5's `TreeEnsemble`, which the onnxruntime in Triton's images before 24.05 cannot load, so
    /// each distinct categorical split becomes a 0/1 column (0: goes left), looked up per row
    /// from a table indexed by the column's code, and a `BRANCH_LEQ 0.5` node on it: the same
    /// decision for every level, pooled levels, missing and unseen values alike.
    mutating func rawScore(_ model: GradientBoosting, _ encoder: FeatureEncoder) -> String {
        let p = encoder.numeric.count
        // Each categorical column's distinct splits, in the order the trees first use them.
        var splits = [[CategorySplit]](repeating: [], count: encoder.categorical.count)
        var seen = [Set<CategorySplit>](repeating: [], count: encoder.categorical.count)
        for tree in model.trees {
            for node in tree.nodes where node.feature >= p {
                let split = CategorySplit(left: node.leftCategories, missingGoesLeft: node.missingGoesLeft)
                if seen[node.feature - p].insert(split).inserted { splits[node.feature - p].append(split) }
            }
        }
        let splitting = model.trees.reduce(0) { $0 + $1.nodes.filter { $0.feature >= 0 }.count }
        guard splitting > 0 else {
            // No tree splits: every row scores the baseline plus each tree's one leaf.
            let score = model.trees.reduce(model.baseline) { $0 + ($1.nodes.first?.value ?? 0) }
            let first = encoder.numeric.first?.name ?? encoder.categorical[0].name
            return apply(
                "ConstantOfShape", [apply("Shape", [first])], [.tensor("value", .doubles([score], shape: [1]))])
        }
        var columns: [String] = []
        if p > 0 { columns.append(doubleMatrix(encoder.numeric.map(\.name))) }
        // Where each column's splits start in the ensemble's input.
        var firstColumn = [Int](repeating: 0, count: encoder.categorical.count)
        var width = p
        for (c, feature) in encoder.categorical.enumerated() where !splits[c].isEmpty {
            firstColumn[c] = width
            width += splits[c].count
            let codes = feature.levels.count + (feature.infrequent == nil ? 0 : 1)
            // Row r is code r - 1 (row 0: missing or never seen); a column per split, 0 where it goes left.
            var table: [Double] = []
            for row in 0...codes {
                for split in splits[c] { table.append(split.goesLeft(row - 1) ? 0 : 1) }
            }
            let code = apply("Reshape", [slotCodes(feature, missing: 0), int64s([-1], shape: [1], "flat")])
            let constant = doubles(table, shape: [codes + 1, splits[c].count], "membership")
            columns.append(apply("Gather", [constant, code], [.int("axis", 0)]))
        }
        let x = columns.count == 1 ? columns[0] : apply("Concat", columns, [.int("axis", 1)])

        var treeIDs: [Int64] = [], nodeIDs: [Int64] = [], featureIDs: [Int64] = [], modes: [String] = []
        var values: [Double] = [], trueIDs: [Int64] = [], falseIDs: [Int64] = [], missingTrue: [Int64] = []
        var targetTrees: [Int64] = [], targetNodes: [Int64] = [], weights: [Double] = []
        for (t, tree) in model.trees.enumerated() {
            for (n, node) in tree.nodes.enumerated() {
                treeIDs.append(Int64(t))
                nodeIDs.append(Int64(n))
                if node.feature < 0 {
                    featureIDs.append(0)
                    modes.append("LEAF")
                    values.append(0)
                    trueIDs.append(0)
                    falseIDs.append(0)
                    missingTrue.append(0)
                    targetTrees.append(Int64(t))
                    targetNodes.append(Int64(n))
                    weights.append(node.value)
                    continue
                }
                modes.append("BRANCH_LEQ")
                trueIDs.append(Int64(node.left))
                falseIDs.append(Int64(node.right))
                if node.feature < p {
                    featureIDs.append(Int64(node.feature))
                    values.append(node.threshold)
                    missingTrue.append(node.missingGoesLeft ? 1 : 0)
                } else {
                    let c = node.feature - p
                    let split = CategorySplit(left: node.leftCategories, missingGoesLeft: node.missingGoesLeft)
                    featureIDs.append(Int64(firstColumn[c] + splits[c].firstIndex(of: split)!))
                    values.append(0.5)
                    missingTrue.append(0)
                }
            }
        }
        let raw = apply(
            "TreeEnsembleRegressor", [x],
            [
                .int("n_targets", 1), .string("aggregate_function", "SUM"), .string("post_transform", "NONE"),
                .tensor("base_values_as_tensor", .doubles([model.baseline], shape: [1])),
                .ints("nodes_treeids", treeIDs), .ints("nodes_nodeids", nodeIDs),
                .ints("nodes_featureids", featureIDs), .strings("nodes_modes", modes),
                .tensor("nodes_values_as_tensor", .doubles(values, shape: [values.count])),
                .ints("nodes_truenodeids", trueIDs), .ints("nodes_falsenodeids", falseIDs),
                .ints("nodes_missing_value_tracks_true", missingTrue),
                .ints("target_treeids", targetTrees), .ints("target_nodeids", targetNodes),
                .ints("target_ids", targetTrees.map { _ in 0 }),
                .tensor("target_weights_as_tensor", .doubles(weights, shape: [weights.count])),
            ], domain: Self.mlDomain)
        return cast(raw, to: .double)
    }
}
