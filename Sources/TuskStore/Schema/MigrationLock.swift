#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a file beside the database, held while a process checks and migrates
/// the schema: processes opening one store at once take turns, and the second finds the work done.
struct MigrationLock: ~Copyable {
    private let descriptor: Int32

    /// Blocks until the lock is ours; without a lock file (a read-only folder) it does nothing.
    init(path: String) {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor >= 0 { _ = flock(descriptor, LOCK_EX) }
    }

    deinit {
        if descriptor >= 0 {
            _ = flock(descriptor, LOCK_UN)
            _ = close(descriptor)
        }
    }
}
