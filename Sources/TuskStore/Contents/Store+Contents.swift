import Foundation
import TuskCore

extension Store {
    /// Feeds a content's bytes from `offset` to its end to `body`, one chunk at a time, so a
    /// file of any size is read with one chunk in memory.
    static func readContent(
        _ db: Database, _ content: Int64, from offset: Int = 0, _ body: (Data) throws -> Void
    ) throws {
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT p.offset, c.data FROM piece p JOIN chunk c ON c.id = p.chunk
                    WHERE p.content = ? AND p.offset + c.size > ? ORDER BY p.offset
                    """), arguments: [content, offset])
        while let row = try cursor.next() {
            let start: Int = row["offset"]
            let data: Data = row["data"]
            try body(start >= offset ? data : data.subdata(in: (offset - start)..<data.count))
        }
    }

    /// A content's whole bytes, for files small enough to hold in memory.
    static func contentBytes(_ db: Database, _ content: StoredContent) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(content.size)
        try readContent(db, content.id) { bytes.append(contentsOf: $0) }
        guard bytes.count == content.size else {
            throw StoreError.corrupt("content \(content.hash.short) is shorter than its recorded size")
        }
        return bytes
    }

    /// Stores the bytes a write brings: new contents, or the old content followed by them.
    func storeContent(
        _ db: Database, _ write: FileWrite, appendingTo old: StoredContent?, cancellation: CancellationFlag? = nil
    ) throws -> StoredContent {
        if case .content(let hash) = write.source {
            guard !write.append else {
                throw StoreError.database("a file copied by reference cannot be appended")
            }
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT id, size FROM content WHERE hash = ?"), arguments: [hash.hex])
            else { throw StoreError.contentNotFound(hash) }
            return StoredContent(id: row["id"], hash: hash, size: row["size"])
        }
        var writer =
            if let old, write.append {
                try ContentWriter(db, chunkSize: configuration.chunkSize, appendingTo: old)
            } else {
                ContentWriter(db, chunkSize: configuration.chunkSize)
            }
        switch write.source {
        case .bytes(let bytes): try writer.write(bytes)
        case .localFile(let url): try writer.write(contentsOf: url, cancellation: cancellation)
        case .content: break
        }
        return try writer.finish()
    }
}
