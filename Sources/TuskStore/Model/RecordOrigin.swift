/// A run of consecutive records (lines, CSV rows) of a file's current content that one commit
/// wrote: what `git blame` shows per line, grouped.
public struct RecordOrigin: Sendable, Equatable {
    /// The records' indexes in the current content, from 0.
    public let records: Range<Int>
    /// The commit that wrote them: the newest commit whose version of the file has them, where
    /// the version before it does not.
    public let commit: CommitInfo
}
