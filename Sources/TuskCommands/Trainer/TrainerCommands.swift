/// The trainer's commands: describe, train, evaluate, predict, explain, detect, audit.
package enum TrainerCommands {
    package static let all: [any TuskCommand.Type] = [
        Describe.self, Train.self, Evaluate.self, Predict.self, Audit.self, AuditData.self, Explain.self,
        Outliers.self, Drift.self, InspectModel.self, ExportONNX.self,
    ]
}
