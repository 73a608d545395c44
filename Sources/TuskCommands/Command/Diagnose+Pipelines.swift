import TuskPipelines

extension Diagnose {
    /// The pipeline engine's help in the DSL's words: its ``PipelineError/remedy`` as the command
    /// that fixes it, or the engine's own help when it has no remedy.
    package static func help(for error: PipelineError) -> String? {
        switch error.remedy {
        case nil: return error.underlying.flatMap { help(for: $0) } ?? error.help
        case .updatePipeline?: return "change it with 'update pipeline', or pick another name"
        case .deleteDependents?: return "delete them first, or add --force to delete them too"
        case .listPipelines?: return error.help ?? "see 'list pipeline'"
        case .listJobs?: return error.help ?? "see 'list job'"
        case .specFormat?: return "see 'help create pipeline'"
        case .unsupportedField(let field)?: return refusedFields[field] ?? error.help
        }
    }

    /// The nearest tusk command for each field of Pachyderm's spec that tusk refuses with one
    /// (``SpecFields/byCommand``).
    static let refusedFields: [String: String] = [
        "egress": "copy the output out with 'get file PIPELINE@master:/PATH -o LOCAL'",
        "outputBranch": "a pipeline writes to PIPELINE@master; move another branch with 'create branch'",
        "service": "serve a released model with 'tusk serve DEPLOYMENT'",
        "spout": "add data with 'put file REPO@BRANCH:/PATH -f FILE'",
        "salt": "run a pipeline again with 'rerun pipeline NAME'",
        "datumTries": "a failed datum fails the job; run it again with 'rerun pipeline NAME'",
        "cron": "start jobs by moving a branch ('create branch R@master --head REF') or with 'rerun pipeline NAME'",
        "trigger": "move the input branch by hand: 'create branch REPO@BRANCH --head REF'",
        "errCmd": "a failed datum fails the job: see why with 'logs JOB'",
        "errStdin": "a failed datum fails the job: see why with 'logs JOB'",
        "debug": "see a job's log with 'logs JOB'",
    ]
}
