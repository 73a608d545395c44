import TuskCore
import TuskPipelines

/// The README of an export: what each file is, the commands that bring the workflow up on
/// Pachyderm and Seldon Core 2 in order, and what the export cannot do by itself.
struct ClusterReadme: Sendable {
    /// A branch of a repo no pipeline writes, with the files at its head.
    struct SourceBranch: Sendable {
        let repo: RepoName
        let branch: BranchName
        let files: [ExportedFile]
    }

    /// A branch of a pipeline's repo that another pipeline reads.
    struct Branch: Sendable {
        let repo: RepoName
        let branch: BranchName
        /// The pipeline that reads it: the branch must exist before it is created.
        let before: RepoName
        /// Whether the store has it at the same commit as `master`.
        let atMaster: Bool
        let head: CommitID?
    }

    let options: ClusterExport.Options
    let pipelines: [PipelineSpec]
    let data: [SourceBranch]
    let branches: [Branch]
    let seldon: [String]
    let models: [String]

    /// Whether a pipeline is a deploy step, which brings its own image and RBAC.
    var hasDeploys: Bool { pipelines.contains(where: Self.deploys) }

    /// More files than this on a branch are put with one recursive `put file`.
    static let filesListed = 20

    var text: String {
        var lines = [
            "# Tusk's workflow on Pachyderm and Seldon Core 2",
            "",
            "Written by `tusk export k8s` from what a tusk store holds. Every path below is relative to",
            "this folder; run the commands from here. Nothing in it names a time or a machine: the same",
            "store exports the same bytes.",
            "",
            "| path | what |",
            "|---|---|",
            "| `Dockerfile` | the images the pipeline steps run in (`transform.image`: `\(options.image)`; deploy steps `\(options.deployImage)`) |",
            "| `Dockerfile.dockerignore` | what the build leaves out of its context (BuildKit reads it beside the Dockerfile) |",
        ]
        if hasDeploys {
            lines.append(
                "| `rbac/\(ClusterRBAC.serviceAccount).yaml` | the ServiceAccount, Role and RoleBinding the deploy steps run under |"
            )
        }
        if !data.isEmpty {
            lines.append("| `data/REPO/BRANCH/…` | the files the pipelines start from, as the store holds them |")
        }
        if !pipelines.isEmpty {
            lines.append(
                "| `pipelines/NAME.json` | one Pachyderm 2 pipeline spec each (`pachctl create pipeline -f`) |")
        }
        if !models.isEmpty {
            lines.append(
                "| `models/REPO-COMMIT/` | the models the deployments serve: `model.json` as the store holds it, "
                    + "`1/model.onnx` and `config.pbtxt` for Triton |")
        }
        if !seldon.isEmpty {
            lines.append("| `seldon/DEPLOYMENT.yaml` | Seldon Core 2 `Model`s and `Experiment` of each deployment |")
        }
        lines += [
            "",
            "## 1. The image",
            "",
            "From the root of a tusk checkout (the build context is the project), tagged for a registry the",
            "cluster pulls from:",
            "",
            "```sh",
            "docker build -f EXPORT_DIR/Dockerfile --target tusk -t \(options.image) .",
            "docker push \(options.image)",
        ]
        if hasDeploys {
            lines += [
                "docker build -f EXPORT_DIR/Dockerfile --target deploy -t \(options.deployImage) .",
                "docker push \(options.deployImage)",
            ]
        }
        lines.append("```")
        if options.image == ClusterExport.Options.placeholderImage {
            lines += [
                "",
                "`\(options.image)` is a placeholder (docker refuses it): export again with",
                "`--image REGISTRY/tusk:TAG` naming your registry, so every `transform.image` is pullable.",
            ]
        }
        lines += [
            "",
            "The build works from a clean clone, with or without `Package.resolved`. Docker's default builder",
            "(BuildKit) reads `EXPORT_DIR/Dockerfile.dockerignore`, which keeps `.build` and all but",
            "`Package.swift`, `Package.resolved`, `Sources` and `Tests` out of the context; the legacy builder",
            "reads only the context's own `.dockerignore`: copy the file there to the same effect.",
        ]
        lines += bringUpPipelines()
        lines += bringUpServing()
        lines += bringUpDeploys()
        lines += notes()
        return lines.joined(separator: "\n") + "\n"
    }

    private func bringUpPipelines() -> [String] {
        guard !pipelines.isEmpty else { return [] }
        var lines = ["", "## 2. Data and pipelines", "", "```sh"]
        for source in data {
            if !lines.contains("pachctl create repo \(source.repo)") {
                lines.append("pachctl create repo \(source.repo)")
            }
            if source.files.isEmpty {
                lines.append("# \(source.repo)@\(source.branch) has no commit in the store: put its files here")
            } else if source.files.count > Self.filesListed {
                lines.append(
                    "pachctl put file -r \(source.repo)@\(source.branch):/ -f data/\(source.repo)/\(source.branch)/"
                        + "    # \(source.files.count) files")
            } else {
                for file in source.files {
                    let inner = file.path.dropFirst("data/\(source.repo)/\(source.branch)".count)
                    lines.append("pachctl put file \(source.repo)@\(source.branch):\(inner) -f \(file.path)")
                }
            }
        }
        for spec in pipelines where !Self.deploys(spec) { lines += create(spec) }
        lines.append("```")
        return lines
    }

    /// A pipeline's `pachctl create pipeline`, after the branches it reads that must exist first.
    private func create(_ spec: PipelineSpec) -> [String] {
        var lines: [String] = []
        for branch in branches where branch.before == spec.name {
            let note =
                branch.atMaster
                ? "" : "    # in the store it is at \(branch.head.map { $0.short } ?? "no commit"), not master's head"
            lines.append("pachctl create branch \(branch.repo)@\(branch.branch) --head master\(note)")
        }
        lines.append("pachctl create pipeline -f pipelines/\(spec.name).json")
        return lines
    }

    static func deploys(_ spec: PipelineSpec) -> Bool {
        if case .deploy = PachydermPipeline.Step(spec) { return true }
        return false
    }

    /// The deploy pipelines last: each releases its branch's head at once, after the store's
    /// current release (canaries, shadows, the Experiment) is applied, as its next release would.
    private func bringUpDeploys() -> [String] {
        let deploys = pipelines.filter(Self.deploys)
        guard !deploys.isEmpty else { return [] }
        var lines = [
            "", "## \(seldon.isEmpty ? 3 : 4). Deploy pipelines", "",
            "Each releases the head of its branch at once, replacing the live `Model` applied above with the",
            "one it writes for Pachyderm's commit (see Deploy steps below):", "", "```sh",
            "kubectl apply -f rbac/\(ClusterRBAC.serviceAccount).yaml    # once: what deploy steps may do",
        ]
        for spec in deploys { lines += create(spec) }
        lines.append("```")
        return lines
    }

    private func bringUpServing() -> [String] {
        guard !seldon.isEmpty else { return [] }
        var lines = [
            "", "## 3. Models and deployments", "",
            "Copy the models where Seldon reads them, then apply each deployment's resources:", "", "```sh",
        ]
        let storage = options.storage.hasSuffix("/") ? String(options.storage.dropLast()) : options.storage
        if storage.hasPrefix("gs://") {
            lines.append("gsutil -m rsync -r models \(storage)")
        } else if storage.hasPrefix("s3://") {
            lines.append("aws s3 sync models \(storage)")
        } else {
            lines.append("# copy each folder of models/ to \(storage)/")
        }
        for file in seldon { lines.append("kubectl apply -n seldon-mesh -f \(file)") }
        lines.append("```")
        if options.storage == ClusterExport.Options.placeholderStorage {
            lines += [
                "",
                "`\(storage)` is a placeholder: export again with `--storage gs://YOUR-BUCKET/PATH` (or `s3://…`)",
                "so that every `storageUri` names where the models really are.",
            ]
        }
        return lines
    }

    private func notes() -> [String] {
        var lines = [
            "", "## How tusk's steps become Pachyderm's", "",
            "- A step that writes under `/pfs/out` runs the same command line as in tusk, in the image:",
            "  `tusk train logistic on /pfs/income_data/train.csv … -o /pfs/out/model.json` reads the files",
            "  Pachyderm mounts and writes the ones it uploads.",
            "- A step that writes no file (`evaluate`, `drift`, `audit`) has its result saved by tusk as",
            "  `/pfs/out/result.json`; in a container nothing would catch what it prints, so it runs as",
            "  `sh -c \"tusk … --format json > /pfs/out/result.json\"`. `tusk create pipeline -f` reads that",
            "  form back as the tusk command.",
            "- A collector (`--collect`) runs `tusk collect`: each input file `/pfs/REPO/PATH` becomes a",
            "  symbolic link `/pfs/out/REPO/PATH`, the layout tusk's collector writes. Pachyderm uploads a",
            "  link into an input by reference, as tusk links the files without copying them.",
        ]
        let deploys = pipelines.compactMap { spec -> (RepoName, DeploymentName)? in
            if case .deploy(let deployment) = PachydermPipeline.Step(spec) { return (spec.name, deployment) }
            return nil
        }
        if !deploys.isEmpty {
            lines += [
                "", "## Deploy steps", "",
                deploys.map { "`pipelines/\($0.0).json` releases into `\($0.1)`" }.joined(separator: ", ") + ".",
                "In tusk, a deploy step's `tusk release` changes the deployment in the store. On the cluster",
                "the step does what the original Pachyderm–Seldon demo's deployment pipeline did, for each",
                "commit of its input branch (`reprocessSpec: every_job`), in the image `\(options.deployImage)`:",
                "",
                "1. `tusk export seldon-model DEPLOYMENT /pfs/REPO --commit \"$(printenv REPO_COMMIT)\" ...`",
                "   writes the model as a Triton folder (`models/REPO-COMMIT/`) and the live `Model` named after",
                "   the deployment, its `storageUri` under `$TUSK_STORAGE`, the input commit's id in its",
                "   annotations (`tusk/commit`, `tusk/model`); Pachyderm sets `REPO_COMMIT` in every container.",
                "   Both are committed to the pipeline's output repo: a record of every release.",
                "2. `rclone copy` uploads the folder to `$TUSK_RCLONE_STORAGE` (`\(options.rcloneStorage ?? "")`: an",
                "   rclone remote made on the fly, with the pod's cloud credentials: Application Default",
                "   Credentials on GCS, the AWS environment or instance role on S3).",
                "3. `kubectl apply` applies the `Model`, and `kubectl wait` waits until Seldon has loaded it: a",
                "   model that does not load fails the job, as a tusk release that fails changes nothing.",
                "",
                "The pod runs under the ServiceAccount `\(ClusterRBAC.serviceAccount)` (the spec's `podPatch`, a JSON Patch",
                "against the pod spec), which `rbac/\(ClusterRBAC.serviceAccount).yaml` lets get, list, watch, create, update and patch",
                "`models` and `experiments` of `mlops.seldon.io` in `\(options.seldonNamespace)`, and nothing else. The",
                "ServiceAccount is in Pachyderm's namespace, `\(options.pachydermNamespace)`: edit the file if Pachyderm runs",
                "elsewhere. The pod's storage sidecar runs under the same account: if your Pachyderm's workers",
                "need the permissions of its own worker account, bind them to `\(ClusterRBAC.serviceAccount)` too.",
                "",
                "A release leaves canaries and shadows where they are, as in tusk: the live `Model` keeps its",
                "name, so the `Experiment` of `seldon/…` keeps routing to it. `pachctl create pipeline -f` of a",
                "deploy spec in tusk reads it back as the tusk deploy step (`podPatch` and `transform.env` are",
                "read only in this shape).",
                "",
                "Not checked here (no cluster): that rclone reaches the bucket with the pod's credentials, and",
                "that Seldon loads the folder; `kubectl apply --dry-run=client` also needs an API server.",
            ]
        }
        if !seldon.isEmpty {
            lines += [
                "", "## Serving tusk models in Seldon Core 2", "",
                "Each `models/FOLDER` is a Triton model repository folder: `1/model.onnx`, the model's whole",
                "scoring path as ONNX (`tusk export onnx`), and `config.pbtxt`, its tensors. Each `Model`",
                "requires `onnx`, so Seldon schedules it on the Triton server it ships. A request is Open",
                "Inference V2 with one `[N, 1]` tensor per training column, FP32 for a numeric column (no",
                "missing values: Triton's JSON has no NaN) and BYTES for a categorical one (an empty string",
                "or `?` for a missing value); it answers `label` and `probabilities` (each folder's",
                "`config.pbtxt` names the class order). `tusk serve` accepts the same tensors. The folder's",
                "`model.json` is the tusk model itself, kept for the record.",
                "",
                "The live model's `Model` is named after the deployment, so clients keep one endpoint while",
                "releases change its `storageUri`. A canary is a weighted candidate of the `Experiment`, the",
                "live model getting the rest; a shadow is its `mirror`. Seldon Core 2 mirrors to one model",
                "per experiment, and a model is the default of one experiment at most: further shadows are",
                "exported as `Model`s, named in a comment, and get no traffic.",
            ]
        }
        return lines
    }
}
