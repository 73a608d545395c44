/// What lets an exported deploy step apply Seldon's resources, and nothing more: a
/// ServiceAccount in Pachyderm's namespace (the deploy pipelines' `podPatch` names it), a Role
/// in Seldon's namespace over exactly `models` and `experiments` of `mlops.seldon.io`, and the
/// RoleBinding between them.
///
/// The verbs are what the step's `kubectl` uses: `apply` reads (`get`) then `create`s or
/// `patch`es; `wait` lists and watches. No `delete`: a release never removes a model.
enum ClusterRBAC {
    static let serviceAccount = "tusk-deploy"
    static let group = "mlops.seldon.io"
    static let resources = ["models", "experiments"]
    static let verbs = ["get", "list", "watch", "create", "update", "patch"]

    static func yaml(_ options: ClusterExport.Options, deploys: [String]) -> String {
        let labels: YAMLDocument.Value = .map(["app.kubernetes.io/managed-by": .string("tusk")])
        let account = YAMLDocument(
            comments: ["The identity of the deploy steps' pods (\(deploys.joined(separator: ", ")))."],
            root: .map([
                "apiVersion": .string("v1"),
                "kind": .string("ServiceAccount"),
                "metadata": .map([
                    "name": .string(serviceAccount), "namespace": .string(options.pachydermNamespace),
                    "labels": labels,
                ]),
            ]))
        let role = YAMLDocument(
            comments: ["Seldon Core 2's Models and Experiments, in its namespace: nothing else."],
            root: .map([
                "apiVersion": .string("rbac.authorization.k8s.io/v1"),
                "kind": .string("Role"),
                "metadata": .map([
                    "name": .string(serviceAccount), "namespace": .string(options.seldonNamespace), "labels": labels,
                ]),
                "rules": .list([
                    .map([
                        "apiGroups": .list([.string(group)]),
                        "resources": .list(resources.map(YAMLDocument.Value.string)),
                        "verbs": .list(verbs.map(YAMLDocument.Value.string)),
                    ])
                ]),
            ]))
        let binding = YAMLDocument(
            comments: ["The Role, granted to the ServiceAccount of Pachyderm's namespace."],
            root: .map([
                "apiVersion": .string("rbac.authorization.k8s.io/v1"),
                "kind": .string("RoleBinding"),
                "metadata": .map([
                    "name": .string(serviceAccount), "namespace": .string(options.seldonNamespace), "labels": labels,
                ]),
                "roleRef": .map([
                    "apiGroup": .string("rbac.authorization.k8s.io"), "kind": .string("Role"),
                    "name": .string(serviceAccount),
                ]),
                "subjects": .list([
                    .map([
                        "kind": .string("ServiceAccount"), "name": .string(serviceAccount),
                        "namespace": .string(options.pachydermNamespace),
                    ])
                ]),
            ]))
        return YAMLDocument.stream(
            [account, role, binding],
            header: [
                "What the exported deploy steps may do on the cluster. Written by 'tusk export k8s'.",
                "Apply with: kubectl apply -f rbac/\(serviceAccount).yaml",
            ])
    }
}
