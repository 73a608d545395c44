import TuskCore
import TuskLang
import TuskPipelines

/// `draw pipeline`: the DAG as text, data repos on the left, each pipeline under what it reads.
public struct DrawPipeline: TuskCommand {
    public static let declaration = CommandDeclaration(
        "draw pipeline", "Draw the pipelines as a graph: which repos feed which pipelines.",
        examples: ["draw pipeline"])

    public init(_ call: Invocation) {}

    public func run(_ context: CommandContext) throws(Diagnostic) -> PipelineGraph {
        do {
            let records = try context.pipelines.records()
            let names = Set(records.map(\.spec.name.rawValue))
            return PipelineGraph(
                nodes: records.map { record in
                    PipelineGraph.Node(
                        pipeline: record.spec.name.rawValue,
                        inputs: record.spec.input.leaves.map { "\($0.repo)@\($0.branch):\($0.glob)" },
                        fromPipelines: record.spec.input.leaves.map(\.repo.rawValue).filter(names.contains),
                        step: record.spec.command.first ?? "")
                })
        } catch {
            throw Diagnose.pipeline(error, at: nil)
        }
    }
}

public struct PipelineGraph: CommandOutput {
    public struct Node: Codable, Sendable {
        public let pipeline: String
        public let inputs: [String]
        /// The inputs that are other pipelines' outputs.
        public let fromPipelines: [String]
        public let step: String
    }

    public let nodes: [Node]

    public func render(_ text: inout TextOutput) {
        guard !nodes.isEmpty else { return text.line("no pipelines yet") }
        // Depth: data repos are 0, a pipeline one more than its deepest input.
        var depth: [String: Int] = [:]
        for node in nodes { depth[node.pipeline] = (node.fromPipelines.compactMap { depth[$0] }.max() ?? 0) + 1 }
        for node in nodes {
            let indent = String(repeating: "    ", count: (depth[node.pipeline] ?? 1) - 1)
            let sources = node.inputs.joined(separator: " + ")
            text.line("\(indent)\(sources) --> [\(node.pipeline): \(node.step)] --> \(node.pipeline)@master")
        }
    }
}
