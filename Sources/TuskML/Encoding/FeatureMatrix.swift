/// Feature columns as trees read them: raw numbers (NaN for missing) and categorical codes into the
/// training levels (-1 for missing or never seen in training, as scikit-learn's trees treat both;
/// pooled infrequent levels share the code after the levels).
public struct FeatureMatrix: Sendable {
    public enum Column: Sendable {
        case numeric([Double])
        case categorical(codes: [Int32], levels: Int)
    }

    public let rows: Int
    public let columns: [Column]
}

extension FeatureEncoder {
    /// The training feature columns of `table`, in the encoder's order (numerics, then categoricals).
    public func matrix(_ table: Table, missingColumnsAreMissing: Bool = false) throws(MLError) -> FeatureMatrix {
        let table = missingColumnsAreMissing ? completed(table) : table
        var columns: [FeatureMatrix.Column] = []
        for feature in numeric {
            guard case .numeric(let values) = try column(feature.name, in: table, kind: .numeric).values else {
                continue
            }
            columns.append(.numeric(values))
        }
        for feature in categorical {
            guard
                case .categorical(let codes, let levels) = try column(feature.name, in: table, kind: .categorical)
                    .values
            else { continue }
            let index = feature.codes
            let mapped = levels.map { index[$0] ?? -1 }
            columns.append(
                .categorical(
                    codes: codes.map { $0 < 0 ? -1 : mapped[Int($0)] },
                    levels: feature.levels.count + (feature.infrequent == nil ? 0 : 1)))
        }
        return FeatureMatrix(rows: table.rowCount, columns: columns)
    }
}
