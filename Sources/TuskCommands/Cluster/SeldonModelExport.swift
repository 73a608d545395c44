import Foundation
import TuskCore
import TuskML
import TuskONNX
import TuskServing

/// What an exported deploy step writes for the model of its input commit, in a Pachyderm
/// container (`tusk export seldon-model`): the Triton folder Seldon loads and the live `Model`
/// that points at it, named after the deployment and annotated with the input commit's id, as
/// the original Pachyderm–Seldon demo's deployment pipeline stamps the commit into what it applies.
///
/// The files take the layout of `tusk export k8s` (`models/FOLDER/…`, `seldon/DEPLOYMENT.yaml`),
/// so the step uploads `models/` where `--storage` says and applies the YAML; the same `Model`
/// name as the export's live model, so the `Experiment` of canaries and shadows keeps routing
/// to it, as a tusk release keeps them.
///
///     let export = SeldonModelExport(deployment: try DeploymentName("production"), repo: "income_training",
///                                    commit: "8a1f…", path: "/model.json", storage: "gs://b/tusk")
///     let files = try export.files(model: bytes)   // models/income_training-8a1f…/…, seldon/production.yaml
package struct SeldonModelExport: Sendable {
    package let deployment: DeploymentName
    /// Pachyderm's input repo, its commit id (`$REPO_COMMIT`: Pachyderm's ids are not tusk's
    /// 64-digit ones, so not a ``ModelAddress``), and the model file's path inside the repo.
    package let repo: String
    package let commit: String
    package let path: String
    package let storage: String

    package init(deployment: DeploymentName, repo: String, commit: String, path: String, storage: String) {
        self.deployment = deployment
        self.repo = repo
        self.commit = commit
        self.path = path
        self.storage = storage.hasSuffix("/") ? String(storage.dropLast()) : storage
    }

    /// `repo@<12 digits>:/path`, as a ``ModelAddress`` shows itself.
    var shown: String { "\(repo)@\(commit.prefix(12)):\(path)" }

    /// The `Model` resource's name: the deployment's, as Kubernetes accepts it.
    package var name: String { KubernetesName.of(deployment.rawValue) }

    /// Refuses what would write a manifest the cluster rejects or a folder no one can find.
    /// (The deployment's Kubernetes name is never empty: a ``DeploymentName`` starts with a letter.)
    func check() throws(ClusterExportError) {
        guard PachydermPipeline.isValidName(repo) else {
            throw ClusterExportError(
                .badName, "'\(repo)' is not a Pachyderm repo name",
                help: "Pachyderm names hold letters, digits, '_' and '-' only, up to 63")
        }
        let hex = commit.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
        guard commit.count >= 12, hex else {
            throw ClusterExportError(
                .badName, "'\(commit)' is not a commit id",
                help: "pass the input commit's id, in a Pachyderm step \"$\(repo)_COMMIT\"")
        }
    }

    /// The files, from the model's bytes (a tusk `model.json`).
    package func files(model bytes: [UInt8]) throws(ClusterExportError) -> [ExportedFile] {
        try check()
        let address = "\(repo)@\(commit):\(path)"
        let trained: TrainedModel
        let onnx: [UInt8]
        do {
            trained = try TrainedModel.load(Data(bytes), source: address)
            onnx = try ONNXExport.model(
                trained,
                provenance: ONNXProvenance(
                    source: address, commit: "\(repo)@\(commit)", producerVersion: TuskVersion.current))
        } catch {
            throw ClusterExportError(.store, "the model \(address) cannot be exported as ONNX: \(error)")
        }
        let folder = SeldonResources.folder(repo: repo, commit: commit, path: path)
        let document = SeldonResources.modelDocument(
            name: name, deployment: name, role: SeldonResources.role(.live),
            comment: "live: \(shown) (released by the deploy step, input commit \(commit))",
            annotations: [
                "tusk/model": address, "tusk/predictor": "live", "tusk/commit": commit,
            ],
            storageUri: "\(storage)/\(folder)")
        let yaml = YAMLDocument.stream(
            [document],
            header: [
                "The live Model of the tusk deployment '\(deployment)', for the input commit \(commit).",
                "Written by 'tusk export seldon-model' in the deploy step; the step applies it.",
            ])
        let triton = TritonModel(name: folder, signature: ONNXSignature(trained))
        return [
            ExportedFile(
                path: "models/\(folder)/1/model.onnx", content: .bytes(onnx),
                summary: "model \(shown) as ONNX (\(trained.kind.rawValue), \(onnx.count) B)"),
            ExportedFile(
                path: "models/\(folder)/config.pbtxt", content: .text(triton.config),
                summary: "Triton configuration: \(triton.signature.inputs.count) inputs, label and probabilities"),
            ExportedFile(
                path: "models/\(folder)/model.json", content: .bytes(bytes), summary: "the tusk model, for the record"),
            ExportedFile(
                path: "seldon/\(name).yaml", content: .text(yaml),
                summary: "Model \(name): storageUri \(storage)/\(folder), annotated with commit \(commit)"),
        ]
    }

    /// Writes `files` under `directory`, each whole or not at all (see ``ClusterExport/write(_:to:)``).
    package static func write(_ files: [ExportedFile], to directory: String) throws(ClusterExportError) {
        try ClusterExport.writeFiles(files, to: directory, store: nil)
    }
}
