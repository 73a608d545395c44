import Foundation

extension Store {
    /// Writes (or replaces) documents, and deletes `deleting` keys, in one transaction.
    public func write(documents: [Document], deleting: [(collection: String, key: String)] = [])
        throws(StoreError)
    {
        try write { db in try Store.save(db, documents, deleting: deleting) }
    }

    /// Reads a document and writes what `change` makes of it, in one transaction, so two
    /// processes changing the same record never lose each other's change. `change` returns nil
    /// to write nothing; its result is returned either way.
    public func update<T>(
        collection: String, key: String, _ change: (_ current: Data?) -> (value: Data?, result: T)
    ) throws(StoreError) -> T {
        try write { db in
            let current = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM document WHERE collection = ? AND key = ?"),
                arguments: [collection, key])
            let (value, result) = change(current)
            if let value { try Store.save(db, [Document(collection: collection, key: key, value: value)]) }
            return result
        }
    }

    /// Every document of a collection, by key.
    public func documents(in collection: String) throws(StoreError) -> [Document] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT key, value FROM document WHERE collection = ? ORDER BY key"),
                arguments: [collection]
            ).map { Document(collection: collection, key: $0["key"], value: $0["value"]) }
        }
    }

    /// One document, or nil.
    public func document(in collection: String, key: String) throws(StoreError) -> Document? {
        try read { db in
            try Data.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM document WHERE collection = ? AND key = ?"),
                arguments: [collection, key]
            ).map { Document(collection: collection, key: key, value: $0) }
        }
    }

    static func save(_ db: Database, _ documents: [Document], deleting: [(collection: String, key: String)] = [])
        throws
    {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO document (collection, key, value) VALUES (?, ?, ?)
                ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value
                """)
        for document in documents {
            try upsert.execute(arguments: [document.collection, document.key, document.value])
        }
        let delete = try db.cachedStatement(sql: "DELETE FROM document WHERE collection = ? AND key = ?")
        for item in deleting { try delete.execute(arguments: [item.collection, item.key]) }
    }
}
