import TuskArtifacts
import TuskCore
import TuskLang
import TuskServing

/// A deployment's name as written, with its place for errors: the one place the DSL makes a
/// ``DeploymentName`` of what the user typed.
struct DeploymentArgument: Sendable {
    let name: DeploymentName
    let span: SourceSpan

    init(_ token: Token) throws(Diagnostic) {
        guard token.kind == .word else {
            throw Diagnostic(
                "'\(VisibleText.clipped(token.text, to: 64))' is not a deployment name", at: token.span,
                help: "write it unquoted: letters, digits, '-' and '_', starting with a letter, at most 63")
        }
        do { name = try DeploymentName(token.text) } catch {
            throw Diagnostic(
                error.message, at: token.span,
                help: "a deployment name is a word: letters, digits, '-' and '_', starting with a letter, at most 63")
        }
        span = token.span
    }

    /// A bare word that can only be a deployment: no `@` (a store address), no `/` or `.` (a file).
    static func looksLikeName(_ text: String) -> Bool { DeploymentName.isWord(text) }
}

/// A predictor's name as written (`canary-1`, `shadow-2`): the one place the DSL makes a
/// ``PredictorName`` of what the user typed.
enum PredictorArgument {
    static func parse(_ token: Token, of deployment: DeploymentArgument) throws(Diagnostic) -> Located<PredictorName> {
        do { return Located(try PredictorName(token.text), at: token.span) } catch {
            throw Diagnostic(
                error.message, at: token.span,
                help: "name a canary or a shadow; see 'inspect deployment \(deployment.name)'")
        }
    }
}

extension Diagnose {
    /// A router error, at the word it is about: the deployment, the model, or `other` (a
    /// predictor's name, a release number, the traffic).
    static func serving(
        _ error: ServingError, deployment: SourceSpan?, model: DataArgument? = nil, other: SourceSpan? = nil
    ) -> Diagnostic {
        switch error.kind {
        case .artifact:
            if let underlying = error.underlying {
                if let model { return artifact(underlying, model) }
                switch underlying {
                case .store(let store): return Diagnose.store(store, StoreSpans(whole: deployment))
                case .data(let data): return Diagnose.data(data, at: deployment)
                case .localFile(let file): return localFile(file, at: deployment)
                default: break
                }
            }
            return Diagnostic(error.message, at: deployment, help: help(for: error))
        case .modelNotInStore:
            return Diagnostic(error.message, at: model?.span ?? deployment, help: help(for: error))
        case .noSuchPredictor, .noSuchRelease, .badTraffic, .noSuchRequest:
            return Diagnostic(error.message, at: other ?? deployment, help: help(for: error))
        case .busy:
            return Diagnostic(error.message, at: deployment, help: help(for: error), category: .busy)
        case .cancelled:
            return Diagnostic(error.message, help: help(for: error), category: .cancelled)
        case .nothingToRollBack:
            return Diagnostic(error.message, at: other ?? deployment, help: help(for: error))
        case .alreadyServing:
            return Diagnostic(error.message, at: model?.span ?? deployment, help: help(for: error))
        case .nothingReleased, .noSuchDeployment, .deploymentExists, .payload:
            return Diagnostic(error.message, at: deployment, help: help(for: error))
        }
    }
}

extension CommandContext {
    /// Runs a router call, turning its error into a diagnostic at the right word.
    func serving<T>(
        _ deployment: DeploymentArgument, model: DataArgument? = nil, other: SourceSpan? = nil,
        _ body: (ServingEngine) throws(ServingError) -> T
    ) throws(Diagnostic) -> T {
        // A pipeline step touches no deployment but the one its deploy pipeline declares.
        if let mounts = workspace.mounts, mounts.job?.deployment != deployment.name {
            throw StepSandbox.refusedDeployment(deployment.name, declared: mounts.job?.deployment, at: deployment.span)
        }
        do { return try body(serving) } catch {
            throw Diagnose.serving(error, deployment: deployment.span, model: model, other: other)
        }
    }

    /// Checks that the user has not asked to stop, then changes the deployment by `rule`.
    func change(
        _ deployment: DeploymentArgument, model: DataArgument? = nil, other: SourceSpan? = nil,
        _ rule: (Deployment) throws(ServingError) -> Deployment
    ) throws(Diagnostic) -> Deployment {
        try checkCancelled()
        return try serving(deployment, model: model, other: other) { engine throws(ServingError) in
            try engine.registry.change(deployment.name, rule)
        }
    }

    /// Where a change comes from: the pipeline job running this step, or a command.
    var releaseSource: Release.Source {
        guard let job = workspace.mounts?.job else { return .command }
        return .pipeline(name: job.pipeline, job: job.id)
    }
}
