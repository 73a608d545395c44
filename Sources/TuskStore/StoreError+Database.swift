extension StoreError {
    /// The store's error for a failure in SQLite, by its result code.
    static func from(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return .database("\(error)") }
        let reason = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy()
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .corrupt(reason)
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN: return .io(reason)
        case .SQLITE_TOOBIG: return .tooLarge(reason)
        default: return .database(reason)
        }
    }
}
