/// The router's commands, in SeldonDeployment's words.
package enum ServingCommands {
    package static let all: [any TuskCommand.Type] = [
        CreateDeployment.self, ListDeployment.self, InspectDeployment.self, ReleaseModel.self, Rollback.self,
        History.self, Canary.self, Shadow.self, Promote.self, Retire.self, Feedback.self, Monitor.self,
        Compare.self, Why.self,
    ]
}
