import TuskArtifacts
import TuskCore
import TuskLang
import TuskML
import TuskServing

/// `release D MODEL [--require EXPR --on DATA]`: the model becomes the deployment's live model,
/// as a new release, if it passes the gates.
package struct ReleaseModel: TuskCommand {
    static let require = Option<Located<String>>(
        "require", value: "EXPR",
        "conditions the model must meet on --on DATA, e.g. \"accuracy >= 0.8 and disparate_impact(sex) >= 0.8\"")
    static let on = Option<DataArgument>(
        "on", value: "DATA", "the labeled data the gates evaluate and audit the model on")
    static let privileged = Option<[Located<String>]>(
        "privileged", value: "A=G,B=H", "the privileged group of an audited attribute (default: the most frequent)")

    package static let declaration = CommandDeclaration(
        "release", "Make a model from the store the live model of a deployment (a new release), past optional gates.",
        arguments: [.init("DEPLOYMENT", .deployment), .init("MODEL", .data)],
        options: [require, on, privileged] + ReadArguments.options,
        details: """
            MODEL is a store address (models@master, models@3f2a9c1e:/model.json), resolved now to the
            commit that wrote the model: the release keeps serving it when the branch moves on. Canaries
            and shadows stay. In a pipeline step, MODEL is /pfs/REPO/PATH, or /pfs/REPO for the one
            model.json of the input commit, and the release names the job that made it.
            Gates: FIGURE OP NUMBER clauses joined by 'and'. Figures: accuracy, precision, recall, f1,
            roc_auc, log_loss; and per protected attribute: disparate_impact(A), selection_ratio(A),
            demographic_parity_difference(A), demographic_parity_ratio(A), equal_opportunity_difference(A),
            equalized_odds_difference(A), statistical_parity_difference(A), average_odds_difference(A),
            flip_rate(A), importance_rank(A). A failed gate changes nothing and says which figure missed, by how much.
            A deployment a deploy pipeline drives (create pipeline … --deploy D) follows its branch: the
            release moves that branch to the model's commit (which must be one of the repo it reads),
            and the deploy pipeline releases it, past its own gates too. In a deploy step, a model
            already live is no change (a rerun, or a new commit of the gate's data).
            """,
        examples: [
            "release production models@master",
            "release production models@master --require \"disparate_impact(sex) >= 0.8 and flip_rate(sex) <= 0.05\" --on datasets/census_test.csv",
        ])

    let deployment: DeploymentArgument
    let model: DataArgument
    let gate: ReleaseGate?
    let gateSpan: SourceSpan?
    let data: DataArgument?
    let privileged: [String: Located<String>]
    let read: ReadArguments

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        model = try DataArgument(call.argument(1))
        read = try ReadArguments(call)
        gate = try call[Self.require].map { text throws(Diagnostic) in try ReleaseGate(text) }
        gateSpan = call.valueSpan(Self.require)
        data = try call[Self.on]
        if gate != nil && data == nil {
            throw Diagnostic(
                "--require needs the data to check it on", at: call.end,
                help: "add --on DATA, e.g. --on datasets/census_test.csv")
        }
        if gate == nil, let data {
            throw Diagnostic(
                "--on gives data to --require, which is missing", at: data.span, help: "add --require \"EXPR\"")
        }
        var privileged: [String: Located<String>] = [:]
        for item in try call[Self.privileged] ?? [] {
            let parts = item.value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw Diagnostic(
                    "'\(item.value)' does not name an attribute and its group", at: item.span, help: "write sex=Male")
            }
            privileged[parts[0]] = Located(parts[1], at: item.span)
        }
        self.privileged = privileged
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        let resolved = try context.serving(deployment, model: model) { engine throws(ServingError) in
            try engine.resolve(model.location)
        }
        let source = context.releaseSource
        var passed: GatesPassed?
        if source != .command {
            // A deploy job checks its gates on every job, the model already live included: a
            // new pipeline version with a stricter gate fails at once on a live model that
            // misses it (the deployment keeps serving it; moving the branch is the way back).
            if let gate, let data {
                passed = try check(gate, on: data, resolved.model, named: AddressText(resolved.address), context)
            }
            // A deploy job releases its branch's head on every job (a rerun, a new commit of
            // another input): the model already live is no change, and no failure.
            let current = try context.serving(deployment) { engine throws(ServingError) in
                try engine.registry.named(deployment.name)
            }
            if let release = current.current, let live = release.live, live.model.sameBytes(as: resolved.address) {
                var unchanged = DeploymentChanged(
                    current, unchanged: .alreadyLive(AddressText(resolved.address), release: release.number))
                unchanged.gates = passed
                return unchanged
            }
        }
        let driver = source == .command ? try context.driver(of: deployment.name) : nil
        var commit: CommitID?
        if let driver {
            commit = try context.commit(
                of: resolved.address, following: driver, deployment: deployment, what: "model")
        }
        if source == .command, let gate, let data {
            passed = try check(gate, on: data, resolved.model, named: AddressText(resolved.address), context)
        }
        if let driver, let commit {
            // Refused as any release would be (the model is already live), before anything moves.
            let current = try context.serving(deployment) { engine throws(ServingError) in
                try engine.registry.named(deployment.name)
            }
            _ = try context.serving(deployment, model: model) { _ throws(ServingError) in
                try DeploymentPolicy.release(current, model: resolved.address, source: source)
            }
            // The branch is the truth: the release moves it, and the deploy pipeline releases.
            var changed = try context.follow(
                driver, to: commit, deployment: deployment, because: .release(model: resolved.address))
            changed.gates = passed
            return changed
        }
        return DeploymentChanged(
            try context.change(deployment, model: model) { current throws(ServingError) in
                try DeploymentPolicy.release(current, model: resolved.address, source: source)
            }, gates: passed)
    }

    /// Evaluates (and audits, when a clause needs it) the model on `data`; throws when a clause fails.
    private func check(
        _ gate: ReleaseGate, on data: DataArgument, _ model: TrainedModel, named name: AddressText,
        _ context: CommandContext
    ) throws(Diagnostic) -> GatesPassed {
        let loaded = try context.loadTable(data, read, label: model.target, for: model)
        let figures: GateFigures
        do {
            let labeled = try LabeledData(table: loaded.table, target: model.target, classes: model.classes)
            let probabilities = try model.probabilities(labeled.table)
            let metrics = BinaryMetrics(labels: labeled.labels, probabilities: probabilities)
            let audit =
                gate.needsAudit
                ? try Auditor.audit(
                    model, on: labeled, protected: gate.attributes, privileged: privileged.mapValues(\.value)) : nil
            figures = GateFigures(metrics: metrics, audit: audit)
        } catch {
            throw Diagnose.data(error, at: data.span, names: privileged.mapValues(\.span))
        }
        let failures = gate.check(figures)
        let checks = gate.results(figures)
        guard failures.isEmpty else {
            var refused = Diagnostic(
                "release refused: " + failures.map(\.message).joined(separator: "; "), at: gateSpan,
                help: "nothing changed; \(deployment.name) serves what it served before")
            refused.gates = checks
            throw refused
        }
        return GatesPassed(data: loaded.source.address, model: name, checks: checks)
    }
}
