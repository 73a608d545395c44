import Foundation
import TuskCore
import TuskLang
import TuskStore

/// The interpreter: runs DSL commands against the engines and renders their results as text.
///
/// A session owns a store and knows where relative local paths start. The REPL, scripts and the
/// scenario player all go through ``execute(_:)``, so a command prints the same everywhere.
///
///     let session = try Session(store: .inMemory())
///     let result = session.execute(SourceText(name: "<repl>", text: "create repo income_data"))
///     // result.output == ["created repo income_data"]
public final class Session {
    public let store: Store
    /// The directory relative local paths (`-f`, `-o`) are resolved against.
    public let workingDirectory: String

    public init(store: Store, workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.store = store
        self.workingDirectory = workingDirectory
    }

    /// Parses and runs one command. Never throws: every failure becomes a diagnostic, and a
    /// failed command has changed nothing.
    public func execute(_ source: SourceText) -> CommandResult {
        do {
            guard let statement = try Parser.parse(source.text) else { return CommandResult() }
            return CommandResult(output: try run(statement))
        } catch {
            return CommandResult(error: error)
        }
    }

    /// Runs a parsed statement, returning its output lines.
    public func run(_ statement: Statement) throws(Diagnostic) -> [String] {
        switch statement {
        case .createRepo(let name, let description):
            try at(repo: name.span) { try store.createRepo(name.value, description: description) }
            return ["created repo \(name.value)"]
        case .listRepo: return try listRepos()
        case .inspectRepo(let name): return try inspectRepo(name)
        case .deleteRepo(let name):
            try at(repo: name.span) { try store.deleteRepo(name.value) }
            return ["deleted repo \(name.value)"]
        case .createBranch(let target, let head): return try createBranch(target, head: head)
        case .listBranch(let repo): return try listBranches(repo)
        case .putFile(let target, let source, let append, let message):
            return try putFile(target, source: source, append: append, message: message)
        case .startCommit(let target, let message):
            try at(target) { try store.startCommit(target.repo.value, target.branch.value, message: message ?? "") }
            return ["started a commit on \(target.repo.value)@\(target.branch.value)"]
        case .finishCommit(let target, let message):
            let commit = try at(target) {
                try store.finishCommit(target.repo.value, target.branch.value, message: message)
            }
            return [
                "finished commit \(commit.id.short) on \(target.repo.value)@\(target.branch.value) "
                    + "(\(files(commit.fileCount)), \(ByteCount.format(commit.size)))"
            ]
        case .getFile(let address, let output): return try getFile(address, output: output)
        case .listFile(let address): return try listFiles(address)
        case .globFile(let address, let pattern): return try globFiles(address, pattern: pattern)
        case .diffFile(let new, let old): return try diffFiles(new, old)
        case .listCommit(let address): return try listCommits(address)
        case .inspectCommit(let address): return try inspectCommit(address)
        case .describe(let data, let options, let target): return try describe(data, options, target: target)
        case .train(let kind, let data, let options, let target, let seed, let exclude, let output):
            return try train(kind, on: data, options, target: target, seed: seed, exclude: exclude, output: output)
        case .evaluate(let model, let data, let options): return try evaluate(model, on: data, options)
        case .predict(let model, let input, let options, let output):
            return try predict(model, input, options, output: output)
        case .audit(let model, let data, let checks, let options): return try audit(model, on: data, checks, options)
        case .auditData(let data, let target, let checks, let options):
            return try auditData(data, target: target, checks, options)
        case .explain(let model, let record): return try explain(model, record)
        case .outliers(let model, let data, let percentile, let options):
            return try outliers(model, on: data, percentile: percentile, options)
        case .drift(let reference, let data, let exclude, let alpha, let options):
            return try drift(reference, vs: data, exclude: exclude, alpha: alpha, options)
        case .help(let topic): return try HelpText.lines(for: topic)
        }
    }

    func files(_ count: Int) -> String { count == 1 ? "1 file" : "\(count) files" }
}
