/// The notebook `tusk run` prints, cut into pieces that can be printed while the scenario plays:
/// the text up to a command's output, the output once the command has run, the rest at the end.
///
/// The pieces, joined, are exactly ``ScenarioPlayer/notebook(_:_:output:)``'s text for the same
/// outcomes, so printing as the steps run changes no byte of what `tusk run` prints.
///
///     var stream = NotebookStream(scenario)
///     print(stream.text(upTo: step), terminator: "")      // prose, the fence, `> command`
///     print(stream.text(of: outcome) { $0.actual ?? $0.step.expected }, terminator: "")
///     print(stream.rest(), terminator: "")
package struct NotebookStream: Sendable {
    package let scenario: Scenario
    /// The index in ``Scenario/lines`` of the first line not handed out yet.
    package private(set) var position = 0

    package init(_ scenario: Scenario) { self.scenario = scenario }

    /// The lines before `step`'s recorded output that have not been handed out yet.
    package mutating func text(upTo step: Scenario.Step) -> String {
        text(through: step.outputLines.lowerBound)
    }

    /// `outcome`'s output in place of its recording, as the notebook shows it: its recording
    /// when it did not run or its output is not checked.
    package mutating func text(of outcome: ScenarioPlayer.Outcome, output: (ScenarioPlayer.Outcome) -> [String])
        -> String
    {
        var text = self.text(upTo: outcome.step)
        let range = outcome.step.outputLines
        let lines =
            outcome.actual != nil && !outcome.step.options.ignoreOutput
            ? output(outcome) : Array(scenario.lines[range])
        text += Self.joined(lines)
        position = max(position, range.upperBound)
        return text
    }

    /// The lines up to and including `cell`'s closing fence that have not been handed out yet.
    package mutating func text(through cell: Scenario.Cell) -> String { text(through: cell.close + 1) }

    /// Everything not handed out yet.
    package mutating func rest() -> String {
        // The whole notebook of an empty file is one line end, as `notebook` writes it.
        if scenario.lines.isEmpty && position == 0 {
            position = 1
            return "\n"
        }
        return text(through: scenario.lines.count)
    }

    /// Whether anything but blank lines is left.
    package var hasMore: Bool {
        scenario.lines.dropFirst(position).contains { !$0.allSatisfy(\.isWhitespace) }
    }

    private mutating func text(through end: Int) -> String {
        let end = min(end, scenario.lines.count)
        guard position < end else { return "" }
        defer { position = end }
        return Self.joined(scenario.lines[position..<end])
    }

    private static func joined(_ lines: some Collection<String>) -> String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
