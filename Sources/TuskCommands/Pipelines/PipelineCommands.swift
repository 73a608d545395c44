/// Pipelines and jobs, in Pachyderm's words.
package enum PipelineCommands {
    package static let all: [any TuskCommand.Type] = [
        CreatePipeline.self, UpdatePipeline.self, ListPipeline.self, InspectPipeline.self, DeletePipeline.self,
        ListJob.self, InspectJob.self, Logs.self, RerunPipeline.self, DrawPipeline.self, Lineage.self,
    ]
}
