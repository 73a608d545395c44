import TuskCore
import TuskLang
import TuskML

/// `--protected`, `--privileged` and the thresholds, shared by `audit` and `audit data`.
struct AuditArguments: Sendable {
    static let protected = Option<[Located<String>]>(
        "protected", value: "A,B", "the protected attributes, e.g. sex,race", kind: .column, required: true)
    static let minDisparateImpact = Option<Double>(
        "min-disparate-impact", value: "X", "the four-fifths rule's line (default 0.8)", in: 0...1, example: "0.8")
    static let maxDifference = Option<Double>(
        "max-difference", value: "X", "largest equal opportunity / equalized odds gap (default 0.1)", in: 0...1,
        example: "0.1")
    static let maxFlipRate = Option<Double>(
        "max-flip-rate", value: "X", "largest share of decisions flipped by the attribute (default 0.05)", in: 0...1,
        example: "0.05")
    static let minGroupSize = Option<Int>(
        "min-group-size", value: "N", "smaller groups are shown but left out of the verdict (default 30)", in: 1...,
        example: "30")

    static let options: [any DeclaredOption] = [
        protected, PrivilegedGroups.option, minDisparateImpact, maxDifference, maxFlipRate, minGroupSize,
    ]

    let protected: [Located<String>]
    /// Attribute → privileged group.
    let privileged: [String: Located<String>]
    let thresholds: FairnessThresholds
    /// Where each attribute and `attribute=group` was written, for errors about them.
    let names: [String: SourceSpan]

    init(_ call: Invocation) throws(Diagnostic) {
        protected = try call[Self.protected] ?? []
        var names: [String: SourceSpan] = [:]
        for item in protected { names[item.value] = item.span }
        let privileged = try PrivilegedGroups.parse(call, protected: protected)
        for (attribute, group) in privileged { names["\(attribute)=\(group.value)"] = group.span }
        self.privileged = privileged
        self.names = names
        var thresholds = FairnessThresholds()
        if let value = try call[Self.minDisparateImpact] {
            thresholds.minDisparateImpact = value
        }
        if let value = try call[Self.maxDifference] {
            thresholds.maxEqualOpportunityDifference = value
            thresholds.maxEqualizedOddsDifference = value
        }
        if let value = try call[Self.maxFlipRate] { thresholds.maxFlipRate = value }
        if let value = try call[Self.minGroupSize] {
            thresholds.minGroupSize = value
        }
        self.thresholds = thresholds
    }
}
