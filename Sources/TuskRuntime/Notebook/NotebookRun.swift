import TuskCommands
import TuskCore

/// A scenario after a run, as the exports read it: its prose and its cells in file order, each
/// command with the output this run printed and the pictures its result draws.
///
/// The Markdown export is the scenario with fresh outputs, the very text `tusk run` prints; the
/// HTML page and the Jupyter notebook are built from the same blocks, so all three agree.
///
///     let outcomes = player.play(on: session)
///     let run = NotebookRun(scenario, outcomes, parameters: player.parameters)
///     let page = HTMLNotebook.page(run)
package struct NotebookRun: Sendable {
    /// Prose between cells, or one ```` ```tusk ```` cell.
    package enum Block: Sendable {
        case prose([String])
        case cell(Cell)
    }

    package struct Cell: Sendable {
        package let options: Scenario.CellOptions
        /// The 1-based line of the opening fence.
        package let line: Int
        package let entries: [Entry]
    }

    /// One command of a cell and what it did.
    package struct Entry: Sendable {
        /// As written in the scenario (`${name}` parameters and all); continuation lines joined
        /// with newlines.
        package let command: String
        /// What it printed, error lines marked `! ` as in a recording; for a skipped command,
        /// its recorded output.
        package let output: [String]
        /// False for a `skip` cell's command.
        package let ran: Bool
        package let failed: Bool
        /// Pictures of its result, in order.
        package let pictures: [Picture]
        /// The typed result.
        package let value: (any CommandOutput)?
        /// Stretches of ``output`` that carry a meaning, styled by kind (``SpanStyle``); none for
        /// a recorded output that did not run, whose words are text only.
        package let spans: [Span]
    }

    package let scenario: Scenario
    package let outcomes: [ScenarioPlayer.Outcome]
    /// The parameter values the run used: the scenario's defaults overridden by `--param`.
    package let parameters: [String: String]
    package let blocks: [Block]

    package init(_ scenario: Scenario, _ outcomes: [ScenarioPlayer.Outcome], parameters: [String: String]? = nil) {
        self.scenario = scenario
        self.outcomes = outcomes
        self.parameters = parameters ?? scenario.parameters
        blocks = Self.blocks(scenario.lines, scenario.steps, outcomes)
    }

    /// The scenario with fresh outputs: what `tusk run` prints, and the Markdown export.
    package var markdown: String { ScenarioPlayer.notebook(scenario, outcomes) { $0.actual ?? $0.step.expected } }

    /// The title of the front matter, or the file's name.
    package var title: String {
        if let title = scenario.title, !title.isEmpty { return title }
        return String(scenario.path.split(separator: "/").last ?? Substring(scenario.path))
    }

    /// Cuts the file into prose and cells as the parser reads it: the front matter is left out, a
    /// fence of another language is prose, and each step belongs to the cell holding its line.
    /// Outcomes are matched to steps by line (each step has its own).
    static func blocks(_ lines: [String], _ steps: [Scenario.Step], _ outcomes: [ScenarioPlayer.Outcome]) -> [Block] {
        var blocks: [Block] = []
        var prose: [String] = []
        func flush() {
            var text = prose[...]
            while text.first?.trimmingCharacters(in: " ").isEmpty == true { text = text.dropFirst() }
            while text.last?.trimmingCharacters(in: " ").isEmpty == true { text = text.dropLast() }
            if !text.isEmpty { blocks.append(.prose(Array(text))) }
            prose = []
        }
        var index = 0
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") { index = end + 1 }
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("```") else {
                prose.append(line)
                index += 1
                continue
            }
            guard let options = (try? ScenarioParser.cellOptions(line)) ?? nil else {
                // Another language's block: prose, up to its closing fence.
                let fence = String(line.prefix { $0 == "`" })
                prose.append(line)
                index += 1
                while index < lines.count, !lines[index].hasPrefix(fence) {
                    prose.append(lines[index])
                    index += 1
                }
                if index < lines.count { prose.append(lines[index]) }
                index += 1
                continue
            }
            flush()
            let open = index + 1
            index += 1
            while index < lines.count, !lines[index].hasPrefix("```") { index += 1 }
            let inside = (open + 1)...max(open + 1, index)
            // A step with no outcome was not reached (a presenter stopped the run): its
            // recording is shown, as for a skipped one.
            let entries = steps.filter { inside.contains($0.line) }.map { step in
                let outcome = outcomes.first { $0.step.line == step.line }
                return Entry(
                    command: step.command, output: outcome?.actual ?? step.expected, ran: outcome?.actual != nil,
                    failed: outcome?.error != nil, pictures: (outcome?.value as? any Drawable)?.pictures ?? [],
                    value: outcome?.value, spans: outcome?.actual != nil ? outcome?.spans ?? [] : [])
            }
            blocks.append(.cell(Cell(options: options, line: open, entries: entries)))
            index += 1
        }
        flush()
        return blocks
    }
}
