import CSQLite
import Foundation

/// A value as SQLite stores it.
enum DatabaseValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds the value to parameter `index` (from 1); SQLite copies texts and blobs.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .null: return sqlite3_bind_null(statement, index)
        case .integer(let value): return sqlite3_bind_int64(statement, index, value)
        case .real(let value): return sqlite3_bind_double(statement, index, value)
        case .text(let value) where value.isEmpty: return sqlite3_bind_text(statement, index, "", 0, Self.transient)
        case .text(var value):
            // By its byte count, not up to a NUL: a text holding one is stored whole.
            return value.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text64(
                        statement, index, $0.baseAddress, UInt64($0.count), Self.transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let value) where value.isEmpty:
            // A blob, not NULL: bind_blob with no bytes has no pointer to give, and a nil pointer binds NULL.
            return sqlite3_bind_zeroblob(statement, index, 0)
        case .blob(let value):
            return value.withUnsafeBytes { raw in
                // 64-bit lengths: a value past SQLite's limit is SQLITE_TOOBIG, not a trap here.
                sqlite3_bind_blob64(statement, index, raw.baseAddress, UInt64(raw.count), Self.transient)
            }
        }
    }
}

/// A Swift type stored as one SQLite value.
protocol DatabaseValueConvertible {
    var databaseValue: DatabaseValue { get }
    /// The value read back, or nil when the stored value cannot be one.
    static func fromDatabaseValue(_ value: DatabaseValue) -> Self?
}

extension Int64: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(self) }
    static func fromDatabaseValue(_ value: DatabaseValue) -> Int64? {
        switch value {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value)
        default: nil
        }
    }
}

extension Int: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(Int64(self)) }
    static func fromDatabaseValue(_ value: DatabaseValue) -> Int? { Int64.fromDatabaseValue(value).map(Int.init) }
}

extension Bool: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
    static func fromDatabaseValue(_ value: DatabaseValue) -> Bool? { Int64.fromDatabaseValue(value).map { $0 != 0 } }
}

extension Double: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .real(self) }
    static func fromDatabaseValue(_ value: DatabaseValue) -> Double? {
        switch value {
        case .integer(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }
}

extension String: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .text(self) }
    static func fromDatabaseValue(_ value: DatabaseValue) -> String? {
        switch value {
        case .text(let value): value
        case .blob(let data): String(data: data, encoding: .utf8)
        default: nil
        }
    }
}

extension Data: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .blob(self) }
    static func fromDatabaseValue(_ value: DatabaseValue) -> Data? {
        switch value {
        case .blob(let data): data
        case .text(let text): Data(text.utf8)
        default: nil
        }
    }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
    static func fromDatabaseValue(_ value: DatabaseValue) -> Wrapped?? {
        if value == .null { return .some(nil) }
        return Wrapped.fromDatabaseValue(value).map { .some($0) }
    }
}

/// A statement's arguments: positional values, or values by parameter name (`:name`).
struct StatementArguments: ExpressibleByArrayLiteral {
    var values: [DatabaseValue]
    var names: [String: DatabaseValue]

    init(_ values: [(any DatabaseValueConvertible)?]) {
        self.values = values.map { $0?.databaseValue ?? .null }
        self.names = [:]
    }

    init(_ names: [String: (any DatabaseValueConvertible)?]) {
        self.values = []
        self.names = names.mapValues { $0?.databaseValue ?? .null }
    }

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) { self.init(elements) }

    static func + (lhs: StatementArguments, rhs: StatementArguments) -> StatementArguments {
        var sum = lhs
        sum.values += rhs.values
        sum.names.merge(rhs.names) { $1 }
        return sum
    }
}

/// A row read from a statement: its values, copied, with their column names.
struct Row {
    let columns: [String]
    let values: [DatabaseValue]

    /// The statement's current row.
    init(_ statement: Statement, columns: [String]) {
        self.columns = columns
        self.values = (0..<Int32(columns.count)).map(statement.value(at:))
    }

    /// The value of column `index` (from 0), as `Value`; a value that cannot be one is a store
    /// whose schema was changed behind its back, and stops the program as GRDB did.
    subscript<Value: DatabaseValueConvertible>(_ index: Int) -> Value {
        guard let value = Value.fromDatabaseValue(values[index]) else {
            preconditionFailure("column \(columns[index]) holds \(values[index]), not a \(Value.self)")
        }
        return value
    }

    /// The value of the column named `name` (the first of that name, in any case), as `Value`.
    subscript<Value: DatabaseValueConvertible>(_ name: String) -> Value {
        guard let index = index(of: name) else { preconditionFailure("no column \(name) in \(columns)") }
        return self[index]
    }

    func hasColumn(_ name: String) -> Bool { index(of: name) != nil }

    private func index(of name: String) -> Int? {
        columns.firstIndex(of: name) ?? columns.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// Rows read one at a time, for results too large to hold: the statement is reset at the end or
/// when the cursor goes.
final class RowCursor {
    private let statement: Statement
    private let columns: [String]
    private var done = false

    fileprivate init(_ statement: Statement, arguments: StatementArguments) throws(DatabaseError) {
        try statement.bindAll(arguments)
        self.statement = statement
        self.columns = statement.columnNames
    }

    deinit { if !done { sqlite3_reset(statement.handle) } }

    func next() throws(DatabaseError) -> Row? {
        guard !done else { return nil }
        do {
            guard try statement.step() else {
                done = true
                return nil
            }
        } catch {
            done = true
            throw error
        }
        return Row(statement, columns: columns)
    }
}

extension Row {
    static func fetchCursor(_ statement: Statement, arguments: StatementArguments = []) throws(DatabaseError)
        -> RowCursor
    {
        try RowCursor(statement, arguments: arguments)
    }

    static func fetchCursor(_ db: Database, sql: String, arguments: StatementArguments = []) throws(DatabaseError)
        -> RowCursor
    {
        try RowCursor(db.makeStatement(sql: sql), arguments: arguments)
    }

    static func fetchAll(_ statement: Statement, arguments: StatementArguments = []) throws(DatabaseError) -> [Row] {
        let cursor = try fetchCursor(statement, arguments: arguments)
        var rows: [Row] = []
        while let row = try cursor.next() { rows.append(row) }
        return rows
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws(DatabaseError)
        -> [Row]
    {
        try fetchAll(db.makeStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments = []) throws(DatabaseError) -> Row? {
        let cursor = try fetchCursor(statement, arguments: arguments)
        defer { sqlite3_reset(statement.handle) }
        return try cursor.next()
    }

    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = []) throws(DatabaseError)
        -> Row?
    {
        try fetchOne(db.makeStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    /// The first column of the first row, or nil when there is no row or it holds NULL.
    static func fetchOne(_ statement: Statement, arguments: StatementArguments = []) throws(DatabaseError) -> Self? {
        guard let row = try Row.fetchOne(statement, arguments: arguments), row.values[0] != .null else { return nil }
        let value: Self = row[0]
        return value
    }

    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = []) throws(DatabaseError)
        -> Self?
    {
        try fetchOne(db.makeStatement(sql: sql), arguments: arguments)
    }

    /// The first column of every row.
    static func fetchAll(_ statement: Statement, arguments: StatementArguments = []) throws(DatabaseError) -> [Self] {
        try Row.fetchAll(statement, arguments: arguments).map { $0[0] }
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws(DatabaseError)
        -> [Self]
    {
        try fetchAll(db.makeStatement(sql: sql), arguments: arguments)
    }
}
