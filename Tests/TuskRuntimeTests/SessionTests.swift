import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskRuntime

@Suite struct SessionTests {
    let directory: String
    let session: Session

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-session-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: directory + "/data/v1.csv"))
        try Data([0, 1, 2, 255]).write(to: URL(fileURLWithPath: directory + "/data/blob.bin"))
        session = Session(store: try Store.inMemory(), baseDirectory: directory)
        _ = run("create repo r")
    }

    func run(_ text: String) -> CommandResult { session.execute(SourceText(name: "<test>", text: text)) }

    /// `format` is an ordinary command: it reaches the session through its context, and what
    /// follows prints in the new format (the setting itself already does).
    @Test func formatSwitchesTheSessionsFormat() {
        #expect(run("format json").output == ["{", "  \"format\" : \"json\"", "}"])
        #expect(session.format == .json)
        let json = run("list repo --format json").output
        #expect(json.first == "{")
        #expect(run("list repo").output == json)
        #expect(run("format text").output == ["results print as text from now on"])
        #expect(session.format == .text)
    }

    /// A failed `format` changes nothing.
    @Test func aRefusedFormatKeepsTheFormat() {
        #expect(run("format yaml").error != nil)
        #expect(session.format == .text)
    }

    @Test func getFileWritesALocalCopy() throws {
        #expect(run("put file r@master:/v1.csv -f data/v1.csv").succeeded)
        #expect(run("get file r@master:/v1.csv -o copy.csv").output == ["wrote copy.csv (8 B)"])
        #expect(run("get file r@master:/v1.csv -o copy.csv").output == ["replaced copy.csv (8 B)"])
        #expect(FileManager.default.contents(atPath: directory + "/copy.csv") == Data("a,b\n1,2\n".utf8))
        #expect(run("get file r@master:/v1.csv").output == ["a,b", "1,2"])
    }

    @Test func hostileTextNeverReachesTheTerminal() {
        // A commit message with ESC and BEL is stored as given and printed escaped.
        #expect(run("put file r@master:/v1.csv -f data/v1.csv -m \"evil\u{1B}[2J\u{07}\"").succeeded)
        let listed = run("list commit r").output.joined(separator: "\n")
        #expect(!listed.contains("\u{1B}") && !listed.contains("\u{07}"))
        #expect(listed.contains("evil\\u{1B}[2J\\u{7}"))
        // Names and paths refuse control characters.
        #expect(
            run("create repo \"a\u{1B}b\"").error?.message
                == "repo name 'a\\u{1B}b' contains '\\u{1B}'; use letters, digits, '_', '-' or '.'")
        #expect(
            run("put file \"r@master:/a\u{07}.csv\" -f data/v1.csv").error?.message.contains("control character")
                == true)
        // A device is not a data file, in the tool's own words.
        #expect(
            run("put file r@master:/zero -f /dev/zero").error?.message
                == "'/dev/zero' is not a regular file (a device or a pipe)")
    }

    @Test func outputsNeverLandInTheStoresDirectory() throws {
        let store = try Store.open(directory: directory + "/.tusk")
        let session = Session(store: store, baseDirectory: directory)
        #expect(session.execute(SourceText(name: "<t>", text: "create repo r")).succeeded)
        #expect(session.execute(SourceText(name: "<t>", text: "put file r@master:/v1.csv -f data/v1.csv")).succeeded)
        let result = session.execute(SourceText(name: "<t>", text: "get file r@master:/v1.csv -o .tusk/store.sqlite"))
        #expect(result.error?.message == "'.tusk/store.sqlite' is inside the store's directory")
        #expect(try Store.open(directory: directory + "/.tusk").listCommits(try RepoName("r")).count == 1)
    }

    @Test func binaryFilesAreNotPrinted() {
        #expect(run("put file r@master:/blob.bin -f data/blob.bin").succeeded)
        let result = run("get file r@master:/blob.bin")
        #expect(result.error?.message == "'/blob.bin' is binary (4 B)")
        #expect(result.error?.help == "write it to a local file with -o LOCAL")
    }

    @Test func missingLocalFilesSuggestANeighbour() {
        let result = run("put file r@master:/x -f data/v2.csv")
        #expect(result.error?.message == "local file 'data/v2.csv' not found")
        #expect(result.error?.help == "did you mean 'data/v1.csv'?")
        #expect(result.error?.span == SourceSpan(line: 1, column: 25, length: 11))
        #expect(run("put file r@master:/x -f data").error?.message == "'data' is a directory")
    }

    @Test func storeErrorsPointAtTheirWord() {
        let result = run("list file r@mastr:/x")
        #expect(result.error?.span == SourceSpan(line: 1, column: 13, length: 5))
        #expect(result.error?.help == "did you mean 'master'?")
    }

    @Test func diffAgainstTheParent() throws {
        _ = run("put file r@master:/v.csv -f data/v1.csv")
        try Data("a,b\n1,3\n".utf8).write(to: URL(fileURLWithPath: directory + "/data/v1.csv"))
        _ = run("put file r@master:/v.csv -f data/v1.csv")
        let diff = run("diff file r@master:/v.csv").output
        #expect(diff.dropFirst(2) == ["@@ -1,2 +1,2 @@", " a,b", "-1,2", "+1,3"])
        #expect(diff[0].hasPrefix("--- r@") && diff[1].hasPrefix("+++ r@"))
        #expect(run("diff file r@master:/v.csv r@master:/v.csv").output == ["no differences"])
    }

    @Test func storeOutputsNeedAPathExceptModels() throws {
        let rows = (0..<40).map { "\($0),\($0 % 3 == 0 ? "yes" : "no")" }.joined(separator: "\n")
        try Data(("x,y\n" + rows + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/data/labeled.csv"))
        #expect(run("train logistic on data/labeled.csv --target y -o r@master").succeeded)
        #expect(run("list file r@master").output.contains { $0.hasPrefix("/model.json") })
        let result = run("predict r@master on data/labeled.csv -o r@master")
        #expect(result.error?.message == "'r@master' names no file to write")
        #expect(run("predict r@master on data/labeled.csv -o r@master:/predictions.csv").succeeded)
    }

    @Test func predictionsKeepIdColumnsToJoinWithLateLabels() throws {
        var rows = "request_id,x,y\n"
        for i in 0..<40 { rows += "r\(i),\(i),\(i % 3 == 0 ? "yes" : "no")\n" }
        try Data(rows.utf8).write(to: URL(fileURLWithPath: directory + "/data/requests.csv"))
        #expect(run("train logistic on data/requests.csv --target y --exclude request_id -o m.json").succeeded)
        #expect(
            run("predict m.json on data/requests.csv -o answers.csv").output.last == "wrote answers.csv ("
                + "\(try Data(contentsOf: URL(fileURLWithPath: directory + "/answers.csv")).count) B) with request_id kept"
        )
        let answers = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/answers.csv")), as: UTF8.self)
        #expect(answers.hasPrefix("request_id,prediction,probability\nr0,"))
        #expect(run("predict m.json on data/requests.csv -o kept.csv --keep x,request_id").succeeded)
        let kept = String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/kept.csv")), as: UTF8.self)
        #expect(kept.hasPrefix("x,request_id,prediction,probability\n0,r0,"))
        let wrong = run("predict m.json on data/requests.csv -o k.csv --keep requestid")
        #expect(wrong.error?.message == "no column 'requestid' to keep in data/requests.csv")
        #expect(wrong.error?.help == "did you mean 'request_id'?")
    }

    @Test func aCommandThatStartsJobsPrintsOneJSONDocument() throws {
        #expect(run("create pipeline copy --input r@master:/ --collect").succeeded)
        let result = run("put file r@master:/v1.csv -f data/v1.csv --format json")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.joined(separator: "\n").utf8))
        let jobs = try #require((object as? [String: Any])?["jobs"] as? [[String: Any]])
        #expect(jobs.map { $0["pipeline"] as? String } == ["copy"])
        #expect(jobs.map { $0["state"] as? String } == ["success"])
    }

    @Test func helpCoversEveryCommand() {
        let overview = run("help").output
        #expect(overview.count > 10)
        #expect(run("help put file").output.first == "usage: put file REPO@BRANCH:/PATH -f LOCAL [--append] [-m TEXT]")
        // One entry per command (a long summary may wrap onto a line of its own).
        #expect(run("help create").output.filter { $0.hasPrefix("create ") }.count == 4)
        #expect(run("help puts file").error?.help == "did you mean 'put file'?")
    }
}

@Suite struct CompleterTests {
    let session: Session
    let completer: Completer

    init() throws {
        session = Session(store: try Store.inMemory(), baseDirectory: "/")
        for line in ["create repo income_data", "create repo images", "create branch income_data@staging"] {
            _ = session.execute(SourceText(name: "<t>", text: line))
        }
        completer = Completer(session: session)
    }

    @Test func completesCommandWords() {
        #expect(completer.candidates(line: "cr") == ["create"])
        #expect(completer.candidates(line: "create ") == ["branch", "deployment", "pipeline", "repo"])
        #expect(completer.candidates(line: "list r") == ["repo"])
        #expect(completer.candidates(line: "help put ") == ["file"])
    }

    @Test func completesReposBranchesAndOptions() {
        #expect(completer.candidates(line: "inspect repo i") == ["images", "income_data"])
        #expect(completer.candidates(line: "list commit inc") == ["income_data@"])
        #expect(completer.candidates(line: "create branch income_data@s") == ["income_data@staging"])
        #expect(completer.candidates(line: "list file income_data@m") == ["income_data@master:"])
        #expect(completer.candidates(line: "put file income_data@staging:/x --app") == ["--append"])
        #expect(completer.candidates(line: "create branch income_data@master --head ") == ["images@", "income_data@"])
    }

    @Test func completesOnlyWhatTheCommandAccepts() {
        // list commit takes a branch, not a path: no ':' to be refused afterwards.
        #expect(completer.candidates(line: "list commit income_data@s") == ["income_data@staging"])
        // An option already given is not offered again.
        #expect(
            completer.candidates(line: "put file income_data@staging:/x --append --") == [
                "--file", "--format", "--message",
            ])
        #expect(completer.candidates(line: "list repo --format ") == ["json", "text"])
    }

    @Test func completesColumnsOfTheDataNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tusk-columns-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("age,sex,race,income\n39,Male,White,<=50K\n".utf8).write(
            to: URL(fileURLWithPath: directory + "/d.csv"))
        let completer = Completer(session: Session(store: try session.store, baseDirectory: directory))
        #expect(completer.candidates(line: "describe d.csv --target in") == ["income"])
        #expect(completer.candidates(line: "audit data d.csv --target income --protected sex,r") == ["sex,race"])
        #expect(completer.candidates(line: "train logistic on d.csv --exclude ") == ["age", "income", "race", "sex"])
        #expect(completer.candidates(line: "describe nothing.csv --target ").isEmpty)
        // A file in the store: only its first chunk is read.
        let local = Session(store: try session.store, baseDirectory: directory)
        #expect(local.execute(SourceText(name: "<t>", text: "put file income_data@staging:/d.csv -f d.csv")).succeeded)
        #expect(completer.candidates(line: "describe income_data@staging:/d.csv --target in") == ["income"])
    }

    @Test func completesRepoPathsAndLocalFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tusk-complete-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory + "/datasets", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/datasets/census.csv"))
        let local = Session(store: try session.store, baseDirectory: directory)
        let completer = Completer(session: local)
        #expect(completer.candidates(line: "put file income_data@staging:/a.csv -f da") == ["datasets/"])
        #expect(
            completer.candidates(line: "put file income_data@staging:/a.csv -f datasets/c") == ["datasets/census.csv"])
        _ = local.execute(
            SourceText(name: "<t>", text: "put file income_data@staging:/splits/a.csv -f datasets/census.csv"))
        #expect(completer.candidates(line: "get file income_data@staging:/") == ["income_data@staging:/splits/"])
        #expect(
            completer.candidates(line: "get file income_data@staging:/splits/") == ["income_data@staging:/splits/a.csv"]
        )
    }
}

/// Deploy pipelines: moving a branch of the models repo releases its model, every time.
@Suite struct DeployPipelineTests {
    @Test func movingABranchBackReleasesTheOlderModelAgain() throws {
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets").standardizedFileURL.path
        let session = Session(store: try Store.inMemory(), baseDirectory: datasets)
        func run(_ line: String) -> [String] {
            let result = session.execute(SourceText(name: "<t>", text: line))
            #expect(result.error == nil, "\(line): \(String(describing: result.error))")
            return result.output
        }
        _ = run("create repo data")
        _ = run("put file data@master:/train.csv -f census.csv")
        _ = run(
            "create pipeline training --input data@master:/ --step \"train logistic on /pfs/data/train.csv --target income -o /pfs/out/model.json\""
        )
        _ = run("put file data@master:/train.csv -f vendor.csv")
        _ = run("create deployment production")
        _ = run("create branch training@production --head master^")
        _ = run("create pipeline deploy --input training@production:/ --deploy production")
        _ = run("create branch training@production --head master")
        // Back to the first model: its datum was processed before, yet the step runs again.
        let moved = run("create branch training@production --head master^")
        #expect(moved.contains { $0.contains("deploy v1: success, 1 datum (1 processed, 0 skipped)") })
        let history = run("history production")
        #expect(history.count == 4)
        #expect(history.allSatisfy { $0 == history[0] || $0.contains("pipeline deploy (job ") })
        // Moving the branch back to the first model is a rollback to release 1.
        #expect(history[3].contains(" 3  rollback to release 1 "))
        let first = history[1].split(separator: " ", omittingEmptySubsequences: true)[3]
        #expect(history[3].contains(String(first)))
    }
}

/// What the serving commands refuse, and that a refused command changes nothing.
@Suite struct ServingCommandTests {
    let session: Session
    let scratch: String

    init() throws {
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets").standardizedFileURL.path
        scratch =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-serving-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        session = Session(store: try Store.inMemory(), baseDirectory: datasets, outputDirectory: scratch)
        for line in [
            "create repo models", "train logistic on census.csv --target income -o models@master:/m.json",
            "create deployment production", "release production models@master:/m.json",
        ] {
            #expect(session.execute(SourceText(name: "<t>", text: line)).error == nil, "\(line)")
        }
    }

    func run(_ line: String) -> CommandResult { session.execute(SourceText(name: "<t>", text: line)) }

    func logged() throws -> Int { try session.store.loggedRequestCount(deployment: try DeploymentName("production")) }

    @Test func aRepoWhoseModelsWereReleasedIsNotDeleted() throws {
        let error = run("delete repo models").error
        #expect(error?.message == "repo 'models' holds models that deployment 'production' released")
        #expect(run("list file models@master").error == nil)
    }

    @Test func anOutputThatCannotBeWrittenLogsNothing() throws {
        let error = run("predict production -f requests_v1.csv -o /nonexistent/dir/answers.csv").error
        #expect(error?.message.contains("its directory does not exist") == true)
        #expect(try logged() == 0)
        #expect(run("predict production -f requests_v1.csv -o answers.csv").error == nil)
        #expect(try logged() == 500)
        let written = try String(contentsOfFile: scratch + "/answers.csv", encoding: .utf8)
        #expect(written.split(separator: "\n").count == 501)
    }

    @Test func labelsThatAreNoClassOfTheModelAreLeftOut() throws {
        _ = run("predict production -f requests_v1.csv")
        let labels = scratch + "/labels.csv"
        try Data("request_id,income\na0001,>50K.\na0002,maybe\na0003,<=50K\n".utf8).write(
            to: URL(fileURLWithPath: labels))
        let result = run("feedback production -f \(labels)")
        #expect(result.error == nil)
        #expect(result.output.first == "attached 2 labels from \(labels) to production: 2 match a served request")
        #expect(result.output.last?.hasPrefix("left out 1 row whose label is not a class of the model") == true)
        try Data("request_id,income\na0001,maybe\n".utf8).write(to: URL(fileURLWithPath: labels))
        #expect(run("feedback production -f \(labels)").error?.message.hasPrefix("no label in 'income'") == true)
    }

    @Test func readOptionsAreRefusedForRequests() {
        let error = run("predict production -f requests_v1.csv --delimiter ';'").error
        #expect(error?.message == "--delimiter is for a model's data, not a deployment's requests")
    }
}
