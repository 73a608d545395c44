import TuskCore

/// One parsed command of the DSL. The names follow pachctl's verbs.
public enum Statement: Sendable, Equatable {
    case createRepo(Located<RepoName>, description: String)
    case listRepo
    case inspectRepo(Located<RepoName>)
    case deleteRepo(Located<RepoName>)
    /// Creates a branch, or moves its head when it exists (deferred processing).
    case createBranch(BranchAddress, head: Located<CommitRef>?)
    case listBranch(Located<RepoName>)
    case putFile(BranchAddress, source: Located<String>, append: Bool, message: String?)
    case startCommit(BranchAddress, message: String?)
    case finishCommit(BranchAddress, message: String?)
    case getFile(Address, output: Located<String>?)
    case listFile(Address)
    case globFile(Address, pattern: Located<String>)
    /// Compares a path in one commit with the same or another path elsewhere (by default, the
    /// parent commit).
    case diffFile(Address, Address?)
    case listCommit(Address)
    case inspectCommit(Address)
    case describe(DataRef, DataOptions, target: Located<String>?)
    case train(
        kind: Located<String>, data: DataRef, DataOptions, target: Located<String>?, seed: Int,
        exclude: [Located<String>],
        output: DataRef)
    case evaluate(model: DataRef, data: DataRef, DataOptions)
    case predict(model: DataRef, input: PredictInput, DataOptions, output: DataRef?)
    case audit(model: DataRef, data: DataRef, AuditOptions, DataOptions)
    case auditData(DataRef, target: Located<String>?, AuditOptions, DataOptions)
    case explain(model: DataRef, record: Located<String>)
    case outliers(model: DataRef, data: DataRef, percentile: Int, DataOptions)
    case drift(reference: DataRef, data: DataRef, exclude: [Located<String>], alpha: Double, DataOptions)
    case help(topic: Located<String>?)
}

/// What an audit looks at and where it draws its lines.
public struct AuditOptions: Sendable, Equatable {
    public var protected: [Located<String>] = []
    /// Attribute → privileged group.
    public var privileged: [String: Located<String>] = [:]
    public var minDisparateImpact: Double?
    public var maxDifference: Double?
    public var maxFlipRate: Double?

    public init() {}
}

/// Where data lives: a local file, or a file in the store.
public enum DataRef: Sendable, Equatable {
    case local(Located<String>)
    case store(Address)

    public var span: SourceSpan {
        switch self {
        case .local(let path): path.span
        case .store(let address): address.span
        }
    }
}

/// How to read a data file: a known layout, column names, a delimiter.
public struct DataOptions: Sendable, Equatable {
    public var schema: Located<String>?
    public var columns: Located<[String]>?
    public var delimiter: Located<String>?

    public init(schema: Located<String>? = nil, columns: Located<[String]>? = nil, delimiter: Located<String>? = nil) {
        self.schema = schema
        self.columns = columns
        self.delimiter = delimiter
    }
}

/// What `predict` scores: a dataset, or one JSON record.
public enum PredictInput: Sendable, Equatable {
    case data(DataRef)
    case record(Located<String>)
}
