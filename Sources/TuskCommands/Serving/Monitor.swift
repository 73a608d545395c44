import TuskCore
import TuskLang
import TuskServing

/// `monitor D [--since RELEASE|REQUEST]`: what a deployment served and how it went.
package struct Monitor: TuskCommand {
    static let percentile = Option<Int>(
        "percentile", value: "P", "outliers lie beyond this percentile of training distances (default 98)", in: 1...99,
        example: "98")
    static let alpha = Option<Double>(
        "alpha", value: "A", "the drift tests' family-wise level (default 0.05, Bonferroni)", in: 1e-12...0.5,
        example: "0.05")

    /// Reads the clock: the latency it reports is measured, and a replay's logical clock measures none.
    package static let declaration = CommandDeclaration(
        "monitor",
        "Report a deployment's traffic: requests per predictor, latency, answers, outliers, drift, accuracy.",
        arguments: [.init("DEPLOYMENT", .deployment)],
        options: [WindowStart.since, percentile, alpha],
        details: """
            Outliers: the live model's Mahalanobis detector, as each request was served. Drift: each
            feature of the requests (each request id once; the last 100,000 requests of a longer
            window) against the live model's training data (Kolmogorov-Smirnov or chi-squared).
            Drift onset: for each drifting feature, the request from which it drifts and the release
            serving then (its model and the data commit that model was trained on). The same
            requests (at most the last 100,000, never the whole log) are cut at each release and
            into blocks of at least 500 (about 20 blocks), each block tested as the whole but with
            asymptotic Kolmogorov-Smirnov p-values (scipy's method="asymp": exact ones cost a
            product of the sample sizes per test); the onset is the first block of the last unbroken run
            of blocks that drift, as 'drift REPO@A vs REPO@B' finds a commit. Requests of one
            release that make one block (fewer than 750) have no onset to find.
            Accuracy: on requests whose label arrived ('feedback'). Latency is measured from routing
            to the answer, without the log; its percentiles come from a histogram within 0.1% (the
            maximum is exact); a scenario replay runs on a logical clock and does not measure it.
            Counts are summed per logged batch, so a long log costs what the report holds.
            """,
        examples: ["monitor production", "monitor production --since 3"], readsClock: true)

    let deployment: DeploymentArgument
    let since: Located<String>?
    let percentile: Int
    let alpha: Double

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        since = try call[WindowStart.since]
        percentile = try call[Self.percentile] ?? 98
        alpha = try call[Self.alpha] ?? 0.05
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> MonitorReport {
        try context.serving(deployment, other: since?.span) { engine throws(ServingError) in
            let window = try engine.window(
                deployment.name, from: WindowStart.parse(since), inputs: .last(ServingEngine.driftSample),
                summaries: true)
            return try engine.monitor(window, percentile: percentile, alpha: alpha)
        }
    }
}

/// `--since 3` is a release; any other word a request id.
enum WindowStart {
    /// `--since`, as `monitor` and `compare` declare it.
    static let since = Option<Located<String>>(
        "since", value: "RELEASE|REQUEST", "from a release number, or from a request id, on (default: all)")

    static func parse(_ since: Located<String>?) -> ServedWindow.Start {
        guard let since else { return .beginning }
        if let number = Int(since.value) { return .release(number) }
        return .request(since.value)
    }
}

extension MonitorReport: CommandOutput {
    package func render(_ text: inout TextOutput) {
        guard requests > 0, let first, let last else {
            return text.line("\(deployment) has served no requests here yet")
        }
        text.line(
            "\(deployment): \(NumberFormat.plural(requests, "request")) (log \(first)–\(last)) served by "
                + "release\(releases.count == 1 ? "" : "s") \(releases.map(String.init).joined(separator: ", ")); "
                + "\(NumberFormat.count(labels)) labeled")
        var table = TextTable(
            "PREDICTOR", "ANSWERED", "SHARE", classes[1], "SCORED", "LABELED", "ACCURACY", "MODEL")
        for p in predictors {
            table.add(
                p.name.rawValue, NumberFormat.count(p.answered), NumberFormat.percent(p.share),
                NumberFormat.count(p.scoredPositive),
                NumberFormat.count(p.scored), NumberFormat.count(p.labeled), p.accuracy.map(NumberFormat.metric) ?? "-",
                p.model.map(AddressText.shortened) ?? "?")
        }
        text.table(table)
        let positive = predictors.reduce(0) { $0 + $1.positive }
        text.line(
            "answers: \(classes[1]) \(NumberFormat.count(positive)) (\(NumberFormat.percent(Double(positive) / Double(requests)))), "
                + "\(classes[0]) \(NumberFormat.count(requests - positive)) (\(NumberFormat.percent(Double(requests - positive) / Double(requests))))"
        )
        if let latency {
            text.line(
                "latency: p50 \(Self.micro(latency.p50)), p90 \(Self.micro(latency.p90)), "
                    + "p99 \(Self.micro(latency.p99)), max \(Self.micro(latency.max))")
        } else if let latencyNote {
            text.line("latency: \(.muted(latencyNote))")
        }
        text.line(
            "outliers: \(NumberFormat.count(outliers)) of \(NumberFormat.count(requests)) "
                + "(\(NumberFormat.percent(Double(outliers) / Double(requests)))) beyond the training "
                + "\(outlierPercentile)th percentile (about \(100 - outlierPercentile)% expected if requests look like the training data)"
        )
        if let reason = drift.cannotJudge {
            text.line("drift: \(.warn("cannot judge: \(reason)"))")
        } else if let report = drift.report {
            // A long window's drift is tested on its last requests (ServingEngine.driftSample),
            // each request id once.
            let sample =
                requests > ServingEngine.driftSample
                ? " on the \(NumberFormat.count(report.rows)) distinct request ids of the last "
                    + "\(NumberFormat.count(ServingEngine.driftSample)) of \(NumberFormat.count(requests))"
                : report.rows == requests
                    ? ""
                    : " on \(NumberFormat.count(report.rows)) distinct request ids of \(NumberFormat.count(requests))"
            let reference = drift.reference.map { AddressText($0).description } ?? "the training data"
            text.line(
                "drift from \(reference) "
                    + "(\(NumberFormat.count(report.referenceRows)) rows)" + sample
                    + ": \(report.features.filter { $0.cannotJudge == nil }.count) features, "
                    + "alpha \(NumberFormat.number(report.alpha)) / \(report.features.filter { $0.cannotJudge == nil }.count) each (Bonferroni)"
            )
            var drifts = TextTable("FEATURE", "TEST", "STATISTIC", "P-VALUE", "DRIFT")
            for f in report.features {
                drifts.add(
                    f.name, f.test, f.statistic.isNaN ? "n/a" : NumberFormat.metric(f.statistic),
                    f.pValue.isNaN ? "n/a" : NumberFormat.pValue(f.pValue),
                    DriftText.cell(f.cannotJudge, drifted: f.drifted))
            }
            text.table(drifts)
            let drifted = report.features.filter(\.drifted).map(\.name)
            text.line(
                drifted.isEmpty
                    ? "drift verdict: \(.pass("no drift"))"
                    : "drift verdict: \(.fail("DRIFT in \(drifted.count) of \(report.features.count) features (\(drifted.joined(separator: ", ")))"))"
            )
            if let onset = drift.onset { Self.render(onset, &text) }
        }
    }

    /// A line on how the log was cut, then one line per drifting feature: the request its drift
    /// began at and what was serving then.
    static func render(_ search: OnsetSearch, _ text: inout TextOutput) {
        let tested = search.segments.filter { $0.report != nil }.count
        text.line(
            "drift onset: log \(search.first)–\(search.last) cut at each release and into blocks of about "
                + "\(NumberFormat.count(search.block)) requests, \(NumberFormat.plural(search.segments.count, "segment"))"
                + (tested == search.segments.count ? "" : " (\(tested) with enough requests to test)")
                + ", each tested as above (Kolmogorov-Smirnov p-values asymptotic)")
        for onset in search.onsets {
            let segment = search.segments[onset.segment]
            let when =
                onset.atRelease
                ? "from the first request of release \(onset.release)"
                : "during release \(onset.release)"
            let served = [
                onset.model.map { "model \(AddressText.shortened($0))" },
                onset.trainedOn.map { "trained on \(AddressText($0))" },
            ].compactMap { $0 }.joined(separator: ", ")
            text.line(
                "\(onset.feature) drifts from log \(onset.log), \(when)"
                    + (served.isEmpty ? "" : " (\(served))")
                    + "; p \(NumberFormat.pValue(onset.pValue)) on log \(segment.first)–\(segment.last)"
                    + (onset.crossings > 1 ? "; crossed \(onset.crossings) times" : ""))
        }
        if let lastTested = search.segments.last(where: { $0.report != nil }) {
            for feature in search.unplaced {
                text.line(
                    "\(feature) drifts over the window but not on log \(lastTested.first)–\(lastTested.last) alone: "
                        + "no segment from which it drifts through the end")
            }
        }
    }

    /// Nanoseconds as microseconds.
    static func micro(_ nanoseconds: Int) -> String { String(format: "%.1f µs", Double(nanoseconds) / 1000) }
}
