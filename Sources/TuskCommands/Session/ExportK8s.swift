import TuskCore
import TuskLang

/// `export k8s [--out DIR]`: the store's pipelines and deployments, written for Pachyderm and
/// Seldon Core 2, from a prompt or a scenario (`tusk export k8s` does the same from the shell).
///
/// The command only reads its arguments: the session does the export (see `Session.export` in
/// TuskRuntime, which owns the cluster exporters), as it does `save`.
public struct ExportK8s: TuskCommand {
    static let out = Option<Located<String>>(
        "out", value: "DIR", "the directory to write to (default: k8s)", kind: .localPath, writes: true)
    static let image = Option<String>(
        "image", value: "REGISTRY/tusk:TAG",
        "the image the steps run in, pushed to your registry; deploy steps run REGISTRY/tusk-deploy:TAG (default: the placeholder REGISTRY/tusk:TAG)"
    )
    static let storage = Option<String>(
        "storage", value: "PREFIX",
        "where models/ is uploaded, each Model's storageUri (default: gs://BUCKET/tusk-models)")

    public static let declaration = CommandDeclaration(
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

    public init(_ call: Invocation) throws(Diagnostic) {
        out = try call[Self.out]
        image = try call[Self.image]
        storage = try call[Self.storage]
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> ExportRequest {
        ExportRequest(out: out?.value ?? "k8s", outSpan: out?.span, image: image, storage: storage)
    }
}

/// A request to export the store; the session carries it out and answers with ``ClusterExported``.
public struct ExportRequest: CommandOutput {
    public let out: String
    public let outSpan: SourceSpan?
    public let image: String?
    public let storage: String?

    public func render(_ text: inout TextOutput) { text.line("export k8s: nothing written (no session)") }
}

/// What an export wrote.
public struct ClusterExported: CommandOutput {
    public struct File: Codable, Sendable {
        public let path: String
        public let summary: String

        public init(path: String, summary: String) {
            self.path = path
            self.summary = summary
        }
    }

    public let out: String
    public let files: [File]

    public init(out: String, files: [File]) {
        self.out = out
        self.files = files
    }

    public func render(_ text: inout TextOutput) {
        let prefix = out.hasSuffix("/") ? out : out + "/"
        for file in files { text.line("wrote \(prefix)\(file.path): \(file.summary)") }
    }
}
