import Foundation
import TuskArtifacts
import TuskCore
import TuskML
import TuskONNX
import TuskPipelines
import TuskServing
import TuskStore

/// What a store holds, as the distributed engines it models run it: a Pachyderm 2 spec per
/// pipeline, Seldon Core 2 resources per deployment, the models they serve, the data the
/// pipelines start from, a Dockerfile for the tusk image the steps run in, and a README with the
/// commands that bring it up.
///
/// ``files()`` plans every file without writing anything; ``write(_:to:)`` writes them. The same
/// store gives the same bytes on every run: keys are sorted, nothing records a time or a path of
/// this machine, and every path is relative to the output directory.
///
///     let export = ClusterExport(store: store, options: .init(image: "registry.example/tusk:1"))
///     let files = try export.files()       // pipelines/…, seldon/…, models/…, data/…, Dockerfile, README.md
///     try export.write(files, to: "k8s")
package struct ClusterExport: Sendable {
    package struct Options: Sendable, Equatable {
        /// The image every pipeline step runs in (`transform.image`).
        package var image: String
        /// Where the `models/` folders are uploaded; each `Model`'s `storageUri` is under it.
        package var storage: String

        /// A bucket that does not exist, so a manifest applied before `--storage` is set fails to
        /// load rather than reading someone else's bucket.
        package static let placeholderStorage = "gs://BUCKET/tusk-models"

        /// A registry that does not exist (and a name docker refuses, being in capitals), so the
        /// README's `docker push` cannot go to Docker Hub's `library/tusk` by mistake.
        package static let placeholderImage = "REGISTRY/tusk:TAG"

        /// The namespace Seldon Core 2 runs in (its docs' `seldon-mesh`).
        package let seldonNamespace = "seldon-mesh"
        /// The namespace Pachyderm's pipelines run in, where the deploy step's service account lives.
        package let pachydermNamespace = "default"

        package init(image: String = Options.placeholderImage, storage: String = Options.placeholderStorage) {
            self.image = image
            self.storage = storage
        }

        /// The image deploy steps run in: the Dockerfile's `deploy` stage, `tusk` with `kubectl` and
        /// `rclone`, named after ``image``: `REGISTRY/tusk-deploy:TAG` for `REGISTRY/tusk:TAG`.
        package var deployImage: String {
            let slash = image.lastIndex(of: "/").map { image.index(after: $0) } ?? image.startIndex
            let end = image[slash...].firstIndex { $0 == ":" || $0 == "@" } ?? image.endIndex
            return String(image[..<end]) + "-deploy" + String(image[end...])
        }

        /// ``storage`` without a trailing `/`.
        package var trimmedStorage: String { storage.hasSuffix("/") ? String(storage.dropLast()) : storage }

        /// ``storage`` as an rclone remote made on the fly (no config file): `:gcs:BUCKET/PATH`
        /// (credentials from the pod's Application Default Credentials) or
        /// `:s3,provider=AWS,env_auth=true:BUCKET/PATH`; nil for any other scheme.
        package var rcloneStorage: String? {
            let storage = trimmedStorage
            if storage.hasPrefix("gs://") { return ":gcs:" + storage.dropFirst(5) }
            if storage.hasPrefix("s3://") { return ":s3,provider=AWS,env_auth=true:" + storage.dropFirst(5) }
            return nil
        }
    }

    let store: Store
    let options: Options

    package init(store: Store, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    /// Every file of the export, in the order the README brings them up.
    package func files() throws(ClusterExportError) -> [ExportedFile] {
        let records: [PipelineRecord]
        let deployments: [Deployment]
        do {
            records = try PipelineEngine(store: store, runner: NoSteps()).records()
            deployments = try DeploymentRegistry(store: store).all().sorted { $0.name < $1.name }
        } catch {
            throw .store(error)
        }
        try Self.checkNames(records)
        var claims = KubernetesNameClaims()
        for record in records {
            try claims.claim(
                "ReplicationController", KubernetesNameClaims.pachydermWorkers(record.spec.name.rawValue) + "-v1",
                by: "pipeline '\(record.spec.name)'")
        }
        let deploys = records.compactMap { record -> String? in
            if case .deploy = PachydermPipeline.Step(record.spec) { return record.spec.name.rawValue }
            return nil
        }
        if !deploys.isEmpty, options.rcloneStorage == nil {
            throw ClusterExportError(
                .unsupported,
                "the deploy step\(deploys.count == 1 ? "" : "s") \(deploys.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "upload\(deploys.count == 1 ? "s" : "") models to gs:// or s3:// only, not '\(options.storage)'",
                help: "export with --storage gs://BUCKET/PATH or s3://BUCKET/PATH")
        }
        let pipelines = records.map { record in
            let spec = record.spec
            return ExportedFile(
                path: "pipelines/\(spec.name).json",
                content: .text(PachydermPipeline(spec, options: options).json),
                summary: "pipeline \(spec.name): \(Self.describe(spec)), reads \(Self.describe(spec.input))")
        }
        let data = try sourceData(records)
        let (seldon, models) = try serving(deployments, claims: &claims)
        let rbac =
            deploys.isEmpty
            ? []
            : [
                ExportedFile(
                    path: "rbac/\(ClusterRBAC.serviceAccount).yaml",
                    content: .text(ClusterRBAC.yaml(options, deploys: deploys)),
                    summary: "ServiceAccount, Role and RoleBinding \(ClusterRBAC.serviceAccount): the deploy steps "
                        + "may apply Models and Experiments in \(options.seldonNamespace)")
            ]
        let readme = ClusterReadme(
            options: options, pipelines: records.map(\.spec), data: data,
            branches: try pipelineBranches(records), seldon: seldon.map(\.path), models: models.map(\.path))
        return [
            ExportedFile(
                path: "Dockerfile", content: .text(ClusterDockerfile.text),
                summary: "the tusk image the steps run in (\(options.image))"
                    + (deploys.isEmpty ? "" : ", and the deploy steps' (\(options.deployImage))")),
            ExportedFile(
                path: "Dockerfile.dockerignore", content: .text(ClusterDockerfile.ignore),
                summary: "what docker leaves out of the build context (BuildKit reads it beside the Dockerfile)"),
            ExportedFile(path: "README.md", content: .text(readme.text), summary: "the commands that bring it up"),
        ] + data.flatMap(\.files) + pipelines + rbac + models + seldon
    }

    /// Writes `files` under `directory` (created if missing); each file is written beside its
    /// place, then renamed, so a file is either the old one or the new one, whole.
    package func write(_ files: [ExportedFile], to directory: String) throws(ClusterExportError) {
        try Self.writeFiles(files, to: directory, store: store)
    }

    /// Writes `files` under `directory`; a file copied from the store needs `store`.
    static func writeFiles(_ files: [ExportedFile], to directory: String, store: Store?) throws(ClusterExportError) {
        let manager = FileManager.default
        for file in files {
            let target = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(
                ".\(target.lastPathComponent).tusk-export")
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                switch file.content {
                case .text(let text):
                    try Data(text.utf8).write(to: temporary)
                case .bytes(let bytes):
                    try Data(bytes).write(to: temporary)
                case .stored(let repo, let commit, let path):
                    guard let store else {
                        throw ClusterExportError(.store, "no store to copy \(repo)@\(commit.short):\(path) from")
                    }
                    guard manager.createFile(atPath: temporary.path, contents: nil) else {
                        throw CocoaError(.fileWriteUnknown)
                    }
                    let handle = try FileHandle(forWritingTo: temporary)
                    defer { try? handle.close() }
                    do { try store.readFile(repo, commit, path, to: handle) } catch {
                        try? manager.removeItem(at: temporary)
                        throw ClusterExportError.store(error)
                    }
                }
                // rename(2) replaces an existing file in one step.
                guard rename(temporary.path, target.path) == 0 else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
                }
            } catch let error as ClusterExportError {
                throw error
            } catch {
                try? manager.removeItem(at: temporary)
                throw .io(target.path, error)
            }
        }
    }

    // MARK: - Pipelines

    /// Pachyderm refuses names tusk accepts (with `.`); say so before writing anything.
    static func checkNames(_ records: [PipelineRecord]) throws(ClusterExportError) {
        for record in records {
            for name in [record.spec.name] + record.spec.input.leaves.map(\.repo)
            where !PachydermPipeline.isValidName(name.rawValue) {
                throw ClusterExportError(
                    .badName, "'\(name)' (in pipeline \(record.spec.name)) is not a name Pachyderm accepts",
                    help: "Pachyderm names hold letters, digits, '_' and '-' only, up to 63")
            }
        }
    }

    static func describe(_ input: PipelineSpec.Input) -> String {
        switch input {
        case .pfs(let pfs): "\(pfs.repo)@\(pfs.branch):\(pfs.glob)"
        case .cross(let inputs): "cross(" + inputs.map(describe).joined(separator: ", ") + ")"
        case .union(let inputs): "union(" + inputs.map(describe).joined(separator: ", ") + ")"
        }
    }

    static func describe(_ spec: PipelineSpec) -> String {
        switch PachydermPipeline.Step(spec) {
        case .command: spec.stdin.isEmpty ? "tusk \(spec.command.first ?? "")" : "tusk reading a script (stdin)"
        case .result: "tusk \(spec.command.first ?? "") saving its result as /pfs/out/result.json"
        case .collect: "tusk collect"
        case .deploy(let deployment):
            "deploy step releasing into \(deployment): uploads the model, applies its Seldon Model"
        }
    }

    /// The files at the head of every branch the pipelines read from repos no pipeline writes.
    func sourceData(_ records: [PipelineRecord]) throws(ClusterExportError) -> [ClusterReadme.SourceBranch] {
        let outputs = Set(records.map(\.spec.name))
        var seen = Set<String>()
        var branches: [ClusterReadme.SourceBranch] = []
        for pfs in records.flatMap(\.spec.input.leaves) where !outputs.contains(pfs.repo) {
            guard seen.insert("\(pfs.repo)@\(pfs.branch)").inserted else { continue }
            do {
                let head = try store.listBranches(pfs.repo).first { $0.name == pfs.branch }?.head
                let files =
                    try head.map { commit throws(StoreError) in
                        try store.files(pfs.repo, commit).filter { $0.kind == .file }.map { file in
                            ExportedFile(
                                path: "data/\(pfs.repo)/\(pfs.branch)\(file.path)",
                                content: .stored(repo: pfs.repo, commit: commit, path: file.path),
                                summary:
                                    "\(pfs.repo)@\(pfs.branch):\(file.path) (commit \(commit.short), \(file.size) B)")
                        }
                    } ?? []
                branches.append(.init(repo: pfs.repo, branch: pfs.branch, files: files))
            } catch {
                throw .store(error)
            }
        }
        return branches.sorted { ($0.repo, $0.branch) < ($1.repo, $1.branch) }
    }

    /// Branches other than `master` of the pipelines' own repos that pipelines read (a deploy
    /// pipeline's `production`): Pachyderm needs them created before the pipeline that reads them.
    func pipelineBranches(_ records: [PipelineRecord]) throws(ClusterExportError) -> [ClusterReadme.Branch] {
        let outputs = Set(records.map(\.spec.name))
        var seen = Set<String>()
        var branches: [ClusterReadme.Branch] = []
        for record in records {
            for pfs in record.spec.input.leaves where outputs.contains(pfs.repo) && pfs.branch != .master {
                guard seen.insert("\(pfs.repo)@\(pfs.branch)").inserted else { continue }
                let heads: [BranchName: CommitID?]
                do {
                    heads = Dictionary(
                        try store.listBranches(pfs.repo).map { ($0.name, $0.head) }, uniquingKeysWith: { a, _ in a })
                } catch {
                    throw .store(error)
                }
                let head = heads[pfs.branch] ?? nil
                branches.append(
                    .init(
                        repo: pfs.repo, branch: pfs.branch, before: record.spec.name,
                        atMaster: head != nil && head == heads[.master] ?? nil, head: head))
            }
        }
        return branches
    }

    // MARK: - Serving

    /// The Seldon files, one per deployment with a release, and the models they serve.
    func serving(_ deployments: [Deployment], claims: inout KubernetesNameClaims) throws(ClusterExportError) -> (
        seldon: [ExportedFile], models: [ExportedFile]
    ) {
        var seldon: [ExportedFile] = []
        var models: [String: ExportedFile] = [:]
        for deployment in deployments {
            guard let resources = SeldonResources(deployment, storage: options.storage) else { continue }
            for predictor in resources.release.predictors {
                let source =
                    predictor.role == .live
                    ? "deployment '\(deployment.name)'" : "deployment '\(deployment.name)' \(predictor.name)"
                try claims.claim("Model", resources.modelName(predictor), by: source)
                let folder = SeldonResources.folder(predictor.model)
                // Triton's model name is its folder's, one per model repository.
                try claims.claim(
                    "Triton model", folder,
                    by: "model \(predictor.model.full)")
            }
            if resources.experimentName != nil {
                try claims.claim("Experiment", resources.experimentName ?? "", by: "deployment '\(deployment.name)'")
            }
            let experiment = !resources.canaries.isEmpty || !resources.shadows.isEmpty
            let count = resources.release.predictors.count
            seldon.append(
                ExportedFile(
                    path: "seldon/\(resources.name).yaml", content: .text(resources.yaml),
                    summary: "deployment \(deployment.name), release \(resources.release.number): "
                        + "\(count) Model\(count == 1 ? "" : "s")\(experiment ? ", 1 Experiment" : "")"))
            for predictor in resources.release.predictors {
                let folder = SeldonResources.folder(predictor.model)
                let path = "models/\(folder)/model.json"
                let served = "\(deployment.name) \(predictor.name)"
                if let known = models[path] {
                    models[path] = ExportedFile(
                        path: path, content: known.content, summary: known.summary + ", \(served)")
                    continue
                }
                let (repo, file, commit) = (predictor.model.repo, predictor.model.path, predictor.model.commit)
                models[path] = ExportedFile(
                    path: path, content: .stored(repo: repo, commit: commit, path: file),
                    summary: "model \(predictor.model), served by \(served)")
                for triton in try tritonFiles(folder: folder, repo: repo, commit: commit, path: file) {
                    models[triton.path] = triton
                }
            }
        }
        return (seldon, models.keys.sorted().compactMap { models[$0] })
    }

    /// A served model as a Triton model repository folder beside its `model.json`: the ONNX graph
    /// (`1/model.onnx`) and the `config.pbtxt` that declares its tensors.
    func tritonFiles(folder: String, repo: RepoName, commit: CommitID, path: RepoPath) throws(ClusterExportError)
        -> [ExportedFile]
    {
        let address = "\(repo)@\(commit.hex):\(path)"
        let model: TrainedModel
        let onnx: [UInt8]
        do {
            let bytes = try store.readFile(repo, commit, path)
            model = try TrainedModel.load(Data(bytes), source: address)
            onnx = try ONNXExport.model(
                model,
                provenance: ONNXProvenance(
                    source: address, commit: "\(repo)@\(commit.hex)", producerVersion: TuskVersion.current))
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw ClusterExportError(
                .store, "the model \(address) cannot be exported as ONNX: \(error)",
                help: "retrain it with this tusk, or retire the predictor that serves it")
        }
        let triton = TritonModel(name: folder, signature: ONNXSignature(model))
        return [
            ExportedFile(
                path: "models/\(folder)/1/model.onnx", content: .bytes(onnx),
                summary: "model \(repo)@\(commit.short) as ONNX (\(model.kind.rawValue), \(onnx.count) B)"),
            ExportedFile(
                path: "models/\(folder)/config.pbtxt", content: .text(triton.config),
                summary: "Triton configuration: \(triton.signature.inputs.count) inputs, label and probabilities"),
        ]
    }
}

/// The export reads pipelines and never runs a step.
private struct NoSteps: StepRunner {
    func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
        throw StepFailure(lines: ["the export runs no step"])
    }
}
