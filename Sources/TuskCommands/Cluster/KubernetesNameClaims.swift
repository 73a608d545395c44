import Foundation

/// The names an export gives its resources on the cluster, kind by kind: a second source for
/// a name already given is refused with both sources named, before anything is written.
///
/// Tusk's names map onto the cluster's many to one (`Credit_Prod` and `credit-prod` are one
/// Kubernetes name; Pachyderm names a pipeline's workers `pipeline-NAME-v1` with `_` as `-`, in
/// lowercase), and one resource applied after another of the same name replaces it silently.
///
///     var claims = KubernetesNameClaims()
///     try claims.claim("Model", "credit-prod", by: "deployment 'credit_prod'")
///     try claims.claim("Model", "credit-prod", by: "deployment 'Credit-Prod'")   // throws
struct KubernetesNameClaims: Sendable {
    private var owners: [String: String] = [:]

    mutating func claim(_ kind: String, _ name: String, by source: String) throws(ClusterExportError) {
        let key = "\(kind)/\(name)"
        if let owner = owners[key] {
            guard owner != source else { return }
            throw ClusterExportError(
                .badName, "\(owner) and \(source) both become \(key) on the cluster",
                help: "rename one of them: Kubernetes names are lowercase, with '-' for '_'")
        }
        owners[key] = source
    }

    /// The Kubernetes name Pachyderm gives a pipeline's workers (`PipelineRcName` in its source,
    /// less the version suffix): `_` as `-`, in lowercase.
    static func pachydermWorkers(_ pipeline: String) -> String {
        "pipeline-" + pipeline.replacingOccurrences(of: "_", with: "-").lowercased()
    }
}
