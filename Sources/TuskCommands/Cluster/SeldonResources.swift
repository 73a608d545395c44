import TuskServing

/// A deployment's current release as Seldon Core 2 resources: one `Model` per predictor (live,
/// canaries, shadows) and, when the live model shares traffic, an `Experiment`.
///
/// The live model's `Model` is named after the deployment, so clients keep calling the same
/// endpoint while releases change what it serves (its `storageUri`); canaries and shadows are
/// `DEPLOYMENT-canary-N` and `DEPLOYMENT-shadow-N`, the predictors' names in tusk. The
/// `Experiment` makes the live model its `default`, gives it `100 - canaries` percent among the
/// `candidates`, and mirrors every request to a shadow. Seldon Core 2 mirrors to one model per
/// experiment, and a model is the default of one experiment at most, so a second shadow is
/// exported as a `Model` and named in a comment, but gets no traffic.
struct SeldonResources: Sendable {
    static let apiVersion = "mlops.seldon.io/v1alpha1"
    /// What a Seldon `Server` must offer to load the model: the stock Triton server loads each
    /// `models/FOLDER` as a Triton model repository folder (`config.pbtxt`, `1/model.onnx`).
    static let requirements = ["onnx"]

    let deployment: Deployment
    let release: Release
    /// Where model folders are uploaded: `gs://bucket/tusk-models`.
    let storage: String
    /// The deployment's name as Kubernetes accepts it.
    let name: String

    init?(_ deployment: Deployment, storage: String) {
        guard let release = deployment.current, release.live != nil else { return nil }
        self.deployment = deployment
        self.release = release
        self.storage = storage.hasSuffix("/") ? String(storage.dropLast()) : storage
        self.name = KubernetesName.of(deployment.name.rawValue)
    }

    /// The `Model` resource name of a predictor.
    func modelName(_ predictor: Predictor) -> String {
        predictor.role == .live ? name : KubernetesName.of("\(name)-\(predictor.name)")
    }

    var canaries: [(predictor: Predictor, traffic: Int)] {
        release.predictors.compactMap { predictor in
            if case .canary(let traffic) = predictor.role { return (predictor, traffic) }
            return nil
        }
    }

    var shadows: [Predictor] { release.predictors.filter { $0.role == .shadow } }

    /// The folder a model's bytes are exported to, under `models/` and under the storage prefix:
    /// `income_training-3f2a9c1e0b7d`, with the file's path after it when it is not `/model.json`.
    static func folder(_ model: ModelAddress) -> String {
        folder(repo: model.repo.rawValue, commit: model.commit.hex, path: model.path.description)
    }

    static func folder(repo: String, commit: String, path: String) -> String {
        var folder = "\(repo)-\(commit.prefix(12))"
        if path != "/model.json" {
            let inner = path.split(separator: "/").joined(separator: "-")
            folder += "-" + (inner.hasSuffix(".json") ? String(inner.dropLast(5)) : inner)
        }
        return folder
    }

    /// The manifests, one YAML stream.
    var yaml: String {
        var documents = release.predictors.map(model)
        if let experiment { documents.append(experiment) }
        let header = [
            "Seldon Core 2 resources for the tusk deployment '\(deployment.name)', release \(release.number)"
                + " (\(Self.describe(release.cause))).",
            "Written by 'tusk export k8s'. Apply with: kubectl apply -n seldon-mesh -f seldon/\(name).yaml",
            "The models load on Seldon's stock Triton server (requirements: onnx): see README.md.",
        ]
        return YAMLDocument.stream(documents, header: header)
    }

    private func model(_ predictor: Predictor) -> YAMLDocument {
        let role: String
        switch predictor.role {
        case .live: role = ""
        case .canary(let traffic): role = " (a canary: \(traffic)% of requests)"
        case .shadow: role = " (a shadow: sees every request, its answers are never returned)"
        }
        return Self.modelDocument(
            name: modelName(predictor), deployment: name, role: Self.role(predictor.role),
            comment: "\(predictor.name): \(predictor.model)\(role)",
            annotations: [
                "tusk/model": predictor.model.full,
                "tusk/predictor": predictor.name.rawValue,
                "tusk/release": String(release.number),
            ],
            storageUri: "\(storage)/\(Self.folder(predictor.model))")
    }

    /// `live`, `canary` or `shadow`: the `tusk/role` label, which lets a deploy step tell the
    /// live model from the others.
    static func role(_ role: Predictor.Role) -> String {
        switch role {
        case .live: "live"
        case .canary: "canary"
        case .shadow: "shadow"
        }
    }

    /// A `Model` resource: the one shape the export and a deploy step (``SeldonModelExport``) write.
    static func modelDocument(
        name: String, deployment: String, role: String, comment: String, annotations: [String: String],
        storageUri: String
    ) -> YAMLDocument {
        YAMLDocument(
            comments: [comment],
            root: .map([
                "apiVersion": .string(apiVersion),
                "kind": .string("Model"),
                "metadata": .map([
                    "name": .string(name),
                    "labels": .map([
                        "app.kubernetes.io/managed-by": .string("tusk"), "tusk/deployment": .string(deployment),
                        "tusk/role": .string(role),
                    ]),
                    "annotations": .map(annotations.mapValues(YAMLDocument.Value.string)),
                ]),
                "spec": .map([
                    "storageUri": .string(storageUri),
                    "requirements": .list(requirements.map(YAMLDocument.Value.string)),
                ]),
            ]))
    }

    /// The `Experiment`'s name; nil when there is none (no canary, no shadow).
    var experimentName: String? {
        canaries.isEmpty && shadows.isEmpty ? nil : KubernetesName.of("\(name)-experiment")
    }

    /// The traffic split and the mirror; nil when the live model takes every request alone.
    private var experiment: YAMLDocument? {
        guard let live = release.live, !canaries.isEmpty || !shadows.isEmpty else { return nil }
        let liveWeight = 100 - canaries.reduce(0) { $0 + $1.traffic }
        var candidates: [YAMLDocument.Value] = [
            .map(["name": .string(modelName(live)), "weight": .int(liveWeight)])
        ]
        for (predictor, traffic) in canaries {
            candidates.append(.map(["name": .string(modelName(predictor)), "weight": .int(traffic)]))
        }
        var spec: [String: YAMLDocument.Value] = ["default": .string(modelName(live)), "candidates": .list(candidates)]
        var comments = [
            "Requests to '\(modelName(live))': \(liveWeight)% live"
                + canaries.map { ", \($0.traffic)% \($0.predictor.name)" }.joined() + "."
        ]
        if let mirror = shadows.first {
            spec["mirror"] = .map(["name": .string(modelName(mirror)), "percent": .int(100)])
            comments.append("Every request is mirrored to \(mirror.name); its answers are never returned.")
        }
        for skipped in shadows.dropFirst() {
            comments.append(
                "\(skipped.name) gets no traffic: a Seldon Core 2 Experiment mirrors to one model, and '\(modelName(live))'"
            )
            comments.append("can be the default of one Experiment only. Promote or retire a shadow to change which.")
        }
        return YAMLDocument(
            comments: comments,
            root: .map([
                "apiVersion": .string(Self.apiVersion),
                "kind": .string("Experiment"),
                "metadata": .map([
                    "name": .string(experimentName ?? ""),
                    "labels": .map(["app.kubernetes.io/managed-by": .string("tusk"), "tusk/deployment": .string(name)]),
                    "annotations": .map(["tusk/release": .string(String(release.number))]),
                ]),
                "spec": .map(spec),
            ]))
    }

    /// What made the release, in the words `history` uses.
    static func describe(_ cause: Release.Cause) -> String {
        switch cause {
        case .release(let model): "release \(model)"
        case .rollback(let number): "rollback to release \(number)"
        case .canary(let model, let traffic): "canary \(model) at \(traffic)%"
        case .shadow(let model): "shadow \(model)"
        case .promote(let predictor): "promote \(predictor)"
        case .retire(let predictor): "retire \(predictor)"
        }
    }
}
