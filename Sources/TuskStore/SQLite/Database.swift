import CSQLite
import Foundation

/// One SQLite connection, with the statements it has compiled.
///
/// The store's own thin layer over SQLite's C API, in place of GRDB: the store needs a connection,
/// compiled statements, rows and a pool, not a record layer, and GRDB was both most of a clean
/// build (84 s of one core, the largest single part of `make demo`'s wait) and a third of the cost
/// of a one-row transaction (35 µs through `DatabasePool.write`, 17 µs through the C API; a probe,
/// medians of 20,000). The names (`Database`, `Statement`, `Row`, `StatementArguments`) follow
/// GRDB's, which the store was written against.
///
/// A connection is used by one thread at a time: ``ConnectionPool`` hands it out under a lock,
/// so it is opened without SQLite's own mutex.
final class Database {
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    init(path: String) throws(DatabaseError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard let handle else { throw DatabaseError(code: code, message: "out of memory", sql: nil) }
        guard code == SQLITE_OK else {
            let error = DatabaseError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: nil)
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// A statement compiled once per connection and kept: the store's queries are a fixed set
    /// (the tree's depend only on how many layers a commit has).
    func cachedStatement(sql: String) throws(DatabaseError) -> Statement {
        if let statement = statements[sql] { return statement }
        let statement = try makeStatement(sql: sql)
        statements[sql] = statement
        return statement
    }

    /// A statement compiled for this use only.
    func makeStatement(sql: String) throws(DatabaseError) -> Statement {
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, 0, &pointer, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
        guard let pointer else {
            throw DatabaseError(code: SQLITE_MISUSE, message: "no statement in the text", sql: sql)
        }
        return Statement(pointer, database: self, sql: sql)
    }

    /// Runs every statement of `sql` in turn; positional arguments are taken by each statement in
    /// order, as many as it has parameters.
    func execute(sql: String, arguments: StatementArguments = []) throws(DatabaseError) {
        var consumed = 0
        try sql.utf8CString.withUnsafeBufferPointer { (text) throws(DatabaseError) in
            var next = text.baseAddress
            while let start = next, start.pointee != 0 {
                var pointer: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v3(handle, start, -1, 0, &pointer, &tail)
                guard code == SQLITE_OK else { throw error(code, sql: sql) }
                next = tail
                guard let pointer else { continue }  // only blanks or a comment were left
                let statement = Statement(pointer, database: self, sql: sql)
                consumed += try statement.bind(arguments, from: consumed)
                try statement.run()
            }
        }
        guard consumed == arguments.values.count || !arguments.names.isEmpty else {
            throw DatabaseError(
                code: SQLITE_MISUSE, message: "\(arguments.values.count) arguments for \(consumed) parameters",
                sql: sql)
        }
    }

    /// The rowid of the last row this connection inserted.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether the main schema has a table of that name.
    func tableExists(_ name: String) throws(DatabaseError) -> Bool {
        try Bool.fetchOne(
            cachedStatement(sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE"),
            arguments: [name]) ?? false
    }

    /// Whether a transaction is open (SQLite ends one itself on some errors).
    var isInsideTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Rolls back the open transaction, if SQLite has not already.
    func rollback() throws(DatabaseError) {
        if isInsideTransaction { try cachedStatement(sql: "ROLLBACK TRANSACTION").run() }
    }

    enum CheckpointMode: Int32 {
        case passive = 0, full = 1, restart = 2, truncate = 3  // SQLITE_CHECKPOINT_*
    }

    /// Copies the write-ahead log into the database file; returns the log's frames and how many of
    /// them are now in the file.
    @discardableResult
    func checkpoint(_ mode: CheckpointMode) throws(DatabaseError) -> (walFrameCount: Int, checkpointedFrameCount: Int) {
        var frames: Int32 = -1
        var checkpointed: Int32 = -1
        let code = sqlite3_wal_checkpoint_v2(handle, nil, mode.rawValue, &frames, &checkpointed)
        guard code == SQLITE_OK else { throw error(code, sql: nil) }
        return (Int(frames), Int(checkpointed))
    }

    /// The error SQLite reports for `code`, with its message.
    func error(_ code: Int32, sql: String?) -> DatabaseError {
        DatabaseError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

/// A compiled statement. Each use binds its arguments anew and resets it when done, so a statement
/// never keeps a read snapshot open between uses.
final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    let sql: String

    fileprivate init(_ handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// The names of the result's columns, read once.
    lazy var columnNames: [String] = (0..<sqlite3_column_count(handle)).map {
        String(cString: sqlite3_column_name(handle, $0))
    }

    /// Runs the statement to its end, binding `arguments` first when given.
    func execute(arguments: StatementArguments? = nil) throws(DatabaseError) {
        if let arguments { try bindAll(arguments) }
        try run()
    }

    /// Binds `arguments`, which must fill every parameter.
    func bindAll(_ arguments: StatementArguments) throws(DatabaseError) {
        let used = try bind(arguments, from: 0)
        if arguments.names.isEmpty, used != arguments.values.count {
            throw DatabaseError(
                code: SQLITE_MISUSE, message: "\(arguments.values.count) arguments for \(used) parameters", sql: sql)
        }
    }

    /// Binds this statement's parameters: named ones by name, the others from `values[start...]`.
    /// Returns how many positional values it took.
    fileprivate func bind(_ arguments: StatementArguments, from start: Int) throws(DatabaseError) -> Int {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let count = sqlite3_bind_parameter_count(handle)
        var next = start
        for index in 0..<count {
            let value: DatabaseValue
            if let name = sqlite3_bind_parameter_name(handle, index + 1), !arguments.names.isEmpty {
                let key = String(cString: name).dropFirst()  // ":name"
                guard let named = arguments.names[String(key)] else {
                    throw DatabaseError(code: SQLITE_MISUSE, message: "no argument for :\(key)", sql: sql)
                }
                value = named
            } else {
                guard next < arguments.values.count else {
                    throw DatabaseError(
                        code: SQLITE_MISUSE, message: "\(arguments.values.count) arguments for more parameters",
                        sql: sql)
                }
                value = arguments.values[next]
                next += 1
            }
            let code = value.bind(to: handle, at: index + 1)
            guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
        }
        return next - start
    }

    /// Steps to the end, discarding any rows.
    func run() throws(DatabaseError) {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw database.error(code, sql: sql) }
        }
    }

    /// Steps once: true with a row to read, false at the end (the statement is then reset).
    func step() throws(DatabaseError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw database.error(code, sql: sql) }
        return false
    }

    /// The current row's value in column `index`.
    func value(at index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_blob(handle, index), count > 0 else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        default: return .null
        }
    }
}

/// A failure SQLite reported: its primary result code and message.
struct DatabaseError: Error, CustomStringConvertible {
    let resultCode: ResultCode
    let message: String?
    let sql: String?

    init(code: Int32, message: String?, sql: String?) {
        self.resultCode = ResultCode(rawValue: code & 0xFF)
        self.message = message
        self.sql = sql
    }

    var description: String {
        "SQLite error \(resultCode.rawValue): \(message ?? "")" + (sql.map { " - while executing `\($0)`" } ?? "")
    }
}

/// SQLite's primary result codes, the ones the store tells apart.
struct ResultCode: Equatable, Sendable {
    let rawValue: Int32
    static let SQLITE_ERROR = ResultCode(rawValue: CSQLite.SQLITE_ERROR)
    static let SQLITE_PERM = ResultCode(rawValue: CSQLite.SQLITE_PERM)
    static let SQLITE_BUSY = ResultCode(rawValue: CSQLite.SQLITE_BUSY)
    static let SQLITE_LOCKED = ResultCode(rawValue: CSQLite.SQLITE_LOCKED)
    static let SQLITE_READONLY = ResultCode(rawValue: CSQLite.SQLITE_READONLY)
    static let SQLITE_IOERR = ResultCode(rawValue: CSQLite.SQLITE_IOERR)
    static let SQLITE_CORRUPT = ResultCode(rawValue: CSQLite.SQLITE_CORRUPT)
    static let SQLITE_FULL = ResultCode(rawValue: CSQLite.SQLITE_FULL)
    static let SQLITE_CANTOPEN = ResultCode(rawValue: CSQLite.SQLITE_CANTOPEN)
    static let SQLITE_TOOBIG = ResultCode(rawValue: CSQLite.SQLITE_TOOBIG)
    static let SQLITE_CONSTRAINT = ResultCode(rawValue: CSQLite.SQLITE_CONSTRAINT)
    static let SQLITE_MISUSE = ResultCode(rawValue: CSQLite.SQLITE_MISUSE)
    static let SQLITE_NOTADB = ResultCode(rawValue: CSQLite.SQLITE_NOTADB)
}
