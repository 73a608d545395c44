import Foundation

extension TrainedModel {
    /// Checks everything scoring relies on, so a model that passes can be used without a trap,
    /// an out-of-bounds read or an endless loop: the version, the classes, the encoder's shapes
    /// (contiguous one-hot offsets, a frequency per slot, unique names and levels), the
    /// parameters' shapes against the encoder (a weight per encoded feature; tree features,
    /// children and category bitsets in range, every child after its parent so no path loops),
    /// the outlier detector's square matrix, and that every number is finite.
    ///
    /// Decoding calls it, so every model read from disk has passed it.
    public func validate() throws(MLError) {
        guard format == Self.currentFormat else { throw ModelCheck.invalid("format '\(format)' is not tusk-model") }
        guard (1...Self.currentVersion).contains(version) else {
            throw ModelCheck.invalid("version \(version) is not between 1 and \(Self.currentVersion)")
        }
        guard classes.count == 2 else { throw ModelCheck.invalid("classes has \(classes.count) values; a model has 2") }
        guard classes[0] != classes[1] else { throw ModelCheck.invalid("classes names '\(classes[0])' twice") }
        try encoder.validate(target: target)
        let features = Set(encoder.numeric.map(\.name) + encoder.categorical.map(\.name))
        if let both = excluded.first(where: { features.contains($0) || $0 == target }) {
            throw ModelCheck.invalid("excluded names '\(both)', which the model uses")
        }
        switch parameters {
        case .logistic(let model): try model.validate(encoder: encoder)
        case .boosted(let model): try model.validate(encoder: encoder)
        }
        try outliers.validate(encoder: encoder)
        guard trainingData.rows >= 0 else { throw ModelCheck.invalid("training data rows is \(trainingData.rows)") }
        if let layout = trainingData.layout {
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
            guard names.insert(name).inserted else {
                throw ModelCheck.invalid("encoder names feature '\(name)' twice")
            }
            guard name != target else { throw ModelCheck.invalid("encoder uses the label '\(name)' as a feature") }
        }
        for feature in numeric {
            guard feature.mean.isFinite else {
                throw ModelCheck.invalid("encoder numeric '\(feature.name)': mean \(feature.mean) is not finite")
            }
            guard feature.scale.isFinite, feature.scale > 0 else {
                throw ModelCheck.invalid(
                    "encoder numeric '\(feature.name)': scale \(feature.scale) is not a positive finite number")
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
            for level in feature.levels + (feature.infrequent ?? []) where !levels.insert(level).inserted {
                throw ModelCheck.invalid("\(what): level '\(level)' appears twice")
            }
            if feature.infrequent?.isEmpty == true {
                throw ModelCheck.invalid("\(what): infrequent is an empty list (leave it out when no level is pooled)")
            }
            guard feature.frequencies.count == feature.width else {
                throw ModelCheck.invalid(
                    "\(what): frequencies has \(feature.frequencies.count) values, the column has \(feature.width) slots"
                )
            }
            for (slot, share) in feature.frequencies.enumerated() where !(share >= 0 && share <= 1) {
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
        if let bad = weights.firstIndex(where: { !$0.isFinite }) {
            throw ModelCheck.invalid(
                "logistic weight \(bad) (\(encoder.featureNames[bad])) is \(weights[bad]), not a finite number")
        }
        guard intercept.isFinite else { throw ModelCheck.invalid("logistic intercept \(intercept) is not finite") }
        guard c.isFinite, c > 0 else { throw ModelCheck.invalid("logistic C \(c) is not a positive finite number") }
    }
}

extension GradientBoosting {
    func validate(encoder: FeatureEncoder) throws(MLError) {
        guard baseline.isFinite else { throw ModelCheck.invalid("boosted baseline \(baseline) is not finite") }
        guard learningRate.isFinite else {
            throw ModelCheck.invalid("boosted learning rate \(learningRate) is not finite")
        }
        let p = encoder.numeric.count, features = p + encoder.categorical.count
        for (t, tree) in trees.enumerated() {
            guard !tree.nodes.isEmpty else { throw ModelCheck.invalid("boosted tree \(t) has no nodes") }
            for (k, node) in tree.nodes.enumerated() {
                let what = "boosted tree \(t) node \(k)"
                guard node.value.isFinite else {
                    throw ModelCheck.invalid("\(what): value \(node.value) is not finite")
                }
                if node.feature == -1 { continue }
                guard (0..<features).contains(node.feature) else {
                    throw ModelCheck.invalid(
                        "\(what): feature \(node.feature) is out of range (the encoder has \(features) features)")
                }
                // Children after their parent: every path moves forward, so it ends at a leaf.
                for (side, child) in [("left", node.left), ("right", node.right)]
                where !(child > k && child < tree.nodes.count) {
                    throw ModelCheck.invalid(
                        "\(what): \(side) child \(child) is not a node after it (the tree has \(tree.nodes.count) nodes)"
                    )
                }
                if node.feature < p {
                    guard node.threshold.isFinite else {
                        throw ModelCheck.invalid("\(what): threshold \(node.threshold) is not finite")
                    }
                } else if node.leftCategories.count != 4 {
                    throw ModelCheck.invalid(
                        "\(what): categories bitset has \(node.leftCategories.count) words, a categorical split needs 4"
                    )
                }
            }
        }
    }
}

extension OutlierDetector {
    func validate(encoder: FeatureEncoder) throws(MLError) {
        let names = encoder.numeric.map(\.name)
        guard features == names else {
            throw ModelCheck.invalid(
                "outliers features (\(features.joined(separator: ", "))) are not the encoder's numeric features "
                    + "(\(names.joined(separator: ", ")))")
        }
        let d = names.count
        guard inverseCovariance.count == d * d || (inverseCovariance.isEmpty && percentiles.isEmpty) else {
            throw ModelCheck.invalid(
                "outliers inverse covariance has \(inverseCovariance.count) values, expected \(d * d) "
                    + "(\(d) numeric features squared)")
        }
        guard percentiles.count == 101 || (percentiles.isEmpty && inverseCovariance.isEmpty) else {
            throw ModelCheck.invalid("outliers percentiles has \(percentiles.count) values, expected 101")
        }
        if let bad = inverseCovariance.firstIndex(where: { !$0.isFinite }) {
            throw ModelCheck.invalid("outliers inverse covariance value \(bad) is not finite")
        }
        if let bad = percentiles.firstIndex(where: { !$0.isFinite }) {
            throw ModelCheck.invalid("outliers percentile \(bad) is not finite")
        }
    }
}

/// Errors about a model document, worded once.
enum ModelCheck {
    static func invalid(_ message: String) -> MLError {
        MLError(message, kind: .invalidModel, help: "retrain the model with 'train', or restore the file")
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
