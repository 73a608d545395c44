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

    /// The scenarios played once for every test that reads their JSON.
    static let played = Result { try results() }

    @Test func everyCommandsJSONIsAsDocumented() throws {
        let shapes = try Self.shapes()
        let results = try Self.played.get()
        #expect(results.count > 200)
        for result in results {
            let problems = shapes.problems(result.json, command: result.command)
            #expect(problems.isEmpty, "\(result.where): \(problems.joined(separator: "; "))")
        }
    }

    /// Ids in JSON are full: a 12-digit hex id anywhere in a string fails, but in the sentences
    /// the page lists as words for people (an error's message, a commit's stored message, a log
    /// line, export k8s's file names and summaries).
    @Test func noShortIDs() throws {
        let results = try Self.played.get()
        var strings = 0
        for result in results {
            for (path, text) in Self.strings(in: result.json, at: "") {
                strings += 1
                let words =
                    path.hasSuffix("message") || path.hasSuffix("error") || path.hasSuffix("log[]")
                    || (result.command == "export k8s" && (path == "files[].path" || path == "files[].summary"))
                guard !words else { continue }
                let short = Self.shortIDs(in: text)
                #expect(short.isEmpty, "\(result.where): \(result.command): '\(path)' has \(short): \(text)")
            }
        }
        #expect(strings > 1000)
    }

    /// The scenarios' failed jobs and gated releases give their facts as fields: each kind of
    /// reason they meet, and the gates a release passed.
    @Test func reasonsAndGatesAreFields() throws {
        let found = try Self.played.get().flatMap { Self.strings(in: $0.json, at: "") }
        let kinds = Set(found.filter { $0.0.hasSuffix("reason.kind") }.map(\.1))
        #expect(kinds.isSuperset(of: ["step_failed", "gate_failed"]), "\(kinds.sorted())")
        #expect(found.contains { $0.0 == "gates.checks[].clause" && $0.1 == "accuracy >= 0.75" })
        #expect(found.contains { $0.0.hasSuffix("reason.gates[].clause") && $0.1 == "flip_rate(sex) <= 0.05" })
        #expect(found.contains { $0.0 == "followed.reason.action" && $0.1 == "promote" })
    }

    @Test func theScanFindsShortIDs() {
        #expect(Self.shortIDs(in: "models@3f2a9c1e0b7d:/model.json") == ["3f2a9c1e0b7d"])
        #expect(Self.shortIDs(in: "job 3f2a9c1e0b7d of income_training") == ["3f2a9c1e0b7d"])
        #expect(Self.shortIDs(in: "models@" + String(repeating: "3f2a9c1e0b7d", count: 5) + "abcd:/model.json") == [])
        #expect(Self.shortIDs(in: "flip_rate(sex) <= 0.05 and accuracy >= 0.75") == [])
    }

    /// Every string in `value` with its key path (`jobs[].reason.kind`).
    static func strings(in value: JSONShapes.Value, at path: String) -> [(String, String)] {
        switch value {
        case .string(let text): [(path, text)]
        case .array(let items): items.flatMap { strings(in: $0, at: path + "[]") }
        case .object(let object):
            object.flatMap { key, child in strings(in: child, at: path.isEmpty ? key : path + "." + key) }
        default: []
        }
    }

    /// Runs of exactly 12 lowercase hex digits standing alone (not inside a word or a longer id).
    static func shortIDs(in text: String) -> [String] {
        var found: [String] = []
        var run = ""
        var wordBefore = false
        for c in text + " " {
            if c.isHexDigit, !c.isUppercase {
                run.append(c)
            } else {
                if run.count == 12, !wordBefore, !(c.isLetter || c.isNumber || c == "_") { found.append(run) }
                wordBefore = (c.isLetter || c.isNumber || c == "_")
                run = ""
            }
        }
        return found
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
