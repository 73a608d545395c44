import TuskML

extension GraphBuilder {
    /// A categorical column's strings as the int64 codes the graph looks tables up with: a level
    /// with a slot of its own, or a pooled one, gives its slot + 1 (pooled levels share the
    /// infrequent slot), as the encoder's `codes`; `missing` for an empty string or `?` (unless
    /// the model knows them as levels); 0 for a level never seen in training.
    mutating func slotCodes(_ feature: FeatureEncoder.Categorical, missing: Int64) -> String {
        let known = feature.codes
        var pairs = known.map { ($0.key, Int64($0.value) + 1) }
        for marker in ONNXSignature.missingStrings where known[marker] == nil { pairs.append((marker, missing)) }
        pairs.sort { $0.0 < $1.0 }
        return codes(feature.name, keys: pairs.map(\.0), values: pairs.map(\.1))
    }
}
