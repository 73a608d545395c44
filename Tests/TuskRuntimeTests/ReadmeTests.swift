import Foundation
import Testing

@testable import TuskRuntime

/// The README's excerpts are what the binary prints today: each is checked against the scenario
/// it comes from, whose outputs `tusk test` checks in turn.
@Suite struct ReadmeTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: project.appendingPathComponent(path)), as: UTF8.self)
    }

    /// The lines of the fenced block after `<!-- excerpt: NAME -->` in the README.
    static func excerpt(_ name: String) throws -> [String] {
        let lines = try text("README.md").components(separatedBy: "\n")
        let marker = try #require(lines.firstIndex(of: "<!-- excerpt: \(name) -->"), "no excerpt \(name)")
        let open = try #require(lines[marker...].firstIndex { $0.hasPrefix("```") })
        let close = try #require(lines[(open + 1)...].firstIndex { $0.hasPrefix("```") })
        return Array(lines[(open + 1)..<close])
    }

    /// "Type this at the prompt": the session is scenarios/first-steps.md, command for command and
    /// line for line, with the paths as typed from the project's folder.
    @Test func theFirstStepsAtThePromptAreTheFirstStepsScenario() throws {
        let scenario = try ScenarioParser.parse(
            path: "scenarios/first-steps.md", text: try Self.text("scenarios/first-steps.md"))
        let fromProject = { (line: String) -> String in
            var line = line
            for (name, value) in scenario.parameters {
                line = line.replacingOccurrences(of: "${\(name)}", with: value)
            }
            return line.replacingOccurrences(of: "../datasets/", with: "datasets/")
        }
        var expected: [String] = []
        for step in scenario.steps {
            expected.append("tusk> " + fromProject(step.command))
            expected += step.expected.map(fromProject)
        }
        #expect(try Self.excerpt("first-steps") == expected)
    }

    /// The CreditCo excerpt: every line, its `# annotation` aside, is in the story as recorded.
    @Test func theCreditCoExcerptIsInTheStory() throws {
        let story = Set(try Self.text("scenarios/creditco.md").components(separatedBy: "\n"))
        let lines = try Self.excerpt("creditco")
        #expect(lines.count > 10)
        for line in lines {
            var plain = line
            if let note = line.range(of: "   # ") ?? line.range(of: "  # ") {
                plain = String(line[..<note.lowerBound])
                while plain.hasSuffix(" ") { plain.removeLast() }
            }
            #expect(story.contains(plain), "README's CreditCo excerpt: '\(plain)' is not in scenarios/creditco.md")
        }
    }
}
