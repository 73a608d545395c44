import TuskML

/// Requests read from one payload or file, as a table the model scores in one call.
///
/// The table has one column per feature of the ``RequestSchema``, in its order and of its kind:
/// numbers as doubles (NaN when missing), categories as codes into sorted levels (-1 when
/// missing). `ids`, `lines` and the table's rows line up; `rejected` holds the rows of a CSV file
/// that could not be read, which are not in the table (a JSON payload is all or nothing).
public struct RequestBatch: Sendable {
    public let table: Table
    /// Each row's request id, when the payload gives one.
    public let ids: [String?]
    /// Each row's line in its source: the file line in a CSV file; 1 in a JSON payload.
    public let lines: [Int]
    /// CSV rows left out of the table, each with why.
    public let rejected: [RejectedRequest]

    public var count: Int { table.rowCount }

    init(table: Table, ids: [String?], lines: [Int], rejected: [RejectedRequest] = []) {
        self.table = table
        self.ids = ids
        self.lines = lines
        self.rejected = rejected
    }
}

/// A row of a request file that could not be read: its line, the column at fault when there is
/// one, why, and how to fix it. The other rows are answered.
public struct RejectedRequest: Sendable, Equatable, Codable {
    public let line: Int
    public let field: String?
    public let message: String
    public let help: String?

    public init(line: Int, field: String?, message: String, help: String?) {
        self.line = line
        self.field = field
        self.message = message
        self.help = help
    }
}
