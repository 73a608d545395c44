import TuskCore

/// The release gates a model passed: on what data, by which model, and each clause with the
/// figure it measured. In text one line, `gates passed on DATA by MODEL: accuracy >= 0.75 and …`.
package struct GatesPassed: Codable, Sendable, Equatable {
    /// The labeled data the gates were checked on.
    package let data: AddressText
    package let model: AddressText
    package let checks: [GateCheck]

    var line: String {
        "gates passed on \(data) by \(model): " + checks.map(\.clause).joined(separator: " and ")
    }
}
