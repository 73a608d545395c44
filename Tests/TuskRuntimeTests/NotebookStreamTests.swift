import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskRuntime

/// `tusk run` prints the notebook piece by piece as it plays; the pieces must be the notebook.
@Suite struct NotebookStreamTests {
    /// Prose, a cell of two commands (one failing where the recording expects it), a skipped
    /// cell, an example inside another fence, an ignore-output cell, a command without output,
    /// and text after the last cell.
    static let text = """
        ---
        title: Pieces
        ---
        # Pieces

        ```tusk
        > create repo a
        stale recording
        > list branch nope
        ! error: old

        ```

        Between.

        ```tusk skip
        > list repo
        kept as written
        ```

        ````md
        ```tusk
        > not run
        ```
        ````

        ```tusk ignore-output
        > list repo
        whatever was recorded
        ```
        ```tusk
        > create repo b
        > list repo
        ```
        The end.
        """

    @Test func thePiecesJoinToTheNotebookAsPlayed() throws {
        let (scenario, outcomes) = try play(Self.text)
        var stream = NotebookStream(scenario)
        var pieces = ""
        for outcome in outcomes {
            pieces += stream.text(upTo: outcome.step)
            pieces += stream.text(of: outcome) { $0.actual ?? $0.step.expected }
        }
        pieces += stream.rest()
        let notebook = ScenarioPlayer.notebook(scenario, outcomes) { $0.actual ?? $0.step.expected }
        #expect(pieces == notebook)
        #expect(pieces.contains("created repo a\n> list branch nope\n! error: repo 'nope' not found\n"))
        #expect(pieces.contains("> list repo\nkept as written\n"))
        #expect(pieces.contains("> list repo\nwhatever was recorded\n"))
        #expect(pieces.hasSuffix("```\nThe end.\n"))
    }

    @Test func cutAfterACellTheRestStillJoins() throws {
        let (scenario, outcomes) = try play(Self.text)
        let cells = scenario.cells
        var stream = NotebookStream(scenario)
        var pieces = ""
        for outcome in outcomes.prefix(2) { pieces += stream.text(of: outcome) { $0.actual ?? [] } }
        pieces += stream.text(through: cells[0])
        #expect(pieces.hasSuffix("^^^^ see 'list repo'\n\n```\n"))
        #expect(stream.hasMore)
        for outcome in outcomes.dropFirst(2) { pieces += stream.text(of: outcome) { $0.actual ?? [] } }
        pieces += stream.rest()
        #expect(pieces == ScenarioPlayer.notebook(scenario, outcomes) { $0.actual ?? [] })
        #expect(!stream.hasMore)
    }

    @Test func anEmptyFileIsOneLineEndAsTheNotebookIs() throws {
        let (scenario, outcomes) = try play("")
        var stream = NotebookStream(scenario)
        #expect(stream.rest() == ScenarioPlayer.notebook(scenario, outcomes) { $0.actual ?? [] })
    }

    @Test func cellsAreFoundFromTheirFences() throws {
        let scenario = try ScenarioParser.parse(path: "t.md", text: Self.text)
        #expect(
            scenario.cells == [
                .init(open: 5, close: 11, steps: 0..<2, runs: true),
                .init(open: 15, close: 18, steps: 2..<3, runs: false),
                .init(open: 26, close: 29, steps: 3..<4, runs: true),
                .init(open: 30, close: 33, steps: 4..<6, runs: true),
            ])
        for cell in scenario.cells {
            #expect(scenario.lines[cell.open].hasPrefix("```tusk"))
            #expect(scenario.lines[cell.close] == "```")
        }
    }

    @Test func proceedingFalseStopsBeforeTheStep() throws {
        let scenario = try ScenarioParser.parse(path: "t.md", text: Self.text)
        let player = try ScenarioPlayer(scenario: scenario)
        let session = Session(store: try Store.inMemory())
        var asked: [Int] = []
        let outcomes = player.play(on: session) { step, so in
            asked.append(so.count)
            return step.command != "create repo b"
        }
        #expect(asked == [0, 1, 2, 3, 4])
        #expect(outcomes.map(\.step.command) == ["create repo a", "list branch nope", "list repo", "list repo"])
        #expect(session.execute(SourceText(name: "<t>", text: "inspect repo b")).error != nil)
    }
}
