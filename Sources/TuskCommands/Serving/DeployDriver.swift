import TuskArtifacts
import TuskCore
import TuskPipelines
import TuskServing
import TuskStore

/// The deploy pipeline that drives a deployment: its step `release D /pfs/REPO …` releases
/// whatever commit lands on the branch of REPO it reads, so that branch is the one truth of what
/// the deployment serves live (the original Pachyderm and Seldon demo releases and rolls back by
/// moving it).
struct DeployDriver: Sendable, Equatable {
    let pipeline: String
    let repo: RepoName
    let branch: BranchName

    /// `models@production`.
    var branchAddress: String { "\(repo)@\(branch)" }

    /// The deployment a pipeline's step releases into, and the branch it follows; nil for any
    /// other step.
    static func of(_ spec: PipelineSpec) -> (deployment: DeploymentName, driver: DeployDriver)? {
        let command = spec.command
        guard command.count >= 3, command[0] == "release", let deployment = try? DeploymentName(command[1]),
            let (mount, _) = PFSMounts.split(command[2]),
            let leaf = spec.input.leaves.first(where: { $0.mount == mount })
        else { return nil }
        return (deployment, DeployDriver(pipeline: spec.name.rawValue, repo: leaf.repo, branch: leaf.branch))
    }
}

extension CommandContext {
    /// The deploy pipeline driving `deployment`, if one does.
    func driver(of deployment: DeploymentName) throws(Diagnostic) -> DeployDriver? {
        let records: [PipelineRecord]
        do { records = try pipelines.records() } catch { throw Diagnose.pipeline(error, at: nil) }
        return records.lazy.compactMap { DeployDriver.of($0.spec) }.first { $0.deployment == deployment }?.driver
    }

    /// A change of a branch-driven deployment's live model made the way its users make it: the
    /// driving branch moves to `commit` and the deploy pipeline releases it (or its job fails,
    /// and the deployment keeps serving what it served). When the branch is already there (a
    /// deploy job failed on it before), the deploy pipeline runs again.
    func follow(
        _ driver: DeployDriver, to commit: CommitID, deployment: DeploymentArgument, because reason: Release.Cause
    ) throws(Diagnostic) -> DeploymentChanged {
        try checkCancelled()
        let before = try serving(deployment) { engine throws(ServingError) in
            try engine.registry.named(deployment.name)
        }
        let (branch, _, previous) = try store(StoreSpans(whole: deployment.span)) { store throws(StoreError) in
            try store.createBranch(driver.repo, driver.branch, head: CommitRef(base: commit.hex))
        }
        let jobs: [JobRecord]
        do {
            jobs = previous == branch.head ? try pipelines.rerun(driver.pipeline) : try pipelines.sync()
        } catch {
            throw Diagnose.pipeline(error, at: deployment.span)
        }
        let after = try serving(deployment) { engine throws(ServingError) in
            try engine.registry.named(deployment.name)
        }
        let move = BranchUpdate(
            repo: driver.repo.rawValue, branch: driver.branch.rawValue,
            change: previous == branch.head ? .unchanged : .moved, previous: previous?.hex, head: branch.head?.hex)
        let changed = (after.current?.number ?? 0) > (before.current?.number ?? 0)
        guard after.current != nil else {
            throw Diagnose.serving(.nothingReleased(deployment.name), deployment: deployment.span)
        }
        let unchanged: Unchanged? =
            changed
            ? nil
            : .notReleased(
                release: after.current?.number ?? 0,
                failed: jobs.first { $0.pipeline == driver.pipeline && $0.state != .success })
        return DeploymentChanged(
            after, unchanged: unchanged,
            followed: BranchFollow(
                branch: driver.branchAddress, pipeline: driver.pipeline, reason: ReleaseChange(reason), move: move,
                jobs: JobsReport(jobs).jobs))
    }

    /// `failed`, `was killed`, `could not run`: what a job that made no release did.
    static func outcome(_ state: JobRecord.State) -> String {
        switch state {
        case .failure: "failed"
        case .killed: "was killed"
        case .unrunnable: "could not run"
        case .created, .running, .success: "is \(state.rawValue)"
        }
    }

    /// The commit that wrote a model the deployment serves or served, checked to be one the
    /// driving branch can point at.
    func commit(
        of model: ModelAddress, following driver: DeployDriver, deployment: DeploymentArgument, what: String
    ) throws(Diagnostic) -> CommitID {
        guard model.repo == driver.repo else {
            throw Diagnostic(
                "\(deployment.name) follows \(driver.branchAddress) (pipeline \(driver.pipeline)), and \(what) "
                    + "\(model) is not a commit of \(driver.repo)",
                at: deployment.span,
                help: "commit the model to \(driver.repo) and move the branch: "
                    + "create branch \(driver.branchAddress) --head COMMIT")
        }
        return model.commit
    }
}

/// How a branch-driven deployment was changed: its branch moved (or was already there), and the
/// jobs that started, the deploy pipeline's among them.
package struct BranchFollow: Codable, Sendable {
    /// The branch that drives the deployment, `models@production`.
    package let branch: String
    package let pipeline: String
    /// What the command asked for: `{"action": "rollback", "to_release": 1}` in JSON,
    /// `rollback to release 1` in text.
    package let reason: ReleaseChange
    package let move: BranchUpdate
    package let jobs: [JobSummary]

    func render(_ text: inout TextOutput, deployment: DeploymentName) {
        text.line(
            "\(deployment) follows \(branch) (pipeline \(pipeline)): \(reason) moves the branch to "
                + (move.head.map(CommitText.short) ?? "no commit"))
        move.render(&text)
        for job in jobs { text.line(job.line) }
    }
}
