import TuskCore
import TuskLang
import TuskServing
import TuskStore

/// `rollback D [--to N]`: back at once to an earlier release's graph, recorded as a new release.
package struct Rollback: TuskCommand {
    static let to = Option<Int>(
        "to", value: "RELEASE", "the release number to go back to (see 'history')", in: 1..., example: "1")

    package static let declaration = CommandDeclaration(
        "rollback", "Go back at once to an earlier release (by default the last one with another live model).",
        arguments: [.init("DEPLOYMENT", .deployment)],
        options: [to],
        details: """
            The next request is answered by the release rolled back to. History is never rewritten:
            the rollback is a new release, so requests served before it keep the model that answered them.
            A deployment a deploy pipeline drives (create pipeline … --deploy D) follows its branch: the
            rollback moves that branch back to the commit of the release's live model, and the deploy
            pipeline releases it (past its gates, if it has any); canaries and shadows stay.
            """,
        examples: ["rollback production", "rollback production --to 1"])

    let deployment: DeploymentArgument
    let to: Int?
    let toSpan: SourceSpan?

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        to = try call[Self.to]
        toSpan = call.valueSpan(Self.to)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        let source = context.releaseSource
        if source == .command, let driver = try context.driver(of: deployment.name) {
            // The branch is the truth: the rollback moves it back to the commit the release
            // rolled back to served, and the deploy pipeline releases that commit again.
            let current = try context.serving(deployment) { engine throws(ServingError) in
                try engine.registry.named(deployment.name)
            }
            let next: Deployment
            do { next = try DeploymentPolicy.rollback(current, to: to, source: source) } catch {
                // The branch moved to a model its deploy job refused: what to undo is the move.
                if error.kind == .nothingToRollBack, let live = current.current?.live,
                    let head = try context.store(
                        StoreSpans(whole: deployment.span),
                        { store throws(StoreError) in
                            try store.listBranches(driver.repo).first { $0.name == driver.branch }?.head
                        }), head != live.model.commit
                {
                    throw Diagnostic(
                        "\(driver.branchAddress) is at \(head.short), which \(deployment.name) does not serve live: "
                            + "there is no release to roll back", at: deployment.span,
                        help: "move the branch back to what it serves: create branch \(driver.branchAddress) --head "
                            + live.model.commit.short)
                }
                throw Diagnose.serving(error, deployment: deployment.span, other: toSpan)
            }
            guard case .rollback(let number) = next.current?.cause, let target = current.release(number)?.live
            else { throw Diagnose.serving(.nothingReleased(deployment.name), deployment: deployment.span) }
            let commit = try context.commit(
                of: target.model, following: driver, deployment: deployment, what: "release \(number)'s model")
            return try context.follow(
                driver, to: commit, deployment: deployment, because: .rollback(to: number))
        }
        return DeploymentChanged(
            try context.change(deployment, other: toSpan) { current throws(ServingError) in
                try DeploymentPolicy.rollback(current, to: to, source: source)
            })
    }
}
