import ArgumentParser
import Foundation
import TuskCommands
import TuskCore

/// `tusk export seldon-model`: the step of an exported deploy pipeline, as a Pachyderm container
/// runs it: the model of the input commit as a Triton folder, and the live Seldon `Model` that
/// serves it, annotated with the commit's id.
struct ExportSeldonModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Dispatched by TuskMain, outside the subcommand tree: the name is what usage lines print.
        commandName: "tusk export seldon-model",
        abstract: "In a Pachyderm deploy step: write a model's Triton folder and the Seldon Model that serves it.",
        discussion: """
            Writes, under --out: models/REPO-COMMIT/ (1/model.onnx, config.pbtxt and the model.json read) and \
            seldon/DEPLOYMENT.yaml, the live Seldon Core 2 Model of DEPLOYMENT: named after it (the name \
            'tusk export k8s' gives the live model, so an Experiment of canaries and shadows keeps routing \
            to it), its storageUri --storage/REPO-COMMIT, and the commit in its annotations (tusk/commit, \
            tusk/model). What the deploy pipelines of 'tusk export k8s' run, before they upload models/ \
            with rclone and apply seldon/ with kubectl. MODEL is a tusk model file, or a directory holding \
            model.json; under /pfs/NAME (--pfs DIR: DIR/NAME), NAME is the repo unless --repo says otherwise.

            In a step reading income_training@production, Pachyderm sets income_training_COMMIT:
              tusk export seldon-model production /pfs/income_training
                --commit "$income_training_COMMIT" --storage gs://bucket/tusk-models -o /pfs/out
            """)

    @Argument(help: ArgumentHelp("The tusk deployment the model is released to.", valueName: "DEPLOYMENT"))
    var deployment: String

    @Argument(help: ArgumentHelp("The model file, or a directory holding model.json.", valueName: "MODEL"))
    var model: String

    @Option(
        help: ArgumentHelp("The id of the commit the model was read from (Pachyderm's REPO_COMMIT).", valueName: "ID"))
    var commit: String

    @Option(help: ArgumentHelp("The model's repo (default: NAME of /pfs/NAME/…).", valueName: "NAME"))
    var repo: String?

    @Option(help: ArgumentHelp("Where models/ is uploaded: each storageUri's prefix.", valueName: "PREFIX"))
    var storage: String

    @Option(name: [.short, .long], help: ArgumentHelp("The directory to write to.", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Pachyderm's mount directory.", valueName: "DIR"))
    var pfs = "/pfs"

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory) else {
            throw CLIFailure(["error: no model at '\(model)'", "help: name a tusk model file (model.json)"], .usage)
        }
        let file = isDirectory.boolValue ? (model.hasSuffix("/") ? model : model + "/") + "model.json" : model
        // The repo and the path inside it: /pfs/NAME/PATH.
        let root = pfs.hasSuffix("/") ? pfs : pfs + "/"
        let parts = file.hasPrefix(root) ? file.dropFirst(root.count).split(separator: "/", maxSplits: 1) : []
        guard let repo = repo ?? parts.first.map(String.init) else {
            throw CLIFailure(
                [
                    "error: '\(model)' is not under \(root)NAME: which repo is it from?",
                    "help: name it with --repo NAME",
                ],
                .usage)
        }
        let path = parts.count == 2 ? "/" + parts[1] : "/" + (file as NSString).lastPathComponent
        guard let bytes = FileManager.default.contents(atPath: file) else {
            throw CLIFailure(["error: cannot read '\(file)'", "help: name a tusk model file (model.json)"], .usage)
        }
        let name: DeploymentName
        do { name = try DeploymentName(deployment) } catch {
            throw CLIFailure(
                ["error: \(error.message)", "help: name the deployment the model is released to"], .dslError)
        }
        let export = SeldonModelExport(deployment: name, repo: repo, commit: commit, path: path, storage: storage)
        do {
            let files = try export.files(model: Array(bytes))
            try SeldonModelExport.write(files, to: out)
            let prefix = out.hasSuffix("/") ? out : out + "/"
            Terminal.print(files.map { "wrote \(prefix)\($0.path): \($0.summary)" })
        } catch {
            throw CLIFailure(
                ["error: " + error.message] + (error.help.map { ["help: " + $0] } ?? []),
                error.kind == .io ? .usage : .dslError)
        }
    }
}
