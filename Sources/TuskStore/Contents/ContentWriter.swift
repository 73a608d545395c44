import Foundation
import TuskCore

/// Stores one file's contents as content-addressed chunks while its bytes stream in.
///
/// Bytes are cut into chunks of the store's chunk size; each chunk is stored once by its own
/// SHA-256, so equal chunks (a file put twice, the unchanged start of an appended file) take no
/// new space, and no chunk comes near SQLite's one-gigabyte limit on a value. Memory stays at
/// one chunk whatever the file's size. The whole content is named by the SHA-256 of all its bytes,
/// computed on the way ( ``SHA256Stream`` ), so the same bytes always get the same hash however
/// they were written.
struct ContentWriter {
    private let db: Database
    private let chunkSize: Int
    private var hasher = SHA256Stream()
    /// Chunks already stored, by offset.
    private var pieces: [(offset: Int, chunk: Int64)] = []
    /// Bytes not yet cut into a chunk; they start at `flushed`.
    private var buffer: [UInt8] = []
    private var flushed = 0
    /// Chunks this writer added, removed again when the content turns out to exist already.
    private var added: [Int64] = []

    init(_ db: Database, chunkSize: Int) {
        self.db = db
        self.chunkSize = max(64, chunkSize)
        buffer.reserveCapacity(min(self.chunkSize, 1 << 16))
    }

    /// A writer that continues `content`: its whole chunks are reused as they are, and only its
    /// last chunk (plus, for the hash, its last partial 64-byte block) is read back.
    init(_ db: Database, chunkSize: Int, appendingTo content: StoredContent) throws {
        self.init(db, chunkSize: chunkSize)
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT offset, chunk FROM piece WHERE content = ? ORDER BY offset"),
            arguments: [content.id])
        let state = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT hashState FROM content WHERE id = ?"), arguments: [content.id])
        guard let state, let saved = SHA256Stream.Saved([UInt8](state)), saved.count <= content.size else {
            throw StoreError.corrupt("content \(content.hash.short) has no valid hash state")
        }
        let lastOffset: Int = rows.last?["offset"] ?? 0
        let start = min(lastOffset, Int(saved.count))
        var tail: [UInt8] = []
        try Store.readContent(db, content.id, from: start) { tail.append(contentsOf: $0) }
        guard tail.count == content.size - start else {
            throw StoreError.corrupt("content \(content.hash.short) is shorter than its recorded size")
        }
        hasher = SHA256Stream(resuming: saved)
        hasher.update(tail[(Int(saved.count) - start)...])
        pieces = rows.dropLast().map { ($0["offset"], $0["chunk"]) }
        flushed = lastOffset
        buffer = Array(tail[(lastOffset - start)...])
        try flushWholeChunks()
    }

    mutating func write(_ bytes: some Collection<UInt8>) throws {
        hasher.update(bytes)
        var rest = bytes[...]
        while !rest.isEmpty {
            let take = min(chunkSize - buffer.count, rest.count)
            buffer.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            try flushWholeChunks()
        }
    }

    /// Streams a local file in, one chunk at a time, asking `cancellation` before each.
    mutating func write(contentsOf url: URL, cancellation: CancellationFlag? = nil) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            throw StoreError.cannotReadLocal(url.path, reason: "no such file")
        }
        if isDirectory.boolValue { throw StoreError.cannotReadLocal(url.path, reason: "it is a directory") }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw StoreError.cannotReadLocal(url.path, reason: "permission denied")
        }
        defer { try? handle.close() }
        while true {
            if cancellation?.isCancelled == true { throw StoreError.cancelled() }
            let data: Data?
            do {
                data = try handle.read(upToCount: chunkSize)
            } catch {
                throw StoreError.cannotReadLocal(url.path, reason: "read failed (\((error as NSError).code))")
            }
            guard let data, !data.isEmpty else { return }
            try write(data)
        }
    }

    /// Stores the content row (or finds the same bytes already stored) and returns it.
    mutating func finish() throws -> StoredContent {
        let hash = hasher.finalized()
        let size = flushed + buffer.count
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM content WHERE hash = ?"), arguments: [hash.hex])
        {
            for chunk in added {
                try db.cachedStatement(sql: "DELETE FROM chunk WHERE id = ?").execute(arguments: [chunk])
            }
            return StoredContent(id: id, hash: hash, size: size)
        }
        if !buffer.isEmpty {
            // A content of one chunk is its own chunk: its hash is already known.
            try flush(count: buffer.count, hash: pieces.isEmpty && flushed == 0 ? hash : nil)
        }
        try db.cachedStatement(sql: "INSERT INTO content (hash, size, hashState) VALUES (?, ?, ?)").execute(arguments: [
            hash.hex, size, Data(hasher.saved.bytes),
        ])
        let id = db.lastInsertedRowID
        let insert = try db.cachedStatement(sql: "INSERT INTO piece (content, offset, chunk) VALUES (?, ?, ?)")
        for piece in pieces { try insert.execute(arguments: [id, piece.offset, piece.chunk]) }
        return StoredContent(id: id, hash: hash, size: size)
    }

    private mutating func flushWholeChunks() throws {
        while buffer.count >= chunkSize { try flush(count: chunkSize, hash: nil) }
    }

    private mutating func flush(count: Int, hash: ContentHash?) throws {
        let bytes = buffer.count == count ? buffer : Array(buffer[..<count])
        let hash = hash ?? ContentHash(of: bytes)
        let chunk: Int64
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM chunk WHERE hash = ?"), arguments: [hash.hex])
        {
            chunk = id
        } else {
            try db.cachedStatement(sql: "INSERT INTO chunk (hash, size, data) VALUES (?, ?, ?)").execute(arguments: [
                hash.hex, bytes.count, Data(bytes),
            ])
            chunk = db.lastInsertedRowID
            added.append(chunk)
        }
        pieces.append((flushed, chunk))
        flushed += count
        buffer.removeFirst(count)
    }
}
