/// Every error of the trainer: one lowercase line naming the thing, where it is in the data
/// (`file:line:col` when it comes from a file), what it is about, and how to fix it.
///
/// `kind` and `subject` let a caller react without reading the message: a command points an
/// unknown column at the option that named it, as GRDB's `DatabaseError` lets `catch` match codes.
/// The trainer knows no front end: `help` names no command or flag, and ``remedy`` says what
/// would fix it as a fact, for a front end to word in its own terms.
public struct MLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarsely.
    public enum Kind: Sendable, Equatable {
        /// The bytes are not the data they claim to be: bad CSV, ragged rows, bad JSON.
        case malformedData
        /// The data parses but cannot be used as asked (one class, all missing, no features).
        case unusableData
        /// A column the caller named does not exist or has the wrong kind.
        case column
        /// A group of a protected attribute the caller named does not exist.
        case group
        /// A model artifact is malformed, of another version, or inconsistent.
        case invalidModel
        /// The numerical method failed.
        case numerical
        /// The caller asked the work to stop (Ctrl-C); nothing it would have produced exists.
        case cancelled
    }

    /// The name the error is about, so a caller can point at the word that named it.
    public enum Subject: Sendable, Equatable {
        case column(String)
        case group(attribute: String, group: String)
        /// A file read as having a header whose first line looks like data: it has this many
        /// columns, and wants a layout (`--schema`, `--columns`).
        case headerlessFile(columns: Int)
    }

    /// A fix, as a fact: the DSL words it as a command ("give a model written by 'train'"),
    /// another caller in its own terms.
    public indirect enum Remedy: Sendable, Equatable {
        /// Give a model the trainer wrote: this is not one.
        case trainedModel
        /// Train the model again, or restore its file.
        case retrain
        /// Look at each column's range for extreme values.
        case describeRanges
        /// Compare the record's numbers with the ranges of the training data.
        case compareWithTraining
        /// Name a two-valued column as the target.
        case binaryTarget
        /// A file with no header: read it with one of these known layouts (its width), or name
        /// its columns.
        case readLayout(known: [String])
        /// Read the file as the model's training data was read; failing that, `otherwise`.
        case trainingLayout(DataLayout, otherwise: Remedy?)
    }

    public let kind: Kind
    public let subject: Subject?
    public let message: String
    /// The data source, its 1-based line and column, when known.
    public let file: String?
    public let line: Int?
    public let column: Int?
    /// How to fix it, in words that name no command or flag.
    public let help: String?
    /// What would fix it, for a front end to word; nil when `help` says all there is.
    public let remedy: Remedy?

    public init(
        _ message: String, kind: Kind = .unusableData, subject: Subject? = nil, file: String? = nil, line: Int? = nil,
        column: Int? = nil, help: String? = nil, remedy: Remedy? = nil
    ) {
        self.kind = kind
        self.subject = subject
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.help = help
        self.remedy = remedy
    }

    /// `file:line:col`, as far as it is known.
    public var location: String? {
        guard let file else { return nil }
        return [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }

    /// The same error, said of `file` (a model or data source whose name the thrower did not know).
    func located(in file: String) -> MLError {
        MLError(
            message, kind: kind, subject: subject, file: file, line: line, column: column, help: help, remedy: remedy)
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return place + message + (help.map { " (\($0))" } ?? "")
    }

    /// A score that is not a finite number: the row's values overflow the model's arithmetic (a
    /// value near the largest double divided by a small scale), so there is no answer to give.
    public static func nonFiniteScore(_ value: Double, row: Int, of rows: Int, source: String) -> MLError {
        MLError(
            (rows == 1 ? "the record" : "row \(row + 1)") + " scores to \(value) log-odds, not a finite number",
            kind: .numerical, file: source,
            help: "its numbers are too extreme for the model; check them against the training data",
            remedy: .compareWithTraining)
    }
}
