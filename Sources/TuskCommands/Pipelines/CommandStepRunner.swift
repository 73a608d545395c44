import Foundation
import TuskArtifacts
import TuskCore
import TuskLang
import TuskPipelines
import TuskStore

/// Runs a pipeline step's command line as a tusk command, in process, against `/pfs` mounts:
/// the same words a Pachyderm container would run, inside the rules of ``StepSandbox``.
///
/// A one-command step that writes no file (an `evaluate`, an `audit`) saves its result as JSON
/// in `/pfs/out/result.json`, so reports are outputs like models. A `transform.stdin` script
/// does not: in a container what it prints goes nowhere, so its lines write their own files.
struct CommandStepRunner: StepRunner {
    let store: Store
    let files: LocalFiles
    let seed: Int
    /// The command's Ctrl-C flag: a step's `train` stops between trees or iterations with it.
    var cancellation: CancellationFlag? = nil

    func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
        let source = SourceText(name: "<step>", text: CommandLineText.join(command))
        do throws(Diagnostic) {
            let output = try Self.run(source, mounts: mounts, context: context(mounts))
            if mounts.outputs.isEmpty {
                let json = JSONOutput.lines(output).joined(separator: "\n") + "\n"
                mounts.write(.bytes(Array(json.utf8)), to: RepoPath.root.appending("result.json"))
            }
            return output.textLines()
        } catch {
            throw StepFailure(lines: DiagnosticRenderer.full(error, in: source), error: Self.fields(error, in: source))
        }
    }

    /// The diagnostic as the job's record keeps it.
    static func fields(_ diagnostic: Diagnostic, in source: SourceText) -> StepError {
        let span = diagnostic.span.map(source.absolute)
        return StepError(
            command: source.text, message: diagnostic.message, source: source.name, line: span?.line,
            column: span?.column, help: diagnostic.help, gates: diagnostic.gates)
    }

    func run(script: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
        var lines: [String] = []
        let context = context(mounts)
        for (index, line) in script.enumerated() {
            let source = SourceText(name: "<stdin:\(index + 1)>", text: line)
            do throws(Diagnostic) {
                lines += try Self.run(source, mounts: mounts, context: context).textLines()
            } catch {
                throw StepFailure(
                    lines: lines + DiagnosticRenderer.full(error, in: source), error: Self.fields(error, in: source))
            }
        }
        return lines
    }

    private func context(_ mounts: PFSMounts) -> CommandContext {
        var context = CommandContext(workspace: Workspace(store: store, files: files, mounts: mounts), seed: seed)
        context.cancellation = cancellation
        return context
    }

    /// Parses one command, checks the sandbox allows it, runs it.
    static func run(_ source: SourceText, mounts: PFSMounts, context: CommandContext) throws(Diagnostic)
        -> any CommandOutput
    {
        guard let parsed = try CommandSet.parse(source.text) else {
            throw Diagnostic("the step has no command", help: "transform.cmd: [tusk, train, ...]")
        }
        try StepSandbox.check(parsed, job: mounts.job, text: source.text)
        return try parsed.command.runErased(context)
    }
}

extension StepSandbox {
    /// Refuses a parsed command a step may not run, at its first word.
    static func check(_ parsed: ParsedCommand, job: PFSMounts.Job?, text: String) throws(Diagnostic) {
        let name = type(of: parsed.command).declaration.name
        let indent = text.prefix { $0 == " " || $0 == "\t" }.count
        try check(name, job: job, at: SourceSpan(line: 1, column: indent + 1, length: name.count))
        // Known before it runs: the deployment a command would reach (the router gate holds the
        // same rule when it runs).
        if let deployment = deployment(of: parsed.command), deployment.name != job?.deployment {
            throw refusedDeployment(deployment.name, declared: job?.deployment, at: deployment.span)
        }
    }

    /// The deployment a command names: `predict D`, `explain D`, `release D`.
    static func deployment(of command: any TuskCommand) -> DeploymentArgument? {
        switch command {
        case let predict as Predict: predict.requests?.deployment
        case let explain as Explain: explain.served?.deployment ?? explain.live
        case let release as ReleaseModel: release.deployment
        default: nil
        }
    }

    /// Whether `text` (one command) may run as a step: nil when it parses and the sandbox allows
    /// it, else why not. `create pipeline` asks this of every command a step would run.
    static func problem(_ text: String, deployment: DeploymentName?) -> Diagnostic? {
        do throws(Diagnostic) {
            guard let parsed = try CommandSet.parse(text) else {
                return Diagnostic(
                    "the step has no command", help: "write a tusk command, e.g. train logistic on /pfs/REPO/FILE ...")
            }
            try check(parsed, job: PFSMounts.Job(pipeline: "", id: "", deployment: deployment), text: text)
            return nil
        } catch {
            return error
        }
    }
}
