import TuskCore
import TuskLang
import TuskPipelines
import TuskStore

/// `create branch REPO@BRANCH [--head REF]`: a new branch, or an existing one moved (deferred
/// processing: push to a side branch, then move `master` when ready).
package struct CreateBranch: TuskCommand {
    static let head = Option<Located<CommitRef>>(
        "head", value: "REF", "the commit or branch to point at (default: none)", kind: .address,
        read: { token throws(Diagnostic) in try AddressSyntax.commitRef(token.text, token.span) })
    static let dryRun = Flag("dry-run", "say which pipelines would run on which commits, and change nothing")

    package static let declaration = CommandDeclaration(
        "create branch", "Create a branch, or move an existing branch's head.",
        arguments: [.init("REPO@BRANCH", .branchAddress)],
        options: [head, dryRun],
        details: """
            Moving a branch is how deferred processing works: push data to a side branch, then
            move master to it when you are ready. REF is a branch, a commit-id prefix, or either
            followed by ^ (parent) or ^N (N-th ancestor).
            """,
        examples: ["create branch income_data@staging", "create branch income_data@master --head staging"])

    let target: BranchAddress
    let head: Located<CommitRef>?
    let dryRun: Bool

    package init(_ call: Invocation) throws(Diagnostic) {
        target = try AddressSyntax.branchAddress(call.argument(0), path: .forbidden)
        head = try call[Self.head]
        dryRun = try call[Self.dryRun]
        if dryRun, head == nil {
            throw Diagnostic(
                "--dry-run needs --head", at: call.end, help: "say where the branch would move: --head REF")
        }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> BranchUpdate {
        let spans = StoreSpans(repo: target.repo.span, branch: target.branch.span, ref: head?.span)
        if dryRun, let head {
            let commit = try context.store(spans) { store throws(StoreError) in
                try store.resolve(target.repo.value, head.value)
            }
            let planned: [PlannedJob]
            do {
                planned = try context.pipelines.plan(
                    moving: target.repo.value, branch: target.branch.value, to: commit.id)
            } catch {
                throw Diagnose.pipeline(error, at: head.span)
            }
            return BranchUpdate(
                repo: target.repo.value.rawValue, branch: target.branch.value.rawValue, change: .planned,
                previous: nil, head: commit.id.hex,
                plan: planned.map { .init(pipeline: $0.pipeline, datums: $0.datums, afterUpstream: $0.afterUpstream) })
        }
        let (branch, created, previous) = try context.store(spans) { store throws(StoreError) in
            try store.createBranch(target.repo.value, target.branch.value, head: head?.value)
        }
        let change: BranchUpdate.Change = created ? .created : previous == branch.head ? .unchanged : .moved
        return BranchUpdate(
            repo: target.repo.value.rawValue, branch: target.branch.value.rawValue, change: change,
            previous: created ? nil : previous?.hex, head: branch.head?.hex)
    }
}

package struct BranchUpdate: CommandOutput {
    package enum Change: String, Codable, Sendable { case created, moved, unchanged, planned }

    /// A job a dry run says would start.
    package struct PlannedJob: Codable, Sendable {
        package let pipeline: String
        /// Datums it would process; nil when it would run only after an upstream job.
        package let datums: Int?
        package let afterUpstream: Bool
    }

    package let repo: String
    package let branch: String
    package let change: Change
    /// The commit the branch pointed at before a move.
    package let previous: String?
    package let head: String?
    /// For a dry run: the jobs the move would start.
    package var plan: [PlannedJob]? = nil

    package func render(_ text: inout TextOutput) {
        let name = "\(repo)@\(branch)"
        let now = head.map(CommitText.short) ?? "no commit"
        switch change {
        case .created: text.line("created branch \(name)" + (head.map { " at \(CommitText.short($0))" } ?? ""))
        case .unchanged: text.line("branch \(name) already at \(now)")
        case .moved: text.line("moved \(name): \(previous.map(CommitText.short) ?? "no commit") -> \(now)")
        case .planned:
            let jobs = plan ?? []
            text.line(
                "dry run: moving \(name) to \(now) would start \(NumberFormat.plural(jobs.count, "job"))"
                    + (jobs.isEmpty ? " (no pipeline reads it)" : ":"))
            for job in jobs {
                text.line(
                    "  \(job.pipeline): "
                        + (job.datums.map { "\(NumberFormat.plural($0, "datum")) of \(repo)@\(now)" }
                            ?? "after its upstream pipelines"))
            }
            text.line("nothing was changed")
        }
    }
}

/// Commit ids as people read them: the first 12 hex digits.
enum CommitText {
    static func short(_ hex: String) -> String { String(hex.prefix(12)) }
}
