import TuskCore
import TuskLang

/// One DSL command: its declaration, how it reads its arguments, and what it does.
///
/// A command is one type in one file, as in swift-argument-parser: the ``declaration`` is its
/// documentation (help, usage and completion come from it), ``init(_:)`` turns the parsed words
/// into typed values with located errors, and ``run(_:)`` returns a typed ``Output`` that renders
/// itself as text or encodes as JSON. Adding a command is a new file plus a line in its domain's list.
///
///     struct ListRepo: TuskCommand {
///         static let declaration = CommandDeclaration("list repo", "List repositories.")
///         init(_ call: Invocation) {}
///         func run(_ context: CommandContext) throws(Diagnostic) -> RepoList { … }
///     }
package protocol TuskCommand: Sendable {
    associatedtype Output: CommandOutput
    static var declaration: CommandDeclaration { get }
    init(_ call: Invocation) throws(Diagnostic)
    func run(_ context: CommandContext) throws(Diagnostic) -> Output
}

/// What a command returns: a value describing what happened, never text.
///
/// Text comes from ``render(_:)``, written apart from the command's logic with the tool's one
/// table renderer and number formatter; JSON comes from `Encodable`.
package protocol CommandOutput: Codable, Sendable {
    func render(_ text: inout TextOutput)
}

extension TuskCommand {
    /// Runs the command and forgets the output's static type, for callers that hold any command.
    package func runErased(_ context: CommandContext) throws(Diagnostic) -> any CommandOutput {
        try run(context)
    }
}
