import TuskCore
import TuskLang
import TuskML

/// `--protected`, `--privileged` and the thresholds, shared by `audit` and `audit data`.
struct AuditArguments: Sendable {
    static let options: [CommandDeclaration.Option] = [
        .init("protected", value: "A,B", "the protected attributes, e.g. sex,race", kind: .column, required: true),
        .init("privileged", value: "A=G,B=H", "the privileged group of each attribute, e.g. sex=Male"),
        .init("min-disparate-impact", value: "X", "the four-fifths rule's line (default 0.8)"),
        .init("max-difference", value: "X", "largest equal opportunity / equalized odds gap (default 0.1)"),
        .init("max-flip-rate", value: "X", "largest share of decisions flipped by the attribute (default 0.05)"),
        .init("min-group-size", value: "N", "smaller groups are shown but left out of the verdict (default 30)"),
    ]

    let protected: [Located<String>]
    /// Attribute → privileged group.
    let privileged: [String: Located<String>]
    let thresholds: FairnessThresholds
    /// Where each attribute and `attribute=group` was written, for errors about them.
    let names: [String: SourceSpan]

    init(_ call: Invocation) throws(Diagnostic) {
        protected = call.list("protected")
        var names: [String: SourceSpan] = [:]
        for item in protected { names[item.value] = item.span }
        let privileged = try PrivilegedGroups.parse(call, protected: protected)
        for (attribute, group) in privileged { names["\(attribute)=\(group.value)"] = group.span }
        self.privileged = privileged
        self.names = names
        var thresholds = FairnessThresholds()
        if let value = try call.number("min-disparate-impact", in: 0...1, example: "0.8") {
            thresholds.minDisparateImpact = value
        }
        if let value = try call.number("max-difference", in: 0...1, example: "0.1") {
            thresholds.maxEqualOpportunityDifference = value
            thresholds.maxEqualizedOddsDifference = value
        }
        if let value = try call.number("max-flip-rate", in: 0...1, example: "0.05") { thresholds.maxFlipRate = value }
        if let value = try call.integer("min-group-size", in: 1...Int.max, example: "30") {
            thresholds.minGroupSize = value
        }
        self.thresholds = thresholds
    }
}
