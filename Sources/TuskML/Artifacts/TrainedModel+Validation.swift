import Foundation

extension TrainedModel {
    /// Checks everything scoring relies on, so a model that passes can be used without a trap,
    /// an out-of-bounds read, an endless loop or a non-finite answer: the version, the classes,
    /// the encoder's shapes (contiguous one-hot offsets, a frequency per slot, unique names and
    /// levels), the parameters' shapes against the encoder (a weight per encoded feature; at least
    /// one tree, tree features, children and category bitsets in range, every node but the root
    /// the child of exactly one node after it, leaves without children), the outlier detector's
    /// shapes, and every number and string within ``ModelBounds``.
    ///
    /// Decoding calls it, so every model read from disk has passed it.
    public func validate() throws(MLError) {
        guard format == Self.currentFormat else {
            throw ModelCheck.invalid("format '\(ModelBounds.quoted(format))' is not tusk-model")
        }
        guard (1...Self.currentVersion).contains(version) else {
            throw ModelCheck.invalid("version \(version) is not between 1 and \(Self.currentVersion)")
        }
        try ModelCheck.name(target, "target")
        guard classes.count == 2 else { throw ModelCheck.invalid("classes has \(classes.count) values; a model has 2") }
        for (index, name) in classes.enumerated() { try ModelCheck.name(name, "classes[\(index)]") }
        guard classes[0] != classes[1] else { throw ModelCheck.invalid("classes names '\(classes[0])' twice") }
        try encoder.validate(target: target)
        let features = Set(encoder.numeric.map(\.name) + encoder.categorical.map(\.name))
        for (index, name) in excluded.enumerated() { try ModelCheck.name(name, "excluded[\(index)]") }
        if let both = excluded.first(where: { features.contains($0) || $0 == target }) {
            throw ModelCheck.invalid("excluded names '\(both)', which the model uses")
        }
        switch parameters {
        case .logistic(let model): try model.validate(encoder: encoder)
        case .boosted(let model): try model.validate(encoder: encoder)
        }
        try outliers.validate(encoder: encoder)
        guard trainingData.rows >= 0 else { throw ModelCheck.invalid("training data rows is \(trainingData.rows)") }
        guard trainingData.source.utf8.count <= ModelBounds.maxSourceBytes else {
            throw ModelCheck.invalid(
                "trainingData.source is \(trainingData.source.utf8.count) bytes long, more than "
                    + "\(ModelBounds.maxSourceBytes)")
        }
        guard trainingData.sha256.utf8.count <= 64 else {
            throw ModelCheck.invalid(
                "trainingData.sha256 '\(ModelBounds.quoted(trainingData.sha256))' is longer than a SHA-256 (64 digits)")
        }
        try trainingMetrics.validate()
        if let layout = trainingData.layout {
            let texts =
                [layout.schema, layout.delimiter, layout.target].compactMap { $0 } + (layout.missing ?? [])
                + (layout.columns ?? []).map(\.name)
            if let long = texts.first(where: { $0.utf8.count > ModelBounds.maxSourceBytes }) {
                throw ModelCheck.invalid(
                    "training data layout: '\(ModelBounds.quoted(long))' is longer than \(ModelBounds.maxSourceBytes) bytes"
                )
            }
            do throws(MLError) { _ = try layout.resolved() } catch {
                throw ModelCheck.invalid("training data layout: \(error.message)")
            }
        }
    }
}

extension FeatureEncoder {
    func validate(target: String) throws(MLError) {
        var names = Set<String>()
        for name in numeric.map(\.name) + categorical.map(\.name) {
            try ModelCheck.name(name, "encoder feature name")
            guard names.insert(name).inserted else {
                throw ModelCheck.invalid("encoder names feature '\(name)' twice")
            }
            guard name != target else { throw ModelCheck.invalid("encoder uses the label '\(name)' as a feature") }
        }
        for feature in numeric {
            guard feature.mean.isFinite, ModelBounds.isNormal(feature.mean) else {
                throw ModelCheck.invalid(
                    "encoder numeric '\(feature.name)': mean \(feature.mean) is not a finite normal number")
            }
            guard feature.scale.isFinite, feature.scale >= ModelBounds.minScale else {
                throw ModelCheck.invalid(
                    "encoder numeric '\(feature.name)': scale \(feature.scale) is not a finite number of at least "
                        + "\(ModelBounds.minScale)")
            }
        }
        var offset = numeric.count
        for feature in categorical {
            let what = "encoder categorical '\(feature.name)'"
            guard feature.offset == offset else {
                throw ModelCheck.invalid(
                    "\(what): offset \(feature.offset), expected \(offset) (one-hot slots follow one another)")
            }
            var levels = Set<String>()
            for level in feature.levels + (feature.infrequent ?? []) {
                guard level.utf8.count <= ModelBounds.maxNameBytes else {
                    throw ModelCheck.invalid(
                        "\(what): level '\(ModelBounds.quoted(level))' is longer than \(ModelBounds.maxNameBytes) bytes"
                    )
                }
                guard levels.insert(level).inserted else {
                    throw ModelCheck.invalid("\(what): level '\(level)' appears twice")
                }
            }
            if feature.infrequent?.isEmpty == true {
                throw ModelCheck.invalid("\(what): infrequent is an empty list (leave it out when no level is pooled)")
            }
            guard feature.frequencies.count == feature.width else {
                throw ModelCheck.invalid(
                    "\(what): frequencies has \(feature.frequencies.count) values, the column has \(feature.width) slots"
                )
            }
            for (slot, share) in feature.frequencies.enumerated()
            where !(share >= 0 && share <= 1 && ModelBounds.isNormal(share)) {
                throw ModelCheck.invalid("\(what): frequency \(slot) is \(share), not a share between 0 and 1")
            }
            offset += feature.width
        }
    }
}

extension LogisticRegression {
    func validate(encoder: FeatureEncoder) throws(MLError) {
        guard weights.count == encoder.width else {
            throw ModelCheck.invalid(
                "logistic weights has \(weights.count) values, the encoder makes \(encoder.width)")
        }
        if let bad = weights.firstIndex(where: { !(abs($0) <= ModelBounds.maxWeight && ModelBounds.isNormal($0)) }) {
            throw ModelCheck.invalid(
                "logistic weight \(bad) (\(encoder.featureNames[bad])) is \(weights[bad]), not a normal number "
                    + "within ±\(ModelBounds.maxWeight)")
        }
        guard abs(intercept) <= ModelBounds.maxWeight, ModelBounds.isNormal(intercept) else {
            throw ModelCheck.invalid(
                "logistic intercept \(intercept) is not a normal number within ±\(ModelBounds.maxWeight)")
        }
        guard ModelBounds.cRange.contains(c) else {
            throw ModelCheck.invalid(
                "logistic C \(c) is not a positive finite number between \(ModelBounds.cRange.lowerBound) and "
                    + "\(ModelBounds.cRange.upperBound)")
        }
        guard iterations >= 0 else { throw ModelCheck.invalid("logistic iterations is \(iterations)") }
        guard finalGradient >= 0, finalGradient.isFinite else {
            throw ModelCheck.invalid("logistic finalGradient \(finalGradient) is not a finite number of at least 0")
        }
    }
}

extension GradientBoosting {
    func validate(encoder: FeatureEncoder) throws(MLError) {
        guard abs(baseline) <= ModelBounds.maxBaseline, ModelBounds.isNormal(baseline) else {
            throw ModelCheck.invalid(
                "boosted baseline \(baseline) is not a normal number within ±\(ModelBounds.maxBaseline)")
        }
        guard learningRate > 0, learningRate <= 1, learningRate.isNormal else {
            throw ModelCheck.invalid("boosted learning rate \(learningRate) is not a number in (0, 1]")
        }
        guard !trees.isEmpty else { throw ModelCheck.invalid("boosted trees is empty; a boosted model has a tree") }
        guard trees.count <= ModelBounds.maxTrees else {
            throw ModelCheck.invalid("boosted trees has \(trees.count) trees, more than \(ModelBounds.maxTrees)")
        }
        let p = encoder.numeric.count, features = p + encoder.categorical.count
        for (t, tree) in trees.enumerated() {
            guard !tree.nodes.isEmpty else { throw ModelCheck.invalid("boosted tree \(t) has no nodes") }
            guard tree.nodes.count <= ModelBounds.maxNodes else {
                throw ModelCheck.invalid(
                    "boosted tree \(t) has \(tree.nodes.count) nodes, more than \(ModelBounds.maxNodes)")
            }
            var parents = [Int](repeating: 0, count: tree.nodes.count)
            for (k, node) in tree.nodes.enumerated() {
                let what = "boosted tree \(t) node \(k)"
                guard abs(node.value) <= ModelBounds.maxTreeValue, ModelBounds.isNormal(node.value) else {
                    throw ModelCheck.invalid(
                        "\(what): value \(node.value) is not a normal number within ±\(ModelBounds.maxTreeValue)")
                }
                guard node.count >= 0 else { throw ModelCheck.invalid("\(what): count \(node.count) is negative") }
                if node.feature == -1 {
                    // A leaf: scoring stops here, so children would be a second, unused tree.
                    guard node.left == -1, node.right == -1 else {
                        throw ModelCheck.invalid(
                            "\(what): a leaf (feature -1) has children (left \(node.left), right \(node.right)); a leaf has "
                                + "left and right -1")
                    }
                    guard node.leftCategories.isEmpty else {
                        throw ModelCheck.invalid("\(what): a leaf (feature -1) has a categories bitset")
                    }
                    continue
                }
                guard (0..<features).contains(node.feature) else {
                    throw ModelCheck.invalid(
                        "\(what): feature \(node.feature) is out of range (the encoder has \(features) features; "
                            + "-1 marks a leaf)")
                }
                // Children after their parent: every path moves forward, so it ends at a leaf.
                for (side, child) in [("left", node.left), ("right", node.right)]
                where !(child > k && child < tree.nodes.count) {
                    throw ModelCheck.invalid(
                        "\(what): \(side) child \(child) is not a node after it (the tree has \(tree.nodes.count) nodes)"
                    )
                }
                guard node.left != node.right else {
                    throw ModelCheck.invalid("\(what): left and right are the same node \(node.left)")
                }
                parents[node.left] += 1
                parents[node.right] += 1
                if node.feature < p {
                    guard node.threshold.isFinite, ModelBounds.isNormal(node.threshold) else {
                        throw ModelCheck.invalid("\(what): threshold \(node.threshold) is not a finite normal number")
                    }
                    guard node.leftCategories.isEmpty else {
                        throw ModelCheck.invalid("\(what): a numeric split has a categories bitset")
                    }
                } else if node.leftCategories.count != 4 {
                    throw ModelCheck.invalid(
                        "\(what): categories bitset has \(node.leftCategories.count) words, a categorical split needs 4"
                    )
                }
            }
            if let orphan = parents.indices.dropFirst().first(where: { parents[$0] != 1 }) {
                throw ModelCheck.invalid(
                    "boosted tree \(t) node \(orphan) is the child of \(parents[orphan]) nodes; "
                        + "every node but the root has one parent")
            }
        }
    }
}

extension OutlierDetector {
    func validate(encoder: FeatureEncoder) throws(MLError) {
        let names = encoder.numeric.map(\.name)
        guard features == names else {
            throw ModelCheck.invalid(
                "outliers features (\(features.map { ModelBounds.quoted($0) }.joined(separator: ", "))) are not the "
                    + "encoder's numeric features (\(names.joined(separator: ", ")))")
        }
        let d = names.count
        let unfitted = inverseCovariance.isEmpty && variances.isEmpty && percentiles.isEmpty
        switch form {
        case .full:
            guard inverseCovariance.count == d * d || unfitted else {
                throw ModelCheck.invalid(
                    "outliers inverse covariance has \(inverseCovariance.count) values, expected \(d * d) "
                        + "(\(d) numeric features squared)")
            }
            guard variances.isEmpty else {
                throw ModelCheck.invalid("outliers variances are given for the full form (form is 'diagonal' for them)")
            }
            if let bad = inverseCovariance.firstIndex(where: {
                !(abs($0) <= ModelBounds.maxMagnitude && ModelBounds.isNormal($0))
            }) {
                throw ModelCheck.invalid(
                    "outliers inverse covariance value \(bad) is \(inverseCovariance[bad]), not a normal number "
                        + "within ±\(ModelBounds.maxMagnitude)")
            }
        case .diagonal:
            guard variances.count == d, inverseCovariance.isEmpty, d > 0 else {
                throw ModelCheck.invalid(
                    "outliers variances has \(variances.count) values and inverse covariance \(inverseCovariance.count); "
                        + "the diagonal form has \(d) variances and no inverse covariance")
            }
            if let bad = variances.firstIndex(where: { !ModelBounds.varianceRange.contains($0) }) {
                throw ModelCheck.invalid(
                    "outliers variance \(bad) is \(variances[bad]), not between \(ModelBounds.varianceRange.lowerBound) "
                        + "and \(ModelBounds.varianceRange.upperBound)")
            }
        }
        guard percentiles.count == 101 || unfitted else {
            throw ModelCheck.invalid("outliers percentiles has \(percentiles.count) values, expected 101")
        }
        for (index, value) in percentiles.enumerated() {
            guard value >= 0, value <= ModelBounds.maxMagnitude, ModelBounds.isNormal(value) else {
                throw ModelCheck.invalid(
                    "outliers percentile \(index) is \(value), not a normal number between 0 and \(ModelBounds.maxMagnitude)"
                )
            }
            guard index == 0 || value >= percentiles[index - 1] else {
                throw ModelCheck.invalid(
                    "outliers percentile \(index) is \(value), below percentile \(index - 1) (\(percentiles[index - 1]))"
                )
            }
        }
    }
}

extension BinaryMetrics {
    func validate() throws(MLError) {
        guard count >= 0 else { throw ModelCheck.invalid("trainingMetrics.count is \(count)") }
        for (name, value) in [
            ("accuracy", accuracy), ("precision", precision), ("recall", recall), ("f1", f1), ("rocAUC", rocAUC),
        ] where !(value >= 0 && value <= 1 && ModelBounds.isNormal(value)) {
            throw ModelCheck.invalid("trainingMetrics.\(name) is \(value), not a share between 0 and 1")
        }
        guard logLoss >= 0, logLoss <= ModelBounds.maxMagnitude, ModelBounds.isNormal(logLoss) else {
            throw ModelCheck.invalid("trainingMetrics.logLoss is \(logLoss), not a normal number of at least 0")
        }
        guard confusion.count == 2, confusion.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0 >= 0 } }) else {
            throw ModelCheck.invalid("trainingMetrics.confusion is not a 2 × 2 table of counts")
        }
    }
}

/// Errors about a model document, worded once.
enum ModelCheck {
    static func invalid(_ message: String) -> MLError {
        MLError(message, kind: .invalidModel, help: "retrain the model, or restore the file", remedy: .retrain)
    }

    /// A name (target, class, feature) is not empty and at most ``ModelBounds/maxNameBytes`` long.
    static func name(_ name: String, _ field: String) throws(MLError) {
        guard name.utf8.count <= ModelBounds.maxNameBytes else {
            throw invalid(
                "\(field) '\(ModelBounds.quoted(name))' is longer than \(ModelBounds.maxNameBytes) bytes")
        }
    }

    /// A decoding failure as `field 'encoder.categorical[2].offset': …`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the document" : "field '\(text)'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null, expected \(typeName(type))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) is not \(typeName(type))"
        case .dataCorrupted(let context):
            // Foundation says where only for some failures; a number beyond a double's range is not one.
            return context.codingPath.isEmpty
                ? "the document is not JSON a model can hold (a syntax error, or a number beyond a double's range)"
                : "\(path(context.codingPath)) is not valid (\(context.debugDescription))"
        @unknown default: return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int32.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: String(describing: type).contains("Array") ? "a list" : "an object"
        }
    }
}
