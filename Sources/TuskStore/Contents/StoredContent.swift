import TuskCore

/// One stored file content: its row, its SHA-256 and its length.
struct StoredContent: Equatable {
    let id: Int64
    let hash: ContentHash
    let size: Int
}
