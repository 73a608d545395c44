import TuskCore
import TuskLang
import TuskServing

/// `compare D [--protected A,B]`: the live model against each canary and shadow on the same requests.
package struct Compare: TuskCommand {
    static let protected = Option<[Located<String>]>(
        "protected", value: "A,B", "show disagreements and selection rates by these attributes' groups", kind: .column)
    static let privileged = Option<[Located<String>]>(
        "privileged", value: "A=G,B=H",
        "the group each disparate impact is measured against, as audit's (default: the most frequent)")

    package static let declaration = CommandDeclaration(
        "compare",
        "Compare a deployment's live model with each canary and shadow on the requests both scored.",
        arguments: [.init("DEPLOYMENT", .deployment)],
        options: [protected, privileged, WindowStart.since],
        details: """
            Agreement: the share of requests both answered alike. Accuracy: on requests whose label
            arrived ('feedback'), with its 95% Wilson interval. By group: how often they disagree, and
            each one's selection rate with its interval; the disparate impact is the lowest group's
            selection rate over the privileged group's (--privileged, as 'audit' takes it; the most
            frequent group when not named).
            The verdict per challenger: McNemar's exact test (statsmodels' default) on the labelled
            requests only one of the two got right, at alpha 0.05. Promote when the challenger is
            significantly more accurate and keeps the four-fifths rule on every attribute where live
            does; retire when it is significantly less accurate (or more accurate but below 0.8 where
            live is not); else keep collecting, with how many more labelled requests would decide at
            the current effect size. 'promote' refuses a challenger found less accurate (unless --force).
            """,
        examples: [
            "compare production --protected sex,race", "compare production --protected sex --privileged sex=Male",
        ])

    let deployment: DeploymentArgument
    let protected: [Located<String>]
    /// Attribute → the group its disparate impact is measured against.
    let privileged: [String: Located<String>]
    let since: Located<String>?

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        protected = try call[Self.protected] ?? []
        privileged = try PrivilegedGroups.parse(call, Self.privileged, protected: protected)
        since = try call[WindowStart.since]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> ComparisonReport {
        do {
            let engine = context.serving
            let window = try engine.window(deployment.name, from: WindowStart.parse(since))
            return try engine.compare(
                window, protected: protected.map(\.value), privileged: privileged.mapValues(\.value))
        } catch {
            var at = since?.span
            if case .data(let data)? = error.underlying, case .column(let name)? = data.subject {
                at = protected.first { $0.value == name }?.span
            } else if error.kind == .artifact, let first = protected.first {
                at = first.span
            }
            throw Diagnose.serving(error, deployment: deployment.span, other: at)
        }
    }
}

extension ComparisonReport: CommandOutput {
    package func render(_ text: inout TextOutput) {
        guard !pairs.isEmpty else {
            return text.line(
                "\(deployment): no canary or shadow has scored its requests; add one with 'shadow' or 'canary'")
        }
        text.line(
            "\(deployment): live (\(AddressText.shortenedList(live))) against \(NumberFormat.plural(pairs.count, "challenger"))"
        )
        var table = TextTable(
            "CHALLENGER", "REQUESTS", "AGREEMENT", "LIVE \(classes[1])", "ITS \(classes[1])", "LABELED",
            "LIVE ACCURACY",
            "ITS ACCURACY")
        for pair in pairs {
            table.add(
                pair.challenger.rawValue, NumberFormat.count(pair.requests), NumberFormat.metric(pair.agreement),
                NumberFormat.count(pair.livePositive), NumberFormat.count(pair.challengerPositive),
                NumberFormat.count(pair.labeled), pair.liveAccuracy.map(NumberFormat.metric) ?? "-",
                pair.challengerAccuracy.map(NumberFormat.metric) ?? "-")
        }
        text.table(table)
        for pair in pairs {
            text.line("\(pair.challenger) is \(pair.model.map(AddressText.shortened) ?? "?")")
            if pair.labeled > 0 {
                text.line(
                    "accuracy on \(NumberFormat.plural(pair.labeled, "labelled request")) (95% Wilson intervals): live "
                        + "\(VerdictText.interval(pair.liveAccuracyInterval())), \(pair.challenger) "
                        + VerdictText.interval(pair.challengerAccuracyInterval()))
            }
            text.line("verdict: \(VerdictText.decision(pair.verdict)): \(VerdictText.reason(pair))")
            for attribute in pair.attributes {
                text.line("")
                text.line("\(attribute.attribute), live against \(pair.challenger):")
                var groups = TextTable("GROUP", "REQUESTS", "DISAGREE", "LIVE SELECTION", "ITS SELECTION")
                for group in attribute.groups {
                    groups.add(
                        group.group, NumberFormat.count(group.requests), NumberFormat.count(group.disagreements),
                        VerdictText.interval(group.liveSelectionInterval()),
                        VerdictText.interval(group.challengerSelectionInterval()))
                }
                text.table(groups)
                let small = attribute.groups.filter { $0.requests < minimumGroup && $0.group != "?" }.map(\.group)
                if !small.isEmpty {
                    text.line(
                        "fewer than \(minimumGroup) requests, left out of the disparate impact: "
                            + small.joined(separator: ", "))
                }
                text.line(
                    "disparate impact (lowest group / \(attribute.privileged ?? "?")): live "
                        + "\(NumberFormat.metric(attribute.liveDisparateImpact)), \(pair.challenger) "
                        + NumberFormat.metric(attribute.challengerDisparateImpact))
            }
        }
        if let alpha = pairs.first?.verdict.alpha { text.line(VerdictText.rule(alpha: alpha)) }
    }
}
