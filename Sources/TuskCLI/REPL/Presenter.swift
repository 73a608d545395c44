import Foundation
import TuskCore
import TuskRuntime

/// How `tusk run` prints a scenario: piece by piece as it plays (prose and a command appear
/// before the command runs, its output as soon as it has), the same bytes in the end as the whole
/// notebook printed at once. With a ``StepPause`` (`--step`, presenter mode), it waits after each
/// cell that ran, until the presenter asks for the next one or stops.
struct Presenter {
    let player: ScenarioPlayer
    /// Nil plays straight through.
    let pause: StepPause?

    /// What a presentation ran.
    struct Replay {
        let outcomes: [ScenarioPlayer.Outcome]
        /// The cell (1-based, among the cells that run) after which the presenter stopped.
        let stoppedAfter: Int?
        let cells: Int
    }

    func play(on session: Session) -> Replay {
        let scenario = player.scenario
        let cells = scenario.cells
        // Numbers among the cells that run, as the prompt counts them.
        let numbers = Dictionary(
            uniqueKeysWithValues: cells.indices.filter { cells[$0].runs }.enumerated().map { ($1, $0 + 1) })
        let output: (ScenarioPlayer.Outcome) -> [String] = { $0.actual ?? $0.step.expected }
        var stream = NotebookStream(scenario)
        var printed = 0
        var current: Int?
        var stoppedAfter: Int?

        /// Prints through the end of cell `index` and, when it ran, waits; false to stop.
        func finish(_ index: Int) -> Bool {
            guard let pause, let number = numbers[index] else { return true }
            Terminal.write(stream.text(through: cells[index]))
            guard stream.hasMore else { return true }
            let isLast = number == numbers.count
            guard pause.wait(after: number, of: numbers.count, rest: isLast) == .next else {
                stoppedAfter = number
                return false
            }
            return true
        }

        let outcomes = player.play(on: session) { step, outcomes in
            while printed < outcomes.count {
                Terminal.write(stream.text(of: outcomes[printed], output: output))
                printed += 1
            }
            let index = cells.firstIndex { $0.steps.contains(outcomes.count) }
            if let current, current != index, !finish(current) { return false }
            current = index
            Terminal.write(stream.text(upTo: step))
            return true
        }
        while printed < outcomes.count {
            Terminal.write(stream.text(of: outcomes[printed], output: output))
            printed += 1
        }
        if stoppedAfter == nil, let current { _ = finish(current) }
        if stoppedAfter == nil { Terminal.write(stream.rest()) }
        return Replay(outcomes: outcomes, stoppedAfter: stoppedAfter, cells: numbers.count)
    }
}
