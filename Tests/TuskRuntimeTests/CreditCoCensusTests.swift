import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskRuntime

/// The CreditCo story on the real UCI census file, with the README's command
/// (`--param census=../shared/datasets/adult/adult.data --param schema=uci-adult`).
@Suite struct CreditCoCensusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL.path
    static let adult = root + "/../shared/datasets/adult/adult.data"

    /// Every command of the story, played on a fresh store: the step and what it printed.
    static func play() throws -> [(command: String, output: [String], failed: Bool)] {
        let path = root + "/scenarios/creditco.md"
        let scenario = try ScenarioParser.parse(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
        let player = try ScenarioPlayer(
            scenario: scenario,
            overrides: ["census": "../../shared/datasets/adult/adult.data", "schema": "uci-adult"])
        return player.play(on: player.session(store: try Store.inMemory())).map {
            ($0.step.command, $0.actual ?? [], $0.error != nil)
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: adult), "needs ../shared/datasets/adult/adult.data"))
    func actFiveJudgesDriftOnTheRealRequests() throws {
        let steps = try Self.play()
        let monitor = try #require(steps.last { $0.command.hasPrefix("monitor production --since") })
        // The census model's drift reference is adult.data read as uci-adult: all its rows, every
        // feature tested against the requests.
        #expect(monitor.output.contains { $0.hasPrefix("drift from income_data@") && $0.contains("(32,561 rows): 14 features") })
        #expect(monitor.output.contains { $0.hasPrefix("drift verdict: ") })
        #expect(!monitor.output.contains { $0.contains("cannot judge") })
        // The census model is trained on all of adult.data.
        let inspected = try #require(steps.first { $0.command == "inspect deployment production" })
        #expect(inspected.output.contains { $0.contains("drift reference income_data@") && $0.hasSuffix(":/train.csv") })
    }
}

/// What a step computed, read back as the command prints it.
@Suite struct ResultTableTests {
    @Test func aStepsResultPrintsAsItsCommandPrintsIt() throws {
        // What the commands write (m.json) goes to a scratch folder, never into datasets/.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session = Session(
            store: try Store.inMemory(), baseDirectory: BranchDrivenDeploymentTests.datasets,
            outputDirectory: scratch.path)
        func run(_ line: String) -> CommandResult { session.execute(SourceText(name: "<t>", text: line)) }
        for line in [
            "create repo data", "put file data@master:/train.csv -f census.csv",
            "put file data@master:/test.csv -f census_test.csv",
            "train logistic on census.csv --target income -o m.json",
            "put file data@master:/model.json -f m.json",
            "create pipeline evaluation --input data@master:/ --step \"evaluate /pfs/data/model.json on /pfs/data/test.csv\"",
            "create pipeline audit --input data@master:/ --step \"audit /pfs/data/model.json on /pfs/data/test.csv --protected sex\"",
            "create pipeline drift --input data@master:/ --step \"drift /pfs/data/train.csv vs /pfs/data/test.csv --target income\"",
        ] {
            #expect(run(line).error == nil, "\(line)")
        }
        for (pipeline, command) in [
            ("evaluation", "evaluate m.json on census_test.csv"),
            ("audit", "audit m.json on census_test.csv --protected sex"),
            ("drift", "drift census.csv vs census_test.csv --target income"),
        ] {
            let table = run("get file \(pipeline)@master:/result.json --table").output
            let direct = run(command).output
            #expect(table.first?.hasSuffix(":/result.json, the result of '\(command.prefix { $0 != " " })':") == true)
            // The same tables; only the names of the files differ (/pfs paths in the step).
            let names = ["/pfs/data/model.json": "m.json", "/pfs/data/test.csv": "census_test.csv", "/pfs/data/train.csv": "census.csv"]
            let renamed = table.dropFirst().map { line in
                names.reduce(line) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
            }
            #expect(renamed == direct, "\(pipeline)")
        }
        // The file itself keeps every digit.
        #expect(run("get file evaluation@master:/result.json").output.contains { $0.contains("\"roc_auc\" : 0.") })
        let error = run("get file data@master:/test.csv --table").error
        #expect(error?.message == "'/test.csv' is not the result of an evaluate, audit or drift step")
    }
}
