import Foundation
import TuskArtifacts
import TuskCore
import TuskLang
import TuskPipelines
import TuskStore

/// Runs a pipeline step's command line as a tusk command, in process, against `/pfs` mounts:
/// the same words a Pachyderm container would run.
///
/// A step that writes no file (an `evaluate`, an `audit`) saves its result as JSON in
/// `/pfs/out/result.json`, so reports are outputs like models.
struct CommandStepRunner: StepRunner {
    let store: Store
    let files: LocalFiles
    let seed: Int

    func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
        let source = SourceText(name: "<step>", text: CommandLineText.join(command))
        do throws(Diagnostic) {
            guard let parsed = try CommandSet.parse(source.text) else {
                throw Diagnostic("the step has no command", help: "transform.cmd: [tusk, train, ...]")
            }
            if type(of: parsed.command).declaration.words.first == "create"
                || type(of: parsed.command).declaration.words.first == "delete"
            {
                throw Diagnostic("a step cannot change the store's repos, branches or pipelines")
            }
            let context = CommandContext(
                workspace: Workspace(store: store, files: files, mounts: mounts), seed: seed)
            let output = try parsed.command.runErased(context)
            if mounts.outputs.isEmpty {
                let json = JSONOutput.lines(output).joined(separator: "\n") + "\n"
                mounts.write(.bytes(Array(json.utf8)), to: RepoPath.root.appending("result.json"))
            }
            return output.textLines()
        } catch {
            throw StepFailure(lines: DiagnosticRenderer.full(error, in: source))
        }
    }
}
