import Foundation
import Testing
import TuskCommands
import TuskLang
import TuskRuntime
import TuskStore

/// Every command's JSON, as the project's scenarios make it print, against `docs/json.md`.
@Suite struct JSONShapeTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func shapes() throws -> JSONShapes {
        let page = try String(contentsOf: project.appendingPathComponent("docs/json.md"), encoding: .utf8)
        return try JSONShapes(markdown: page)
    }

    /// Each command's result in every scenario, as the JSON `--format json` prints.
    static func results() throws -> [(command: String, where: String, json: JSONShapes.Value)] {
        var results: [(String, String, JSONShapes.Value)] = []
        let folder = project.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
            .sorted()
        for file in files {
            let path = folder.appendingPathComponent(file).path
            let scenario = try ScenarioParser.parse(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
            let player = try ScenarioPlayer(scenario: scenario)
            let outputs = FileManager.default.temporaryDirectory.appendingPathComponent(
                "tusk-json-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: outputs) }
            for outcome in player.play(on: player.session(store: try Store.inMemory(), outputDirectory: outputs.path)) {
                guard let value = outcome.value,
                    let words = try? Lexer.words(outcome.step.command),
                    let declaration = CommandSet.parser.declaration(startingWith: words)
                else { continue }
                let text = JSONOutput.lines(value).joined(separator: "\n")
                results.append(
                    (
                        declaration.name, "\(file):\(outcome.step.line)",
                        try JSONShapes.Value.parse(text)
                    ))
            }
        }
        return results
    }

    @Test func everyCommandsJSONIsAsDocumented() throws {
        let shapes = try Self.shapes()
        let results = try Self.results()
        #expect(results.count > 200)
        for result in results {
            let problems = shapes.problems(result.json, command: result.command)
            #expect(problems.isEmpty, "\(result.where): \(problems.joined(separator: "; "))")
        }
    }

    @Test func thePageDocumentsEveryCommand() throws {
        let shapes = try Self.shapes()
        let names = CommandSet.parser.declarations.map(\.name)
        #expect(names.filter { shapes.commands[$0] == nil } == [])
        #expect(shapes.commands.keys.filter { !names.contains($0) && $0 != "jobs" && $0 != "error" }.sorted() == [])
    }

    @Test func theCheckerCatchesWhatDrifts() throws {
        let shapes = try JSONShapes(
            markdown:
                "### `x`\n\n```json-shape\nname: string\ncount: number\nitems: array\nitems[]: object\nitems[].id: string\nnote?: string|null\n```\n"
        )
        func problems(_ json: String) throws -> [String] { shapes.problems(try .parse(json), command: "x").sorted() }
        #expect(try problems(#"{"name": "a", "count": 1, "items": [{"id": "b"}]}"#).isEmpty)
        #expect(try problems(#"{"name": "a", "count": "NaN", "items": [], "note": null}"#).isEmpty)
        #expect(
            try problems(#"{"name": "a", "count": 1, "items": [], "extra": 1}"#) == ["x: 'extra' is not documented"])
        #expect(try problems(#"{"name": 1, "count": 1, "items": []}"#) == ["x: 'name' is number, documented string"])
        #expect(
            try problems(#"{"name": "a", "count": true, "items": []}"#) == ["x: 'count' is bool, documented number"])
        #expect(
            try problems(#"{"name": "a", "items": [{"id": 2}]}"#) == [
                "x: 'count' is missing", "x: 'items[].id' is number, documented string",
            ])
        #expect(shapes.problems(try .parse("{}"), command: "y") == ["'y' has no shape in docs/json.md"])
    }
}
