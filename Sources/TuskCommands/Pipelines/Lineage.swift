import TuskCore
import TuskLang
import TuskPipelines
import TuskStore

/// `lineage REPO@REF[:/PATH]`: from an output back to the data — each commit, the job and pipeline
/// version that made it, and the commits that job read.
package struct Lineage: TuskCommand {
    package static let declaration = CommandDeclaration(
        "lineage", "Walk from a file or commit back to the data: commits, jobs, pipeline versions.",
        arguments: [.init("REPO@REF[:/PATH]", .address)],
        examples: ["lineage income_training@master:/model.json"])

    let address: Address

    package init(_ call: Invocation) throws(Diagnostic) { address = try AddressSyntax.address(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> LineageReport {
        let commit = try context.store(StoreSpans(address)) { store throws(StoreError) in
            try store.resolve(address.repo.value, address.refOrMaster)
        }
        do {
            return LineageReport(
                steps: try context.pipelines.lineage(
                    repo: address.repo.value, commit: commit.id, path: address.path?.value))
        } catch {
            throw Diagnose.pipeline(error, at: address.span)
        }
    }
}

package struct LineageReport: CommandOutput {
    package let steps: [LineageStep]

    package func render(_ text: inout TextOutput) {
        for step in steps {
            let indent = step.depth == 0 ? "" : String(repeating: "   ", count: step.depth - 1) + "<- "
            let what = "\(step.repo)@\(step.commit.prefix(12))" + (step.path.map { ":\($0)" } ?? "")
            let how =
                step.job.map { "job \($0.prefix(12)) of \(step.pipeline ?? "?") v\(step.version ?? 0)" }
                ?? "put by hand: \"\(step.message)\""
            text.line("\(indent)\(what)  \(how)")
        }
    }
}
