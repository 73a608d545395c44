import Foundation
import Testing
import TuskCore
import TuskPipelines
import TuskStore

@testable import TuskCommands

/// Every command's result as JSON: valid, with the documented snake_case keys and real values.
@Suite struct JSONOutputTests {
    let directory: String
    let context: CommandContext

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-json-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // 60 rows whose label follows x and, less strongly, the group.
        var csv = "id,x,group,y\n"
        for i in 0..<60 {
            let group = i % 3 == 0 ? "a" : "b"
            let y = (i % 7 < 3) != (group == "a" && i % 5 == 0) ? "yes" : "no"
            csv += "\(i),\(Double(i % 11) + (y == "yes" ? 4 : 0)),\(group),\(y)\n"
        }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: directory + "/data.csv"))
        context = CommandContext(store: try Store.inMemory(), baseDirectory: directory)
    }

    /// Runs `line` and returns its JSON object.
    func json(_ line: String, in context: CommandContext? = nil) throws -> [String: Any] {
        let parsed = try #require(try CommandSet.parse(line))
        let output = try parsed.command.runErased(context ?? self.context)
        let text = JSONOutput.lines(output).joined(separator: "\n")
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "\(line) did not give a JSON object")
    }

    @Test func everyCommandPrintsJSON() throws {
        #expect(try json("create repo r --description \"a repo\"")["repo"] as? String == "r")
        #expect(try json("create branch r@dev")["change"] as? String == "created")
        let put = try json("put file r@master:/data.csv -f data.csv -m first")
        #expect((put["commit"] as? String)?.count == 64)
        #expect(put["bytes"] as? Int == (try Data(contentsOf: URL(fileURLWithPath: directory + "/data.csv"))).count)
        #expect(try json("start commit r@dev")["branch"] as? String == "dev")
        #expect(try json("put file r@dev:/a.csv -f data.csv")["open_commit_files"] as? Int == 1)
        #expect(try json("finish commit r@dev")["files"] as? Int == 1)
        let repos = try #require(try json("list repo")["repos"] as? [[String: Any]])
        #expect(repos.first?["name"] as? String == "r")
        #expect(repos.first?["master_size"] as? Int == put["bytes"] as? Int)
        #expect(try json("inspect repo r")["branches"] as? [String] == ["dev", "master"])
        #expect((try json("list branch r")["branches"] as? [Any])?.count == 2)
        #expect((try json("get file r@master:/data.csv")["text"] as? [String])?.count == 61)
        #expect(
            (try json("list file r@master")["entries"] as? [[String: Any]])?.first?["path"] as? String == "/data.csv")
        #expect(try json("glob file \"r@master:/*.csv\"")["pattern"] as? String == "/*.csv")
        #expect(try json("diff file r@dev:/a.csv")["kind"] as? String == "text")
        let commits = try #require(try json("list commit r")["commits"] as? [[String: Any]])
        #expect(commits.map { $0["sequence"] as? Int } == [3, 2])
        #expect(try json("inspect commit r@master")["message"] as? String == "first")
        let summary = try json("describe r@master:/data.csv --target y")
        #expect(summary["rows"] as? Int == 60)
        #expect((summary["label"] as? [String: Any])?["column"] as? String == "y")
        _ = try json("create repo models")
        let trained = try json("train logistic on r@master:/data.csv --target y --exclude id -o models@master")
        #expect(trained["kind"] as? String == "logistic")
        #expect((trained["output"] as? [String: Any])?["kind"] as? String == "committed")
        let evaluation = try json("evaluate models@master on data.csv")
        let metrics = try #require(evaluation["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == ["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"])
        #expect((metrics["roc_auc"] as? Double ?? 0) > 0.7)
        #expect(try json("predict models@master {\"x\": 9, \"group\": \"a\"}")["record"] is [String: Any])
        let batch = try json("predict models@master on data.csv -o out.csv")["batch"] as? [String: Any]
        #expect(batch?["rows"] as? Int == 60)
        #expect((try json("explain models@master {\"x\": 1}")["contributions"] as? [Any])?.count == 2)
        #expect(try json("outliers models@master on data.csv")["rows"] as? Int == 60)
        let drift = try json("drift data.csv vs data.csv --target y --exclude id")
        #expect((drift["features"] as? [[String: Any]])?.map { $0["drifted"] as? Bool } == [false, false])
        let audit = try json("audit models@master on data.csv --protected group")
        let attribute = try #require((audit["attributes"] as? [[String: Any]])?.first)
        #expect(attribute["attribute"] as? String == "group")
        #expect((attribute["fairness"] as? [String: Any])?["disparate_impact"] is Double)
        #expect(try json("audit data data.csv --target y --protected group")["rows"] as? Int == 60)
        #expect((try json("help")["commands"] as? [Any])?.count == CommandSet.all.count)
        // Pipelines: a spec, its job, lineage (the session runs jobs; here the engine does).
        let created = try json(
            "create pipeline counts --input r@master:/ --step \"describe /pfs/r/data.csv --target y\"")
        #expect(created["version"] as? Int == 1)
        let jobs = try context.pipelines.sync()
        #expect(jobs.map(\.state) == [.success])
        #expect((try json("list pipeline")["pipelines"] as? [[String: Any]])?.first?["name"] as? String == "counts")
        #expect(try json("inspect pipeline counts")["jobs"] as? Int == 1)
        let listed = try #require((try json("list job")["jobs"] as? [[String: Any]])?.first)
        #expect(listed["state"] as? String == "success")
        let id = try #require(listed["id"] as? String)
        #expect((try json("inspect job \(id.prefix(8))")["job"] as? [String: Any])?["pipeline"] as? String == "counts")
        #expect((try json("logs \(id.prefix(8))")["job"] as? [String: Any]) != nil)
        #expect((try json("draw pipeline")["nodes"] as? [Any])?.count == 1)
        let lineage = try #require(try json("lineage counts@master:/result.json")["steps"] as? [[String: Any]])
        #expect(lineage.map { $0["repo"] as? String } == ["counts", "r"])
        #expect((try json("rerun pipeline counts")["jobs"] as? [Any])?.count == 1)
        #expect((try json("create branch r@master --head master --dry-run")["plan"] as? [Any])?.count == 1)
        #expect(try json("delete pipeline counts")["pipelines"] as? [String] == ["counts"])
        var session = context
        session.session = SessionCapabilityTests.NotingSession()
        #expect(try json("format json", in: session)["format"] as? String == "json")
        #expect(try json("delete repo models")["repo"] as? String == "models")
    }

    /// A job's reason in JSON is facts named by `kind`, ids in full; its text stays the log's line.
    @Test(arguments: [
        (
            "unrunnable",
            #"{"upstreamFailed": {"job": "\#(String(repeating: "ab", count: 32))", "pipeline": "broken"}}"#,
            "upstream job abababababab of broken failed", "upstream_failed"
        ),
        (
            "failure", #"{"conflictingWrites": {"path": "/model.json"}}"#, "error: two datums wrote x",
            "conflicting_writes"
        ),
        ("killed", #"{"processEnded": {}}"#, "the process running this job ended", "process_ended"),
        ("failure", "null", "error: from an older tusk", "logged"),
    ])
    func jobReasonsAreFacts(state: String, failure: String, log: String, kind: String) throws {
        let record = try JSONDecoder().decode(
            JobRecord.self,
            from: Data(
                """
                {"id": "\(String(repeating: "cd", count: 32))", "number": 1, "pipeline": "p", "version": 1,
                 "state": "\(state)", "inputs": [], "datums": {"total": 1, "processed": 0, "skipped": 0, "failed": 1},
                 "log": ["\(log)"], "failure": \(failure)}
                """.utf8))
        let summary = JobsReport([record])
        let object =
            try JSONSerialization.jsonObject(with: Data(JSONOutput.lines(summary).joined().utf8)) as? [String: Any]
        let reason = ((object?["jobs"] as? [[String: Any]])?.first?["reason"]) as? [String: Any]
        #expect(reason?["kind"] as? String == kind)
        if kind == "upstream_failed" {
            #expect(reason?["job"] as? String == String(repeating: "ab", count: 32))
            #expect(reason?["pipeline"] as? String == "broken")
        }
        if kind == "logged" { #expect(reason?["log"] as? String == log) }
        #expect(summary.textLines().first?.hasSuffix(": " + log) == true)
    }

    @Test func undefinedNumbersAreStrings() throws {
        struct Odd: CommandOutput {
            let value: Double
            func render(_ text: inout TextOutput) {}
        }
        #expect(JSONOutput.lines(Odd(value: .nan)) == ["{", "  \"value\" : \"NaN\"", "}"])
    }
}
