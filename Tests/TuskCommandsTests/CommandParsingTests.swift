import Foundation
import Testing
import TuskCore
import TuskLang

@testable import TuskCommands

/// The DSL as users type it: every command parses, and every mistake gets its message, column
/// and help.
@Suite struct CommandParsingTests {
    @Test func everyCommandHasOneNameAndExamplesThatParse() throws {
        let names = CommandSet.all.map { $0.declaration.name }
        #expect(Set(names).count == names.count)
        for type in CommandSet.all {
            #expect(!type.declaration.examples.isEmpty, "\(type.declaration.name) has no example")
            for example in type.declaration.examples {
                let parsed = try #require(try CommandSet.parse(example), "\(example)")
                #expect(Swift.type(of: parsed.command).declaration.name == type.declaration.name)
            }
        }
    }

    /// Every diagnostic the parser can give: the message, the column it points at, and the help.
    @Test(
        arguments: [
            ("lst repo", "unknown command 'lst'", 1, "did you mean 'list repo'?"),
            ("frobnicate", "unknown command 'frobnicate'", 1, "type 'help' for the list of commands"),
            ("create rpo x", "unknown command 'create rpo'", 8, "did you mean 'create repo'?"),
            (
                "create", "'create' needs an object", 8,
                "one of: create repo, create branch, create pipeline, create deployment"
            ),
            ("list repo --verbose", "unknown option '--verbose' for 'list repo'", 11, "'list repo' takes no options"),
            ("put file r@b:/x -f a --apend", "unknown option '--apend' for 'put file'", 22, "did you mean '--append'?"),
            ("create repo r --description a --description b", "option '--description' is given twice", 31, "keep one"),
            ("create branch r@b --head", "option '--head' needs a value", 19, "write --head REF"),
            ("put file r@b:/x -f a --append=yes", "option '--append' takes no value", 31, "remove '=yes'"),
            ("create repo", "missing NAME", 13, "usage: create repo NAME [--description TEXT]"),
            ("list repo extra", "unexpected argument 'extra'", 11, "usage: list repo"),
            (
                "create repo \"bad name\"", "repo name 'bad name' contains ' '; use letters, digits, '_', '-' or '.'",
                13, nil
            ),
            ("create repo r -m \"x", "unterminated string", 18, "close it with \""),
            ("put file r@b:/x -f a -m 'x", "unterminated string", 25, "close it with '"),
            ("list repo {\"a\": 1", "unterminated record", 11, "close it with '}'"),
            ("put file income:/x -f a", "'income:/x' names no branch", 10, "write REPO@BRANCH, e.g. income@master"),
            (
                "put file r@master -f a", "'r@master' names no file path", 10,
                "write REPO@BRANCH:/PATH, e.g. r@master:/data.csv"
            ),
            ("put file r@master:/x", "missing option '--file'", 22, "add -f LOCAL"),
            (
                "put file r@master^:/x -f a", "'master^' is a commit, not a branch", 12,
                "write a branch name without '^'"
            ),
            ("start commit r@master:/x", "this command takes a branch, not a path", 23, "remove ':/x'"),
            ("create branch r@b@c", "branch name 'b@c' contains '@'; use letters, digits, '_', '-' or '.'", 17, nil),
            ("get file r@master", "'get file' needs a file path", 10, "add ':/PATH', e.g. r@master:/train.csv"),
            (
                "get file r@master:/../x", "path '/../x' climbs above the repo root", 19,
                "paths stay inside the repo, e.g. /data/train.csv"
            ),
            (
                "list file r@master^^x", "malformed reference 'master^^x'", 13,
                "write a branch or commit id, optionally followed by ^ or ^N, e.g. master^2"
            ),
            ("list file @master", "repo name is empty", 11, "write REPO@BRANCH:/PATH"),
            ("glob file r@master", "'glob file' needs a pattern", 11, "e.g. \"r@master:/*.csv\""),
            (
                "list file --x r", "unknown option '--x' for 'list file'", 11,
                "usage: list file REPO@REF[:/DIR] [--blame]"
            ),
            (
                "train logistic a.csv --target y -o m.json", "expected 'on' here", 16,
                "usage: train MODEL on DATA -o OUT [--target COLUMN] [--positive LABEL] [--seed N] [--exclude A,B] [--max-categories N] "
                    + "[--min-frequency N] [--schema NAME] [--columns A,B,C] [--delimiter CHAR]"
            ),
            ("train logstic on a.csv --target y -o m.json", "unknown model 'logstic'", 7, "did you mean 'logistic'?"),
            ("train logistic on a.csv --target y", "missing option '--output'", 36, "add -o OUT"),
            (
                "train logistic on a.csv --target y -o m --seed x", "--seed must be a whole number from 0", 48,
                "e.g. --seed 42"
            ),
            (
                "train boosted on a.csv --target y -o m --max-categories 300",
                "--max-categories must be a whole number from 1 to 255", 57,
                "e.g. --max-categories 50"
            ),
            (
                "train logistic on a.csv --target y -o m --min-frequency 0",
                "--min-frequency must be a whole number from 1", 57, "e.g. --min-frequency 5"
            ),
            ("format yaml", "unknown format 'yaml'", 8, "choose text, json"),
            ("list repo --format jsn", "unknown format 'jsn'", 20, "did you mean 'json'?"),
            ("describe a.csv --schema uci-adlt", "unknown schema 'uci-adlt'", 25, "did you mean 'uci-adult'?"),
            ("describe a.csv --delimiter ab", "delimiter 'ab' is not one character", 28, "e.g. --delimiter ';'"),
            ("predict m.json on {\"a\": 1}", "a record follows the model directly", 16, "remove 'on'"),
            (
                "audit m on d.csv --protected sex --privileged race=White",
                "'race=White' does not name a protected attribute and its group", 47,
                "write ATTRIBUTE=GROUP for an attribute of --protected, e.g. sex=Male"
            ),
            (
                "audit m on d.csv --protected sex --max-flip-rate 2", "--max-flip-rate must be a number from 0 to 1",
                50, "e.g. --max-flip-rate 0.05"
            ),
            // Deployment and predictor names are typed where they are typed (DeploymentName,
            // PredictorName), each mistake at its word.
            (
                "create deployment 9lives", "deployment name '9lives' must start with a letter", 19,
                "a deployment name is a word: letters, digits, '-' and '_', starting with a letter, at most 63"
            ),
            (
                "history prod.v2", "deployment name 'prod.v2' contains '.'; use letters, digits, '_' or '-'", 9,
                "a deployment name is a word: letters, digits, '-' and '_', starting with a letter, at most 63"
            ),
            (
                "create deployment \"quoted\"", "'quoted' is not a deployment name", 19,
                "write it unquoted: letters, digits, '-' and '_', starting with a letter, at most 63"
            ),
            (
                "promote production canary-01", "'canary-01' is not a predictor name (live, canary-N or shadow-N)", 20,
                "name a canary or a shadow; see 'inspect deployment production'"
            ),
            (
                "retire production shadw-1", "'shadw-1' is not a predictor name (live, canary-N or shadow-N)", 19,
                "name a canary or a shadow; see 'inspect deployment production'"
            ),
        ] as [(String, String, Int, String?)])
    func reportsEveryDiagnosticWithItsColumn(input: String, message: String, column: Int, help: String?) {
        let error = #expect(throws: Diagnostic.self) { try CommandSet.parse(input) }
        #expect(error?.message == message)
        #expect(error?.span?.column == column)
        #expect(error?.help == help)
    }
}
