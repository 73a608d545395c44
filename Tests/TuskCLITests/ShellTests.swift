import Foundation
import TestSupport
import Testing

/// The shell as git's and pachctl's users type it, through the real binary: global options in
/// front, `--help` on every command, read-only commands that never create a store, help that
/// fits the terminal.
@Suite(.ownThread) struct ShellTests {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-shell-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func tusk(_ arguments: String..., environment: [String: String] = [:]) throws -> Spawn.Result {
        try Spawn.tusk(arguments, in: directory, environment: environment)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: directory + "/" + name) }

    @Test func globalOptionsMayComeBeforeTheCommand() throws {
        #expect(try tusk("--store", "S", "create", "repo", "income_data").status == 0)
        let names = { (result: Spawn.Result) throws -> [String] in
            #expect(result.status == 0, "\(result.error)")
            return try (self.json(result.output)["repos"] as? [[String: Any]] ?? []).compactMap {
                $0["name"] as? String
            }
        }
        #expect(try names(tusk("--store", "S", "--format", "json", "list", "repo")) == ["income_data"])
        #expect(try names(tusk("--format=json", "--store=S", "list", "repo")) == ["income_data"])
        #expect(try names(tusk("list", "repo", "--store", "S", "--format", "json")) == ["income_data"])
        #expect(try names(tusk("--store", "S", "list", "repo", "--format", "json")) == ["income_data"])
        #expect(try tusk("--store", "S", "list", "repo").output.contains("income_data"))
        // The CLI's own subcommands take them in front too.
        try Data("list repo\n".utf8).write(to: URL(fileURLWithPath: directory + "/list.tusk"))
        #expect(try names(tusk("--store", "S", "--format", "json", "run", "list.tusk")) == ["income_data"])
        // A global option without its value is bad usage, named.
        let bad = try tusk("--store")
        #expect(bad.status == 64 && bad.error.contains("--store needs a value"))
        #expect(try tusk("--format", "yaml", "list", "repo", "--store", "S").status == 64)
    }

    /// Every command the overview lists, from `tusk help`.
    func dslCommands() throws -> [String] {
        let overview = try tusk("help").output.split(separator: "\n").drop { $0 != "Commands:" }.dropFirst()
        // A summary too long for the line continues, indented further: no command there.
        return overview.prefix { $0.hasPrefix("  ") }.filter { !$0.hasPrefix("   ") }.compactMap { line in
            line.dropFirst(2).components(separatedBy: "  ").first
        }
    }

    @Test func commandHelpAndHelpCommandPrintTheSame() throws {
        let commands = try dslCommands()
        #expect(commands.count > 40 && commands.contains("predict") && commands.contains("create repo"))
        for command in commands {
            let words = command.split(separator: " ").map(String.init)
            let asked = try Spawn.tusk(words + ["--help"], in: directory)
            let help = try Spawn.tusk(["help"] + words, in: directory)
            #expect(asked.status == 0 && help.status == 0, "\(command): \(asked.error)")
            #expect(asked.output == help.output, "\(command)")
            // `export k8s` from the shell is the CLI's `tusk export k8s`, with its help.
            #expect(
                asked.output.hasPrefix("usage: \(command)") || asked.output.contains("USAGE: tusk \(words[0])"),
                "\(command)")
            // Anything else on the line does not matter, nor does -h.
            #expect(try Spawn.tusk(words + ["x", "-h"], in: directory).output == help.output, "\(command)")
        }
        // (`serve`'s help is the server's own: ServeLauncherTests.)
        for subcommand in ["repl", "run", "test", "export", "datasets", "collect"] {
            let asked = try tusk(subcommand, "--help"), help = try tusk("help", subcommand)
            #expect(asked.status == 0 && help.status == 0, "\(subcommand)")
            #expect(asked.output == help.output && asked.output.contains("USAGE: tusk \(subcommand)"), "\(subcommand)")
        }
        // A family: the commands that start with the word.
        #expect(try tusk("create", "--help").output == (try tusk("help", "create").output))
        #expect(!exists(".tusk"))
    }

    /// Census Income rows as UCI ships them: no header, `, ` between fields.
    func uciFile(_ name: String, shift: Int) throws -> String {
        let rows = (0..<60).map { i in
            let age = 20 + (i * 7 + shift) % 50
            let sex = i % 3 == 0 ? "Female" : "Male"
            let income = (i + shift) % 4 == 0 ? ">50K" : "<=50K"
            return
                "\(age), Private, \(100000 + i * 997), Bachelors, 13, Never-married, Sales, Not-in-family, White, \(sex), 0, 0, \(30 + i % 20), United-States, \(income)"
        }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        return name
    }

    @Test func formatOptionsOnBothSidesOfVs() throws {
        let a = try uciFile("a.data", shift: 0), b = try uciFile("b.data", shift: 3)
        let both = try tusk("drift", a, "--schema", "uci-adult", "vs", b, "--schema", "uci-adult", "--format", "json")
        #expect(both.status == 0, "\(both.error)")
        let report = try json(both.output)
        #expect((report["features"] as? [Any])?.count == 14)
        #expect(report["reference_rows"] as? Int == 60 && report["rows"] as? Int == 60)
        // Each side is read as its own options say: without one, B is a CSV whose header is data.
        let one = try tusk("drift", a, "--schema", "uci-adult", "vs", b)
        #expect(one.status == 65 && one.error.contains("b.data"), "\(one.error)")
        // Twice on one side is still an error, and so is an option that describes no side.
        let twice = try tusk("drift", a, "--schema", "uci-adult", "--columns", "x", "vs", b)
        #expect(twice.status == 65)
        let target = try tusk("drift", a, "--target", "income", "vs", b, "--target", "income", "--schema", "uci-adult")
        #expect(target.status == 65 && target.error.contains("'--target' is given twice"))
    }

    @Test func aReadOnlyCommandNeverCreatesAStore() throws {
        for command in [
            ["list", "repo"], ["inspect", "repo", "r"], ["list", "commit", "r"], ["get", "file", "r@master:/x"],
            ["list", "deployment"], ["list", "pipeline"], ["history", "production"],
        ] {
            let result = try Spawn.tusk(command + ["--store", "typo"], in: directory)
            #expect(result.status == 74, "\(command)")
            #expect(result.error.hasPrefix("error: no tusk store at typo\n"), "\(command): \(result.error)")
            #expect(result.error.contains("create it with 'tusk create repo NAME'"), "\(command)")
            let here = try Spawn.tusk(command, in: directory)
            #expect(here.status == 74 && here.error.hasPrefix("error: no tusk store at .tusk\n"), "\(command)")
        }
        #expect(!exists("typo") && !exists(".tusk"))
        // Commands on local files need no store and make none.
        try Data("x,y\n1,a\n2,b\n".utf8).write(to: URL(fileURLWithPath: directory + "/d.csv"))
        #expect(try tusk("describe", "d.csv").status == 0)
        #expect(!exists(".tusk"))
        // Creating something creates the store.
        #expect(try tusk("create", "repo", "r").status == 0)
        #expect(exists(".tusk/store.sqlite"))
        #expect(try tusk("list", "repo").output.contains("r"))
    }

    @Test func helpWrapsAtTheTerminalWidthBetweenWords() throws {
        // `COLUMNS` wins; a pipe (no terminal) is 80 columns.
        for (columns, width) in [("50", 50), ("120", 120), (nil, 80)] as [(String?, Int)] {
            let environment = columns.map { ["COLUMNS": $0] } ?? [:]
            for arguments in [
                ["export", "--help"], ["run", "--help"], ["--help"], ["help", "drift"], ["predict", "--help"],
            ] {
                let lines = try Spawn.tusk(arguments, in: directory, environment: environment).output.split(
                    separator: "\n")
                // The usage line and examples are commands to copy: they do not wrap.
                let prose = lines.filter { !$0.hasPrefix("usage: ") && !$0.hasPrefix("USAGE: ") && !$0.hasPrefix("  ") }
                #expect(
                    prose.allSatisfy { $0.count <= width },
                    "\(arguments) at \(width): \(prose.filter { $0.count > width })")
            }
        }
        // Wide enough, each paragraph is one line: every line ends a sentence, none stops mid-way.
        for arguments in [["export", "--help"], ["test", "--help"], ["--help"], ["help", "drift"]] {
            let text = try Spawn.tusk(arguments, in: directory, environment: ["COLUMNS": "1000"]).output
            let paragraphs = text.components(separatedBy: "\n\n").filter {
                !$0.hasPrefix("usage") && !$0.hasPrefix("USAGE") && !$0.contains("\n  ") && !$0.hasPrefix("  ")
                    && !$0.hasPrefix("Options:") && !$0.hasPrefix("Examples:") && !$0.hasPrefix("OPTIONS:")
            }
            #expect(!paragraphs.isEmpty)
            for paragraph in paragraphs {
                let body =
                    paragraph.hasPrefix("OVERVIEW: ")
                    ? Array(paragraph.components(separatedBy: "\n").dropFirst()) : [paragraph]
                for line in body.joined(separator: "\n").split(separator: "\n") {
                    #expect(
                        line.hasSuffix(".") || line.hasSuffix(":") || line.hasSuffix(")"), "\(arguments): '\(line)'")
                }
            }
        }
    }

    /// The one line of standard error, as a JSON object.
    func errorObject(_ result: Spawn.Result) throws -> [String: Any] {
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1, "\(result.error)")
        return try json(String(lines.first ?? ""))
    }

    @Test func underFormatJSONAnErrorIsOneJSONObject() throws {
        let missing = try errorObject(try tusk("--format", "json", "list", "repo", "--store", "typo"))
        #expect(missing["error"] as? String == "no tusk store at typo")
        #expect((missing["help"] as? String)?.hasPrefix("create it with 'tusk create repo NAME'") == true)
        #expect((missing["location"] as? [String: Any])?["source"] as? String == "<command line>")
        #expect(try tusk("create", "repo", "income_data").status == 0)
        let notFound = try tusk("inspect", "repo", "incom_data", "--format", "json")
        #expect(notFound.status == 65 && notFound.output.isEmpty)
        let object = try errorObject(notFound)
        #expect(object["error"] as? String == "repo 'incom_data' not found")
        #expect(object["help"] as? String == "did you mean 'income_data'?")
        let location = try #require(object["location"] as? [String: Any])
        #expect(location["line"] as? Int == 1 && location["column"] as? Int == 14)
        // The CLI's own usage errors too, with their exit code; no help is null.
        let unknown = try tusk("--format", "json", "lst", "repo")
        #expect(unknown.status == 64)
        #expect(try errorObject(unknown)["help"] as? String == "did you mean 'tusk list'?")
        let noFile = try tusk("run", "nowhere.md", "--format", "json")
        #expect(noFile.status == 64)
        let noFileObject = try errorObject(noFile)
        #expect(noFileObject["error"] as? String == "cannot read 'nowhere.md': no such file")
        #expect(noFileObject["help"] is NSNull && noFileObject["location"] is NSNull)
        // In text, the same errors stay text.
        #expect(try tusk("inspect", "repo", "incom_data").error.hasPrefix("error: repo 'incom_data' not found\n"))
    }

    @Test func predictionsHistoryAndModelsInJSONCarryFullIdsAndFields() throws {
        let datasets = NotebookBrowserTests.project + "/datasets"
        let binary = try PseudoTerminal.tuskBinary()
        for line in [
            "create repo income_data", "put file income_data@master:/census.csv -f \(datasets)/census.csv",
            "create pipeline models --input income_data@master:/ --step \"train logistic on /pfs/income_data/census.csv --target income -o /pfs/out/model.json\"",
            "create deployment production",
            "create pipeline deploy_production --input models@production:/ --deploy production",
            "create branch models@production --head master",
        ] {
            let result = try Spawn.run("/bin/sh", ["-c", binary + " " + line], in: directory)
            #expect(result.status == 0, "\(line): \(result.error)")
        }
        let predicted = try tusk("predict", "production", "-f", datasets + "/requests_v1.csv", "--format", "json")
        #expect(predicted.status == 0, "\(predicted.error)")
        let served = try json(predicted.output)
        let answers = try #require(served["answers"] as? [[String: Any]])
        #expect(answers.count == 500 && served["requests"] as? Int == 500 && served["answers_omitted"] as? Int == 0)
        #expect(answers.first?["request_id"] as? String == "a0001")
        let fullAddress = #/^models@[0-9a-f]{64}:/model.json$/#
        #expect(answers.allSatisfy { ($0["model"] as? String)?.wholeMatch(of: fullAddress) != nil })
        #expect(answers.allSatisfy { ["<=50K", ">50K"].contains($0["decision"] as? String ?? "") })
        // The text still prints short ids, and counts rather than 500 answers.
        let text = try tusk("predict", "production", "-f", datasets + "/requests_v1.csv").output
        #expect(text.split(separator: "\n").count < 10)
        #expect(text.range(of: #"models@[0-9a-f]{12}:/model\.json"#, options: .regularExpression) != nil)

        // A second model, as a canary beside the first.
        #expect(try tusk("create", "repo", "vendor").status == 0)
        let trained = try tusk(
            "train", "logistic", "on", datasets + "/vendor.csv", "--target", "income", "-o", "vendor@master:/model.json"
        )
        #expect(trained.status == 0, "\(trained.error)")
        let canaried = try tusk("canary", "production", "vendor@master", "--traffic", "10")
        #expect(canaried.status == 0, "\(canaried.error)")
        let history = try json(try tusk("history", "production", "--format", "json").output)
        let releases = try #require(history["releases"] as? [[String: Any]])
        #expect(releases.count == 2)
        let byPipeline = try #require(releases[0]["by"] as? [String: Any])
        #expect(byPipeline["pipeline"] as? String == "deploy_production")
        #expect((byPipeline["job"] as? String)?.wholeMatch(of: #/[0-9a-f]{64}/#) != nil)
        #expect(byPipeline["command"] == nil)
        let change = try #require(releases[0]["change"] as? [String: Any])
        #expect(change["action"] as? String == "release")
        #expect((change["model"] as? String)?.wholeMatch(of: fullAddress) != nil)
        #expect((releases[0]["live"] as? String)?.wholeMatch(of: fullAddress) != nil)
        #expect(releases[1]["by"] as? [String: String] == ["command": "canary"])
        let canary = try #require(releases[1]["change"] as? [String: Any])
        #expect(canary["action"] as? String == "canary" && canary["traffic"] as? Int == 10)
        // And why: every commit and job of the chain in full.
        let why = try json(try tusk("why", "production", "a0001", "--format", "json").output)
        let chain = try #require(((why["served"] as? [[String: Any]])?.first?["chain"]) as? [[String: Any]])
        #expect(!chain.isEmpty)
        #expect(chain.allSatisfy { ($0["commit"] as? String)?.wholeMatch(of: #/[a-z_]+@[0-9a-f]{64}/#) != nil })
        #expect(chain.compactMap { $0["job"] as? String }.allSatisfy { $0.wholeMatch(of: #/[0-9a-f]{64}/#) != nil })
    }
}
