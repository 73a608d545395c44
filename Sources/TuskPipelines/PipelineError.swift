import TuskCore
import TuskStore

/// Every error of the pipeline engine: one lowercase line naming the thing, and where in a spec
/// file it is (`file:line:col`) when it comes from one.
///
/// The engine knows no front end: `help` names no command or flag, and ``remedy`` says what
/// would fix it as a fact, for a front end to word ("change it with 'update pipeline'").
public struct PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A spec that does not say what a pipeline needs: a field missing, unknown or mistyped.
        case invalidSpec
        case pipelineNotFound, pipelineExists
        /// Pipelines downstream of it would lose their input.
        case hasDependents
        /// An input names a repo that does not exist, or the DAG would have a cycle.
        case badInput
        case jobNotFound
        /// A record in the store that cannot be read back.
        case corruptRecord
        /// The store refused.
        case store(StoreError)
    }

    /// A fix, as a fact, for a front end to word as its own command.
    public enum Remedy: Sendable, Equatable {
        /// Change the pipeline that exists rather than create it again.
        case updatePipeline
        /// Delete the pipelines downstream too.
        case deleteDependents
        /// See the pipelines, or the jobs, that exist.
        case listPipelines, listJobs
        /// Read how a spec is written.
        case specFormat
        /// A field of Pachyderm's spec that tusk does not run, whose nearest way is a command.
        case unsupportedField(String)
    }

    public let kind: Kind
    public let message: String
    /// How to fix it, in words that name no command or flag.
    public let help: String?
    /// What would fix it, for a front end to word; nil when `help` says all there is.
    public let remedy: Remedy?
    /// The store's error behind an input the engine refused (a repo that does not exist).
    public let underlying: StoreError?
    /// The spec file, 1-based line and column, when the error is in one.
    public let file: String?
    public let line: Int?
    public let column: Int?

    init(
        _ kind: Kind, _ message: String, help: String? = nil, remedy: Remedy? = nil, underlying: StoreError? = nil,
        file: String? = nil, line: Int? = nil, column: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.help = help
        self.remedy = remedy
        self.underlying = underlying
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, as far as it is known.
    public var location: String? {
        guard let file else { return nil }
        return [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + message + (help.map { " (\($0))" } ?? "")
    }

    /// The store failed underneath the engine (or could not be opened for it).
    public static func store(_ error: StoreError) -> Self { Self(.store(error), error.message, help: error.help) }
    static func notFound(_ name: String, among names: [String]) -> Self {
        Self(
            .pipelineNotFound, "pipeline '\(name)' not found",
            help: Suggestion.didYouMean(name, among: names), remedy: .listPipelines)
    }
}
