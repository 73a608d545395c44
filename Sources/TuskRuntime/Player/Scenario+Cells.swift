extension Scenario {
    /// One ```` ```tusk ```` cell that holds commands: where its fences are and which steps it holds.
    package struct Cell: Sendable, Equatable {
        /// The 0-based index in ``Scenario/lines`` of the opening fence.
        package let open: Int
        /// The 0-based index in ``Scenario/lines`` of the closing fence.
        package let close: Int
        /// The indices in ``Scenario/steps`` of its commands.
        package let steps: Range<Int>
        /// Whether its commands run (the cell is not ```` ```tusk skip ````).
        package let runs: Bool
    }

    /// The cells that hold commands, in order.
    ///
    /// Derived from the lines the parser read: a line opening with three backticks closes a cell,
    /// so the fence nearest before a command opens its cell and the next one after it closes it.
    package var cells: [Cell] {
        var cells: [Cell] = []
        var index = 0
        while index < steps.count {
            let first = steps[index]
            let open = (0..<(first.line - 1)).last { lines[$0].hasPrefix("```") } ?? 0
            var end = index + 1
            while end < steps.count, fence(after: steps[end - 1]) > steps[end].line - 1 { end += 1 }
            let close = fence(after: steps[end - 1])
            cells.append(Cell(open: open, close: close, steps: index..<end, runs: !first.options.skip))
            index = end
        }
        return cells
    }

    /// The index of the fence that closes the cell holding `step` (the parser guarantees one).
    private func fence(after step: Step) -> Int {
        (step.outputLines.upperBound..<lines.count).first { lines[$0].hasPrefix("```") } ?? lines.count
    }
}
