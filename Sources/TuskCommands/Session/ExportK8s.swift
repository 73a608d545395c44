import TuskCore
import TuskLang
import TuskStore

/// `export k8s [--out DIR]`: the store's pipelines and deployments, written for Pachyderm and
/// Seldon Core 2, from a prompt or a scenario (`tusk export k8s` does the same from the shell).
///
/// It writes with ``ClusterExport``, as `tusk export k8s` does; a relative directory goes where
/// the context writes its outputs (a test's scratch directory).
package struct ExportK8s: TuskCommand {
    static let out = Option<Located<String>>(
        "out", value: "DIR", "the directory to write to (default: k8s)", kind: .localPath, writes: true)
    static let image = Option<String>(
        "image", value: "REGISTRY/tusk:TAG",
        "the image the steps run in, pushed to your registry; deploy steps run REGISTRY/tusk-deploy:TAG (default: the placeholder REGISTRY/tusk:TAG)"
    )
    static let storage = Option<String>(
        "storage", value: "PREFIX",
        "where models/ is uploaded, each Model's storageUri (default: gs://BUCKET/tusk-models)")

    package static let declaration = CommandDeclaration(
        "export k8s", "Write the store's pipelines and deployments for a real Pachyderm and Seldon Core 2.",
        options: [out, image, storage],
        details: """
            Writes pipelines/NAME.json (a Pachyderm 2 spec per pipeline, as 'pachctl create pipeline -f'
            reads it), seldon/DEPLOYMENT.yaml (a Seldon Core 2 Model per predictor of the current release,
            and an Experiment for canaries and shadows), the models under models/, the data the pipelines
            start from under data/, a Dockerfile (and Dockerfile.dockerignore) and a README.md with the
            commands that bring it up. A deploy pipeline runs on the cluster: in the Dockerfile's deploy
            image, 'tusk export seldon-model', rclone (--storage is gs:// or s3://) and kubectl, under the
            ServiceAccount of rbac/tusk-deploy.yaml, allowed only Seldon's models and experiments. Two
            things the cluster would give one name are refused, naming both.
            """,
        examples: [
            "export k8s --out k8s", "export k8s --out k8s --image registry.example/tusk:1 --storage gs://bucket/tusk",
        ])

    let out: Located<String>?
    let image: String?
    let storage: String?

    package init(_ call: Invocation) throws(Diagnostic) {
        out = try call[Self.out]
        image = try call[Self.image]
        storage = try call[Self.storage]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> ClusterExported {
        try context.checkCancelled()
        let store: Store
        do { store = try context.store } catch {
            throw Diagnostic(error.message, help: Diagnose.help(for: error), category: .storeFailure)
        }
        var options = ClusterExport.Options()
        if let image { options.image = image }
        if let storage { options.storage = storage }
        let export = ClusterExport(store: store, options: options)
        let out = out?.value ?? "k8s"
        do {
            let files = try export.files()
            try export.write(files, to: context.files.outputURL(out).path)
            return ClusterExported(
                out: out, files: files.map { ClusterExported.File(path: $0.path, summary: $0.summary) })
        } catch {
            throw Diagnostic(
                error.message, at: error.kind == .io ? self.out?.span : nil, help: error.help,
                category: error.kind == .store ? .storeFailure : .input)
        }
    }
}

/// What an export wrote.
package struct ClusterExported: CommandOutput {
    package struct File: Codable, Sendable {
        package let path: String
        package let summary: String

        package init(path: String, summary: String) {
            self.path = path
            self.summary = summary
        }
    }

    package let out: String
    package let files: [File]

    package init(out: String, files: [File]) {
        self.out = out
        self.files = files
    }

    package func render(_ text: inout TextOutput) {
        let prefix = out.hasSuffix("/") ? out : out + "/"
        for file in files { text.line("wrote \(prefix)\(file.path): \(file.summary)") }
    }
}
