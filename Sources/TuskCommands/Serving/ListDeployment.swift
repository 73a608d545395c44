import TuskCore
import TuskLang
import TuskServing
import TuskStore

/// `list deployment`: every deployment, what it serves and how many requests it answered.
package struct ListDeployment: TuskCommand {
    package static let declaration = CommandDeclaration(
        "list deployment", "List deployments: release, live model, canaries, shadows, requests served.",
        examples: ["list deployment"])

    package init(_ call: Invocation) {}

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentList {
        let engine = context.serving
        do {
            let store = try context.store
            return DeploymentList(
                deployments: try engine.registry.all().map { deployment in
                    let release = deployment.current
                    return DeploymentList.Item(
                        name: deployment.name, release: release?.number,
                        live: release?.live.map { AddressText($0.model) },
                        canaries: release?.predictors.filter { if case .canary = $0.role { true } else { false } }
                            .map(\.name) ?? [],
                        shadows: release?.predictors.filter { $0.role == .shadow }.map(\.name) ?? [],
                        requests: try store.loggedRequestCount(deployment: deployment.name))
                })
        } catch let error as ServingError {
            throw Diagnose.serving(error, deployment: nil)
        } catch let error as StoreError {
            throw Diagnose.store(error, StoreSpans())
        } catch {
            throw Diagnostic("\(error)", category: .internal)
        }
    }
}

package struct DeploymentList: CommandOutput {
    package struct Item: Codable, Sendable {
        package let name: DeploymentName
        package let release: Int?
        package let live: AddressText?
        package let canaries: [PredictorName]
        package let shadows: [PredictorName]
        package let requests: Int
    }

    package let deployments: [Item]

    package func render(_ text: inout TextOutput) {
        guard !deployments.isEmpty else {
            return text.line("no deployments yet; create one with 'create deployment NAME'")
        }
        var table = TextTable("NAME", "RELEASE", "REQUESTS", "CANARIES", "SHADOWS", "LIVE MODEL")
        for d in deployments {
            table.add(
                d.name.rawValue, d.release.map(String.init) ?? "-", NumberFormat.count(d.requests),
                d.canaries.isEmpty ? "-" : d.canaries.map(\.rawValue).joined(separator: ","),
                d.shadows.isEmpty ? "-" : d.shadows.map(\.rawValue).joined(separator: ","),
                d.live?.description ?? "(none)")
        }
        text.table(table)
    }
}
