import Synchronization
import Testing
import TuskCore
import TuskStore

@testable import TuskPipelines

/// Pachyderm-shaped specs, written for these tests in the shapes of Pachyderm's examples: each is
/// read with the meaning Pachyderm gives it, or refused with a message located at `file:line:col`.
@Suite struct SpecCorpusTests {
    func spec(_ text: String) throws -> PipelineSpec { try SpecParser.parse(text, file: "spec.yaml") }

    /// The error for `text`, which must have a line and a column.
    func refusal(_ text: String) throws -> PipelineError {
        let error = try #require(#expect(throws: PipelineError.self) { try SpecParser.parseAll(text, file: "s.json") })
        #expect(error.line != nil && error.column != nil, "\(error) has no line:col")
        #expect(error.location?.hasPrefix("s.json:") == true)
        return error
    }

    // MARK: - Accepted, with Pachyderm's meaning

    @Test func aPFSInputWithANameMountsUnderTheName() throws {
        let parsed = try spec(
            """
            pipeline: {name: edges}
            input: {pfs: {repo: images, name: pictures, glob: "/*"}}
            transform: {cmd: [tusk, describe, /pfs/pictures/a.csv]}
            """)
        guard case .pfs(let pfs) = parsed.input else { Issue.record("not a pfs input"); return }
        #expect(pfs.mount == "pictures" && pfs.repo.rawValue == "images" && pfs.branch == .master)
    }

    @Test func twoInputsOfOneRepoCrossUnderTwoNames() throws {
        // The hyperparameter-tuning shape: one repo, two globs, two names.
        let parsed = try spec(
            """
            {"pipeline": {"name": "tune"},
             "input": {"cross": [
               {"pfs": {"repo": "data", "name": "params", "glob": "/params/*"}},
               {"pfs": {"repo": "data", "name": "rows", "glob": "/rows.csv"}}]},
             "transform": {"cmd": ["tusk", "describe", "/pfs/rows/rows.csv"]}}
            """)
        #expect(parsed.input.leaves.map(\.mount) == ["params", "rows"])
        #expect(parsed.input.clashingMount == nil)
    }

    @Test func branchesOfAUnionMayShareAName() throws {
        let parsed = try spec(
            """
            pipeline: {name: both}
            input:
              union:
                - pfs: {repo: a, name: data, glob: /*}
                - pfs: {repo: b, name: data, glob: /*}
            transform: {cmd: [tusk, describe, /pfs/data/x.csv]}
            """)
        #expect(parsed.input.leaves.map(\.mount) == ["data", "data"])
    }

    @Test(arguments: [
        ("/", "/"), ("/*", "/*"), ("*", "/*"), ("/*/*", "/*/*"), ("/**", "/**"), ("/data//*.csv/", "/data/*.csv"),
        ("/[a-f]*", "/[a-f]*"), ("/[!.]*", "/[!.]*"), ("/{train,test}.csv", "/{train,test}.csv"),
        ("/STORE(*).txt", "/STORE(*).txt"), ("/?.csv", "/?.csv"),
    ])
    func globsAreReadAndCleanedAsPachydermCleansThem(glob: String, cleaned: String) throws {
        let parsed = try spec(
            "{\"pipeline\": {\"name\": \"g\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"\(glob)\"}},"
                + " \"transform\": {\"cmd\": [\"tusk\", \"describe\", \"/pfs/r/a.csv\"]}}")
        #expect(parsed.input.leaves.first?.glob == cleaned)
    }

    @Test func stdinIsAScriptForTusk() throws {
        let parsed = try spec(
            """
            pipeline: {name: scripted}
            input: {pfs: {repo: r, glob: /}}
            transform:
              cmd: [tusk]
              stdin:
                - "# train, then score the holdout"
                - train logistic on /pfs/r/train.csv --target y -o /pfs/out/model.json
                - |
                  predict /pfs/out/model.json on /pfs/r/test.csv -o /pfs/out/p.csv

            """)
        #expect(
            parsed.scriptLines == [
                "train logistic on /pfs/r/train.csv --target y -o /pfs/out/model.json",
                "predict /pfs/out/model.json on /pfs/r/test.csv -o /pfs/out/p.csv",
            ])
    }

    @Test func emptyFilesAndReprocessSpecInBothSpellings() throws {
        for (empty, reprocess) in [("empty_files", "reprocess_spec"), ("emptyFiles", "reprocessSpec")] {
            let parsed = try spec(
                """
                pipeline: {name: deploy}
                input: {pfs: {repo: models, branch: production, glob: /, \(empty): true}}
                transform: {cmd: [tusk, release, production, /pfs/models]}
                \(reprocess): every_job
                """)
            #expect(parsed.input.leaves.first?.emptyFiles == true)
            #expect(parsed.reprocessesEveryJob && parsed.deployment?.rawValue == "production")
        }
    }

    @Test func reprocessSpecUntilSuccessIsTheDefaultAndOtherValuesAreRefused() throws {
        let until = try spec(
            """
            pipeline: {name: p}
            input: {pfs: {repo: r, glob: /}}
            transform: {cmd: [tusk, describe, /pfs/r/a.csv]}
            reprocess_spec: until_success
            """)
        #expect(!until.reprocessesEveryJob)
        let error = try refusal(
            """
            pipeline: {name: p}
            input: {pfs: {repo: r, glob: /}}
            transform: {cmd: [tusk, describe, /pfs/r/a.csv]}
            reprocess_spec: always
            """)
        #expect(error.line == 4 && error.message.contains("'until_success' or 'every_job', not 'always'"))
    }

    @Test func theImagesTuskRunsAsTusk() throws {
        let parsed = try spec(
            """
            pipeline: {name: p}
            input: {pfs: {repo: r, glob: /}}
            transform: {image: "tusk:latest", cmd: [/usr/local/bin/tusk, describe, /pfs/r/a.csv]}
            """)
        #expect(parsed.command == ["describe", "/pfs/r/a.csv"])
    }

    @Test func aStreamOfDocumentsIsOnePipelineEach() throws {
        let yaml = try SpecParser.parseAll(
            """
            pipeline: {name: one}
            input: {pfs: {repo: r, glob: /}}
            transform: {cmd: [tusk, describe, /pfs/r/a.csv]}
            ---
            pipeline: {name: two}
            input: {pfs: {repo: one, glob: /*}}
            transform: {cmd: [tusk, describe, /pfs/one/result.json]}
            """, file: "s.yaml")
        #expect(yaml.map(\.name.rawValue) == ["one", "two"])
        let json = try SpecParser.parseAll(
            """
            {"pipeline": {"name": "one"}, "input": {"pfs": {"repo": "r", "glob": "/"}},
             "transform": {"cmd": ["tusk", "describe", "/pfs/r/a.csv"]}}
            {"pipeline": {"name": "two"}, "input": {"pfs": {"repo": "one", "glob": "/"}},
             "transform": {"cmd": ["tusk", "describe", "/pfs/one/a.csv"]}}
            """, file: "s.json")
        #expect(json.map(\.name.rawValue) == ["one", "two"])
        // An error in the second object points into the file, not into the object.
        let error = try refusal(
            """
            {"pipeline": {"name": "one"}, "input": {"pfs": {"repo": "r", "glob": "/"}},
             "transform": {"cmd": ["tusk", "describe", "/pfs/r/a.csv"]}}
            {"pipeline": {"name": "two"}, "input": {"pfs": {"repo": "one"}},
             "transform": {"cmd": ["tusk", "describe", "/pfs/one/a.csv"]}}
            """)
        #expect(error.line == 3 && error.message == "input must specify a glob")
    }

    // MARK: - Refused, by name and place

    @Test(arguments: [
        ("input", "join", "{\"join\": [{\"pfs\": {\"repo\": \"a\", \"glob\": \"/(*)\", \"join_on\": \"$1\"}}]}"),
        ("input", "group", "{\"group\": [{\"pfs\": {\"repo\": \"a\", \"glob\": \"/(*)\", \"groupBy\": \"$1\"}}]}"),
        ("input", "cron", "{\"cron\": {\"name\": \"tick\", \"spec\": \"@every 60s\"}}"),
    ])
    func inputShapesTuskDoesNotRunAreRefusedByName(level: String, field: String, input: String) throws {
        let error = try refusal(
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": \(input), \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}")
        #expect(error.message == "'\(field)' in \(level) is Pachyderm's, not supported by tusk")
        #expect(error.help?.isEmpty == false)
    }

    @Test(arguments: [
        ("parallelism_spec", "{\"constant\": 4}"), ("parallelismSpec", "{\"constant\": 4}"),
        ("resource_requests", "{\"memory\": \"1G\"}"), ("datum_timeout", "\"60s\""), ("service", "{}"),
        ("spout", "{}"), ("s3_out", "true"), ("egress", "{}"), ("datumTries", "3"), ("pod_patch", "\"[]\""),
    ])
    func topLevelFieldsTuskDoesNotRunAreRefusedByName(field: String, value: String) throws {
        let error = try refusal(
            """
            {"pipeline": {"name": "p"}, "input": {"pfs": {"repo": "r", "glob": "/"}},
             "transform": {"cmd": ["tusk", "help"]},
             "\(field)": \(value)}
            """)
        #expect(error.message == "'\(field)' in the spec is Pachyderm's, not supported by tusk")
        #expect(error.line == 3 && error.column == 2)
    }

    @Test(arguments: [
        ("\"env\": {\"A\": \"1\"}", "'env' in transform"), ("\"err_cmd\": [\"true\"]", "'err_cmd' in transform"),
    ])
    func transformFieldsTuskDoesNotRunAreRefused(field: String, message: String) throws {
        let error = try refusal(
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}},"
                + " \"transform\": {\"cmd\": [\"tusk\", \"help\"], \(field)}}")
        #expect(error.message.hasPrefix(message) && error.message.hasSuffix("not supported by tusk"))
    }

    @Test(arguments: [
        "lazy", "trigger", "commit", "s3", "project", "outer_join", "outerJoin", "join_on", "group_by", "repo_type",
    ])
    func pfsFieldsTuskDoesNotRunAreRefused(field: String) throws {
        let error = try refusal(
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\", \"\(field)\": true}},"
                + " \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}")
        #expect(error.message == "'\(field)' in input.pfs is Pachyderm's, not supported by tusk")
    }

    @Test func aFieldPachydermDoesNotHaveIsUnknownWithADidYouMean() throws {
        let error = try refusal(
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}},"
                + " \"transform\": {\"cmd\": [\"tusk\", \"help\"]}, \"paralelism_spec\": {}}")
        #expect(error.message == "unknown field 'paralelism_spec' in the spec")
        #expect(error.help == "did you mean 'parallelism_spec'?")
    }

    @Test(arguments: [
        // What is wrong, and the words the message must have.
        (
            "{\"pipeline\": {\"name\": 5}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}}, \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}",
            "pipeline.name must be a string, not 5"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\"}}, \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}",
            "input must specify a glob"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/../*\"}}, \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}",
            "glob '/../*' climbs out with '.' or '..'"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/[ab\"}}, \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}",
            "glob '/[ab' does not compile: '[' is never closed"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}}, \"transform\": {\"cmd\": [\"tusk\"]}}",
            "transform.cmd runs tusk with nothing to run"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}}, \"transform\": {\"cmd\": [\"python3\", \"x.py\"]}}",
            "transform.cmd must run tusk, not 'python3'"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}}, \"transform\": {\"cmd\": [\"tusk\", \"help\"], \"stdin\": [\"help\"]}}",
            "transform.stdin is a script for tusk alone"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}}, \"transform\": {\"cmd\": [\"tusk\"], \"stdin\": [\"# nothing\"]}}",
            "transform.stdin holds no command"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"cross\": [{\"pfs\": {\"repo\": \"r\", \"glob\": \"/a\"}}, {\"pfs\": {\"repo\": \"r\", \"glob\": \"/b\"}}]}, \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}",
            "name \"r\" was used more than once"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"name\": \"out\", \"glob\": \"/\"}}, \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}",
            "input cannot be named out"
        ),
        (
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}, \"cross\": []}, \"transform\": {\"cmd\": [\"tusk\", \"help\"]}}",
            "input sets multiple input types"
        ),
    ])
    func mistakesAreRefusedWhereTheyAre(text: String, message: String) throws {
        let error = try refusal(text)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test func aLongValueIsCutInTheMessage() throws {
        let long = String(repeating: "x", count: 5000)
        let error = try refusal(
            "{\"pipeline\": {\"name\": \"p\"}, \"input\": {\"pfs\": {\"repo\": \"r\", \"glob\": \"/\"}},"
                + " \"transform\": {\"cmd\": [\"\(long)\"]}}")
        #expect(error.description.count < 300)
    }

    @Test func aStreamIsNotRefusedWithAnEscapedNewline() throws {
        let error = #expect(throws: PipelineError.self) {
            try SpecParser.parse("pipeline: {name: a\n---\n- [", file: "s.yaml")
        }
        #expect(error?.description.contains("\\u{A}") == false)
    }

    @Test func theCheckSeesEachCommandAndItsDeployment() throws {
        let seen = Seen()
        _ = try SpecParser.parseAll(
            """
            pipeline: {name: d}
            input: {pfs: {repo: models, glob: /}}
            transform: {cmd: [tusk, release, production, /pfs/models]}
            reprocess_spec: every_job
            """, file: "s.yaml",
            check: { command, deployment in
                seen.add("\(command) \(deployment?.rawValue ?? "-")")
                return nil
            })
        #expect(seen.all == ["words([\"release\", \"production\", \"/pfs/models\"]) production"])
        let error = #expect(throws: PipelineError.self) {
            try SpecParser.parseAll(
                "pipeline: {name: d}\ninput: {pfs: {repo: r, glob: /}}\ntransform:\n  cmd: [tusk]\n  stdin: [put file r@master:/x -f y]\n",
                file: "s.yaml", check: { _, _ in ("refused", "why") })
        }
        #expect(error?.message == "transform.stdin: refused" && error?.line == 5)
    }
}

/// Collects strings from a `@Sendable` closure.
final class Seen: Sendable {
    private let values = Mutex<[String]>([])
    func add(_ value: String) { values.withLock { $0.append(value) } }
    var all: [String] { values.withLock { $0 } }
}
