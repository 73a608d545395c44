import TuskArtifacts
import TuskCore

/// What a pipeline step may do: its whole world is its job's inputs, read as files under
/// `/pfs/NAME`, and its output, written under `/pfs/out`. It changes no repo, branch, commit or
/// pipeline, touches no deployment and no request log, reads nothing else of the store and no
/// local file; a deploy step (`--deploy D`) keeps its one declared power, releasing to `D`.
///
/// Every command of the DSL has an entry in ``rules`` (a test walks the command table, so a new
/// command cannot be forgotten); a command without one is refused. The commands a step may run
/// read and write only through the workspace, which sees nothing but `/pfs` in a step; the router
/// and store gates in `CommandContext` hold the same rule for what they reach.
///
/// Why not run steps on a copy of the store: a step then could still read other repos and local
/// files, and its writes would vanish silently rather than be refused where they are written.
enum StepSandbox {
    enum Rule: Equatable {
        /// Reads its inputs under /pfs and writes under /pfs/out.
        case runs
        /// `release`: only in a deploy pipeline, only to its deployment.
        case deploys
        /// Never in a step: what it would touch, and what to do instead.
        case refused(touches: String, instead: String)
    }

    static let storeWrite = "it changes the store"
    static let storeRead = "it reads the store beyond the job's inputs"
    static let serving = "it touches a deployment or the request log"
    static let pipelines = "it reads or changes pipelines and jobs"
    static let session = "it changes the session or writes local files"
    static let writeOut = "write the file under /pfs/out/: the job commits it to the pipeline's repo"
    static let readPFS = "read the input as a file under /pfs/NAME/, e.g. describe /pfs/NAME/train.csv"

    /// Every command by name.
    static let rules: [String: Rule] = [
        // The data side: a step's reads are its /pfs files, its writes its /pfs/out files.
        "create repo": .refused(touches: storeWrite, instead: writeOut),
        "delete repo": .refused(touches: storeWrite, instead: writeOut),
        "create branch": .refused(touches: storeWrite, instead: writeOut),
        "put file": .refused(touches: storeWrite, instead: writeOut),
        "start commit": .refused(touches: storeWrite, instead: writeOut),
        "finish commit": .refused(touches: storeWrite, instead: writeOut),
        "list repo": .refused(touches: storeRead, instead: readPFS),
        "inspect repo": .refused(touches: storeRead, instead: readPFS),
        "list branch": .refused(touches: storeRead, instead: readPFS),
        "get file": .refused(touches: storeRead, instead: readPFS),
        "list file": .refused(touches: storeRead, instead: readPFS),
        "glob file": .refused(touches: storeRead, instead: "the input's glob says which files each datum sees"),
        "diff file": .refused(touches: storeRead, instead: readPFS),
        "list commit": .refused(touches: storeRead, instead: readPFS),
        "inspect commit": .refused(touches: storeRead, instead: readPFS),
        "blame": .refused(touches: storeRead, instead: readPFS),
        // Pipelines: a step is run by the DAG, it does not shape it.
        "create pipeline": .refused(touches: pipelines, instead: "create pipelines outside the step"),
        "update pipeline": .refused(touches: pipelines, instead: "update pipelines outside the step"),
        "delete pipeline": .refused(touches: pipelines, instead: "delete pipelines outside the step"),
        "rerun pipeline": .refused(touches: pipelines, instead: "rerun pipelines outside the step"),
        "list pipeline": .refused(touches: pipelines, instead: readPFS),
        "inspect pipeline": .refused(touches: pipelines, instead: readPFS),
        "list job": .refused(touches: pipelines, instead: readPFS),
        "inspect job": .refused(touches: pipelines, instead: readPFS),
        "logs": .refused(touches: pipelines, instead: readPFS),
        "draw pipeline": .refused(touches: pipelines, instead: readPFS),
        "lineage": .refused(touches: pipelines, instead: readPFS),
        // The trainer: reads /pfs, writes /pfs/out (a deployment named instead of a model is
        // refused by the router gate).
        "describe": .runs, "train": .runs, "evaluate": .runs, "predict": .runs, "audit": .runs, "audit data": .runs,
        "explain": .runs, "outliers": .runs, "drift": .runs, "inspect model": .runs,
        // A model exported for another engine: read from /pfs, written under /pfs/out.
        "export onnx": .runs,
        // The router: only a deploy step releases, to its own deployment.
        "release": .deploys,
        "create deployment": .refused(touches: serving, instead: "create deployments outside the step"),
        "list deployment": .refused(touches: serving, instead: readPFS),
        "inspect deployment": .refused(touches: serving, instead: readPFS),
        "rollback": .refused(touches: serving, instead: "roll back outside the step"),
        "history": .refused(touches: serving, instead: readPFS),
        "canary": .refused(touches: serving, instead: "change traffic outside the step"),
        "shadow": .refused(touches: serving, instead: "change traffic outside the step"),
        "promote": .refused(touches: serving, instead: "promote outside the step"),
        "retire": .refused(touches: serving, instead: "retire outside the step"),
        "feedback": .refused(touches: serving, instead: "send feedback outside the step"),
        "monitor": .refused(touches: serving, instead: readPFS),
        "compare": .refused(touches: serving, instead: readPFS),
        "why": .refused(touches: serving, instead: readPFS),
        // The session.
        "help": .runs,
        "format": .refused(touches: session, instead: "add --format json to the step's command"),
        "save": .refused(touches: session, instead: writeOut),
        "export k8s": .refused(touches: session, instead: "export outside the step"),
    ]

    /// The rule for a command; a command missing from the table is refused.
    static func rule(for name: String) -> Rule {
        rules[name] ?? .refused(touches: "it is not known to be safe in a step", instead: "run it outside the step")
    }

    /// Throws, at the command's first word, when `name` may not run in a step of `job`.
    static func check(_ name: String, job: PFSMounts.Job?, at span: SourceSpan?) throws(Diagnostic) {
        switch rule(for: name) {
        case .runs: return
        case .deploys:
            // Which deployment it releases to, the router gate checks (CommandContext.serving).
            guard job?.deployment != nil else {
                throw Diagnostic(
                    "'\(name)' cannot run in a pipeline step: only a deploy pipeline releases a model", at: span,
                    help: "create pipeline NAME --input MODELS@BRANCH:/ --deploy DEPLOYMENT")
            }
        case .refused(let touches, let instead):
            throw Diagnostic(
                "'\(name)' cannot run in a pipeline step: \(touches); a step's world is its inputs under /pfs/NAME and its output under /pfs/out",
                at: span, help: instead)
        }
    }

    static func refusedDeployment(_ deployment: DeploymentName, declared: DeploymentName?, at span: SourceSpan?)
        -> Diagnostic
    {
        Diagnostic(
            "a pipeline step cannot touch deployment '\(deployment)': "
                + (declared.map { "this deploy step releases only to '\($0)'" }
                    ?? "a step's world is its inputs under /pfs/NAME and its output under /pfs/out"),
            at: span, help: declared == nil ? "name a model file under /pfs/NAME instead" : nil)
    }
}
