/// How a store cuts file contents and how long it waits for another process.
///
/// The defaults suit every store; tests shrink the chunk size to exercise multi-chunk files with
/// a few kilobytes, and the busy timeout to see a busy store fail quickly.
public struct StoreConfiguration: Sendable, Equatable {
    /// The largest piece file contents are stored in (bytes, at least 64). Equal pieces are
    /// stored once, and reading or writing holds one piece in memory at a time.
    public var chunkSize: Int
    /// How long a call waits for another process's write to finish before it fails with
    /// ``StoreError/Kind/busy`` (seconds).
    public var busyTimeout: Double

    public init(chunkSize: Int = 1 << 20, busyTimeout: Double = 5) {
        self.chunkSize = chunkSize
        self.busyTimeout = busyTimeout
    }
}
