import ArgumentParser
import Foundation
import TuskRuntime
import TuskStore

/// `tusk export k8s`: what the store holds, as Pachyderm pipeline specs and Seldon Core 2
/// resources, with the models, the data, a Dockerfile and a README that brings it all up.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the store's pipelines and deployments for Pachyderm and Seldon Core 2.",
        discussion: """
            'tusk export k8s' writes, under --out: pipelines/NAME.json (a Pachyderm 2 spec per pipeline, \
            as 'pachctl create pipeline -f' reads it), seldon/DEPLOYMENT.yaml (a Seldon Core 2 Model per \
            predictor of the current release, and an Experiment for canaries and shadows), the models \
            they serve under models/, the data the pipelines start from under data/, a Dockerfile for \
            the image the steps run in, and a README.md with the commands that bring it up. The same \
            store writes the same bytes on every run.

            Deploy pipelines run on the cluster in the image's deploy stage (--image with -deploy): \
            'tusk export seldon-model', rclone and kubectl, under the ServiceAccount of rbac/tusk-deploy.yaml, \
            which may change only Seldon's models and experiments. Two things the cluster would give one \
            name (Models, Experiments, Triton folders, pipelines' workers) are refused, naming both.

            'tusk export onnx MODEL -o FILE.onnx' writes one model as ONNX (see 'tusk help export onnx'); \
            'tusk export seldon-model' is what an exported deploy step runs (see 'tusk help export seldon-model').
            """)

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case k8s
    }

    @Argument(help: ArgumentHelp("What to export: k8s (Pachyderm and Seldon Core 2).", valueName: "TARGET"))
    var target: Target

    @Option(help: ArgumentHelp("The directory to write to.", valueName: "DIR"))
    var out = "k8s"

    @Option(name: .long, help: ArgumentHelp("The store directory.", valueName: "PATH"))
    var store = ".tusk"

    @Option(
        help: ArgumentHelp(
            "The image the pipeline steps run in, in your registry (deploy steps run NAME with -deploy: REGISTRY/tusk-deploy:TAG).",
            valueName: "REGISTRY/tusk:TAG"))
    var image = ClusterExport.Options.placeholderImage

    @Option(help: ArgumentHelp("Where the models/ folders are uploaded (each storageUri).", valueName: "PREFIX"))
    var storage = ClusterExport.Options.placeholderStorage

    func run() throws {
        // Exporting reads a store; it never creates an empty one where a path was mistyped.
        guard FileManager.default.fileExists(atPath: store + "/store.sqlite") else {
            throw CLIFailure(["error: no tusk store in '\(store)'", "help: name one with --store PATH"], .usage)
        }
        let opened: Store
        do { opened = try Store.open(directory: store) } catch {
            throw CLIFailure(error.commandLine, error.kind == .busy ? .busy : .storeFailure)
        }
        let export = ClusterExport(store: opened, options: .init(image: image, storage: storage))
        do {
            let files = try export.files()
            try export.write(files, to: out)
            let prefix = out.hasSuffix("/") ? out : out + "/"
            Terminal.print(files.map { "wrote \(prefix)\($0.path): \($0.summary)" })
        } catch {
            let status: ExitStatus =
                switch error.kind {
                case .badName, .unsupported: .dslError
                case .store: .storeFailure
                case .io: .usage
                }
            throw CLIFailure(["error: " + error.message] + (error.help.map { ["help: " + $0] } ?? []), status)
        }
    }
}
