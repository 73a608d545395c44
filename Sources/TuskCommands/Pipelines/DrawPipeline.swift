import TuskArtifacts
import TuskCore
import TuskLang
import TuskPipelines

/// `draw pipeline`: the DAG as text, data repos on the left, each pipeline under what it reads.
package struct DrawPipeline: TuskCommand {
    static let svg = Option<DataArgument>("svg", value: "FILE", "also write the graph as an SVG picture", writes: true)

    package static let declaration = CommandDeclaration(
        "draw pipeline", "Draw the pipelines as a graph: which repos feed which pipelines.",
        options: [svg],
        examples: ["draw pipeline", "draw pipeline --svg dag.svg"])

    let svg: DataArgument?

    package init(_ call: Invocation) throws(Diagnostic) {
        svg = try call[Self.svg]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> PipelineGraph {
        let records: [PipelineRecord]
        do { records = try context.pipelines.records() } catch { throw Diagnose.pipeline(error, at: nil) }
        let names = Set(records.map(\.spec.name.rawValue))
        var graph = PipelineGraph(
            nodes: records.map { record in
                PipelineGraph.Node(
                    pipeline: record.spec.name.rawValue,
                    inputs: record.spec.input.leaves.map { "\($0.repo)@\($0.branch):\($0.glob)" },
                    fromPipelines: record.spec.input.leaves.map(\.repo.rawValue).filter(names.contains),
                    step: record.spec.command.first ?? "")
            })
        if let svg {
            graph.svg = try context.write(
                Array(graph.picture.file.utf8), to: svg, provenance: [], message: "pipeline graph")
        }
        return graph
    }
}

package struct PipelineGraph: CommandOutput {
    package struct Node: Codable, Sendable {
        package let pipeline: String
        package let inputs: [String]
        /// The inputs that are other pipelines' outputs.
        package let fromPipelines: [String]
        package let step: String

        package init(pipeline: String, inputs: [String], fromPipelines: [String], step: String) {
            self.pipeline = pipeline
            self.inputs = inputs
            self.fromPipelines = fromPipelines
            self.step = step
        }
    }

    package let nodes: [Node]
    /// Where `--svg` wrote the picture.
    package var svg: WriteReceipt?

    package init(nodes: [Node], svg: WriteReceipt? = nil) {
        self.nodes = nodes
        self.svg = svg
    }

    package func render(_ text: inout TextOutput) {
        defer { if let svg { text.line(ReceiptText.line(svg)) } }
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
