import Foundation
import Testing
import TuskCore
import TuskML
import TuskStore

@testable import TuskCommands

/// The engines' errors name no command or flag; the DSL's help is added in one place,
/// `Diagnose`, from each error's kind and facts, so the REPL says what it always said.
@Suite struct DiagnoseTests {
    let directory: String
    let context: CommandContext

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-diagnose-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        context = CommandContext(store: try Store.inMemory(), baseDirectory: directory)
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: directory + "/a.csv"))
    }

    func run(_ line: String) throws {
        let parsed = try #require(try CommandSet.parse(line))
        _ = try parsed.command.runErased(context)
    }

    /// Runs `line`, which must fail, and returns its diagnostic.
    func failure(_ line: String) throws -> Diagnostic {
        let parsed = try #require(try CommandSet.parse(line))
        do {
            _ = try parsed.command.runErased(context)
        } catch {
            return error
        }
        Issue.record("'\(line)' did not fail")
        throw Diagnostic("no failure", at: nil)
    }

    /// Words of the DSL an engine's own help must not hold.
    static func dslWords(in text: String?) -> [String] {
        guard let text else { return [] }
        let words = [
            "'list ", "'create ", "'delete ", "'history ", "'monitor ", "'inspect ", "'finish ", "'start ",
            "'update ", "'train'", "'describe'", "release production MODEL", "create deployment", "--",
        ]
        return words.filter { text.contains($0) }
    }

    @Test(arguments: [
        ("list file nope@master", "see 'list repo'"),
        ("list file images@dev", "see 'list branch images' and 'list commit images'"),
        ("put file images@dev:/a.csv -f a.csv", "create it with 'create branch images@dev'"),
        ("create repo images", "pick another name, or 'delete repo images' first"),
        ("finish commit images@master", "start one with 'start commit images@master'"),
    ])
    func storeErrorsGetTheDSLsHelp(line: String, help: String) throws {
        try run("create repo images")
        let diagnostic = try failure(line)
        #expect(diagnostic.help == help, "\(line)")
    }

    @Test func storeErrorsThemselvesNameNoCommand() throws {
        let store = try context.store
        try store.createRepo(try RepoName("images"))
        let errors: [StoreError?] = [
            #expect(throws: StoreError.self) { try store.createRepo(try RepoName("images")) },
            #expect(throws: StoreError.self) { try store.listBranches(try RepoName("nope")) },
            #expect(throws: StoreError.self) {
                try store.resolve(try RepoName("images"), CommitRef(base: "dev"))
            },
        ]
        for error in errors {
            let error = try #require(error)
            #expect(Self.dslWords(in: error.help).isEmpty, "\(error)")
            #expect(Self.dslWords(in: error.description).isEmpty, "\(error)")
            #expect(Diagnose.help(for: error) != nil)
        }
        // The facts the DSL words its help from.
        let branch = #expect(throws: StoreError.self) {
            try store.resolve(try RepoName("images"), CommitRef(base: "dev"))
        }
        #expect(branch?.repo == (try RepoName("images")))
    }

    @Test func routerErrorsGetTheDSLsHelp() throws {
        let missing = try failure("rollback production")
        #expect(missing.help == "create one: create deployment production")
        try run("create deployment production")
        let nothing = try failure("rollback production")
        #expect(nothing.message == "deployment 'production' has no release yet")
        #expect(nothing.help == "release a model first: release production MODEL")
        let other = try failure("rollback productoin")
        #expect(other.help == "did you mean 'production'?")
    }

    @Test func trainerErrorsGetTheDSLsHelp() throws {
        try Data("39, State-gov, 77516\n50, Private, 83311\n38, Private, 1\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/narrow.data"))
        let headerless = try failure("describe narrow.data")
        #expect(
            headerless.help == "name its 3 columns with --columns A,B,C, or give a schema file with --schema FILE.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: directory + "/m.json"))
        let notAModel = try failure("predict m.json on narrow.data")
        #expect(notAModel.help == "give a model written by 'train'")
    }

    @Test func pipelineErrorsGetTheDSLsHelp() throws {
        let missing = try failure("delete pipeline nope")
        #expect(missing.help == "see 'list pipeline'")
        let job = try failure("inspect job abcdef")
        #expect(job.help == "see 'list job'")
    }

    /// The options a recorded layout is read with are the DSL's words for it.
    @Test func aLayoutReadsAsTheOptionsThatGiveIt() throws {
        #expect(DataLayout(schema: "uci-adult").options == "--schema uci-adult")
        let columns = try #require(DataLayout(schema: nil, columns: ["a", "b"], delimiter: UInt8(ascii: "\t")))
        #expect(columns.options == "--columns a,b --delimiter 'tab'")
    }
}
