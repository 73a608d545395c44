import TuskCore

/// The release gates a model passed: on what data, by which model, and each clause with the
/// figure it measured. In text one line, `gates passed on DATA by MODEL: accuracy >= 0.75 and …`.
public struct GatesPassed: Codable, Sendable, Equatable {
    /// The labeled data the gates were checked on.
    public let data: AddressText
    public let model: AddressText
    public let checks: [GateCheck]

    var line: String {
        "gates passed on \(data) by \(model): " + checks.map(\.clause).joined(separator: " and ")
    }
}
