import TuskCore

/// A file entry of a tree: which content it holds.
struct StoredFile: Equatable {
    let content: Int64
    let hash: ContentHash
    let size: Int
}
