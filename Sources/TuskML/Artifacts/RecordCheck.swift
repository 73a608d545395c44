import TuskCore

/// A categorical value of a record that training never saw: the model scores it as no level
/// (logistic regression) or as missing (trees), which the answer should say.
public struct UnseenLevel: Sendable, Equatable, Codable {
    public let feature: String
    public let value: String
    /// The closest level the model knows, when one is close enough to be a typo.
    public let suggestion: String?
}

extension TrainedModel {
    /// Checks a one-row record (``RecordReader``) against what the model knows before it is
    /// scored: a field that was no column of the training data is an error naming it, with the
    /// closest field (`agee` → `age`), since it would silently leave that feature missing; a level
    /// never seen in training is returned, so the answer can say how it counted.
    public func check(record: Table) throws(MLError) -> [UnseenLevel] {
        let features = encoder.numeric.map(\.name) + encoder.categorical.map(\.name)
        let known = Set(features + excluded + [target])
        for column in record.columns where !known.contains(column.name) {
            throw MLError(
                "unknown field '\(column.name)' in the record", kind: .column, subject: .column(column.name),
                help: Suggestion.didYouMean(column.name, among: features + excluded)
                    ?? "the model's fields are \(features.joined(separator: ", "))")
        }
        var unseen: [UnseenLevel] = []
        for feature in encoder.categorical {
            let text: String?
            switch record.column(named: feature.name)?.values {
            case .categorical(let codes, let levels)?: text = codes.first.flatMap { $0 >= 0 ? levels[Int($0)] : nil }
            case .numeric(let values)?: text = values.first.flatMap { $0.isNaN ? nil : NumberFormat.shortest($0) }
            case nil: text = nil
            }
            guard let text, feature.codes[text] == nil else { continue }
            unseen.append(
                UnseenLevel(
                    feature: feature.name, value: text,
                    suggestion: Suggestion.closest(to: text, among: feature.levels + (feature.infrequent ?? []))))
        }
        return unseen
    }
}
