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
    /// How the requests were written, so an answer can mirror it (Seldon answers a `tensor`
    /// with a tensor, an `ndarray` with an ndarray).
    public let layout: Layout

    /// The shapes a payload or file comes in.
    public enum Layout: Sendable, Equatable {
        /// A plain JSON record.
        case record
        /// Seldon `{"data": {"names": …, "ndarray": …}}`.
        case ndarray
        /// Seldon `{"data": {"names": …, "tensor": {"shape": …, "values": …}}}`.
        case tensor
        /// Seldon `{"jsonData": {…}}` or `{"jsonData": [{…}, …]}`: records.
        case jsonData
        /// Open Inference (KServe V2) `{"inputs": […]}`, JSON or binary tensors.
        case openInference
        /// A CSV request file.
        case csv
    }

    public var count: Int { table.rowCount }

    /// The same requests under other ids, one per row: a load generator's stream of fresh requests.
    public func withIDs(_ ids: [String?]) -> RequestBatch {
        precondition(ids.count == count, "\(ids.count) ids for \(count) requests")
        return RequestBatch(table: table, ids: ids, lines: lines, rejected: rejected, layout: layout)
    }

    init(table: Table, ids: [String?], lines: [Int], rejected: [RejectedRequest] = [], layout: Layout = .record) {
        self.table = table
        self.ids = ids
        self.lines = lines
        self.rejected = rejected
        self.layout = layout
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
