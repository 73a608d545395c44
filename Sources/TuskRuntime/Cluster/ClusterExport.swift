import Foundation
import TuskArtifacts
import TuskCore
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
public struct ClusterExport: Sendable {
    public struct Options: Sendable, Equatable {
        /// The image every pipeline step runs in (`transform.image`).
        public var image: String
        /// Where the `models/` folders are uploaded; each `Model`'s `storageUri` is under it.
        public var storage: String

        /// A bucket that does not exist, so a manifest applied before `--storage` is set fails to
        /// load rather than reading someone else's bucket.
        public static let placeholderStorage = "gs://BUCKET/tusk-models"

        public init(image: String = "tusk:latest", storage: String = Options.placeholderStorage) {
            self.image = image
            self.storage = storage
        }
    }

    let store: Store
    let options: Options

    public init(store: Store, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    /// Every file of the export, in the order the README brings them up.
    public func files() throws(ClusterExportError) -> [ExportedFile] {
        let records: [PipelineRecord]
        let deployments: [Deployment]
        do {
            records = try PipelineEngine(store: store, runner: NoSteps()).records()
            deployments = try DeploymentRegistry(store: store).all().sorted { $0.name < $1.name }
        } catch {
            throw .store(error)
        }
        try Self.checkNames(records)
        let pipelines = records.map { record in
            let spec = record.spec
            return ExportedFile(
                path: "pipelines/\(spec.name).json",
                content: .text(PachydermPipeline(spec, image: options.image).json),
                summary: "pipeline \(spec.name): \(Self.describe(spec)), reads \(Self.describe(spec.input))")
        }
        let data = try sourceData(records)
        let (seldon, models) = try serving(deployments)
        let readme = ClusterReadme(
            options: options, pipelines: records.map(\.spec), data: data,
            branches: try pipelineBranches(records), seldon: seldon.map(\.path), models: models.map(\.path))
        return [
            ExportedFile(
                path: "Dockerfile", content: .text(ClusterDockerfile.text),
                summary: "the tusk image the steps run in (\(options.image))"),
            ExportedFile(path: "README.md", content: .text(readme.text), summary: "the commands that bring it up"),
        ] + data.flatMap(\.files) + pipelines + models + seldon
    }

    /// Writes `files` under `directory` (created if missing); each file is written beside its
    /// place, then renamed, so a file is either the old one or the new one, whole.
    public func write(_ files: [ExportedFile], to directory: String) throws(ClusterExportError) {
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
                case .stored(let repo, let commit, let path):
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
        case .deploy(let deployment): "deploy step releasing into \(deployment) (see README.md: not runnable as is)"
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
    func serving(_ deployments: [Deployment]) throws(ClusterExportError) -> (
        seldon: [ExportedFile], models: [ExportedFile]
    ) {
        var seldon: [ExportedFile] = []
        var models: [String: ExportedFile] = [:]
        var names: [String: String] = [:]
        for deployment in deployments {
            guard let resources = SeldonResources(deployment, storage: options.storage) else { continue }
            if let other = names[resources.name] {
                throw ClusterExportError(
                    .badName,
                    "deployments '\(other)' and '\(deployment.name)' both become '\(resources.name)' in Kubernetes",
                    help: "Kubernetes names are lowercase, with '-' for '_': rename one of them")
            }
            names[resources.name] = deployment.name
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
                let repo: RepoName
                let file: RepoPath
                do {
                    repo = try RepoName(predictor.model.repo)
                    file = try RepoPath(predictor.model.path)
                } catch {
                    throw ClusterExportError(.store, "the model address '\(predictor.model)' is unreadable: \(error)")
                }
                models[path] = ExportedFile(
                    path: path, content: .stored(repo: repo, commit: CommitID(hex: predictor.model.commit), path: file),
                    summary: "model \(predictor.model), served by \(served)")
            }
        }
        return (seldon, models.keys.sorted().compactMap { models[$0] })
    }
}

/// The export reads pipelines and never runs a step.
private struct NoSteps: StepRunner {
    func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
        throw StepFailure(lines: ["the export runs no step"])
    }
}
