#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a file beside the database, held while a process checks and migrates
/// the schema: processes opening one store at once take turns, and the second finds the work done.
struct MigrationLock: ~Copyable {
    private let descriptor: Int32

    /// Waits until the lock is ours, at most `timeout` seconds (the store's busy timeout: another
    /// opener holds it for milliseconds, so a longer wait means it is stuck), then fails with
    /// ``StoreError/Kind/busy``. Without a lock file (a read-only folder) it does nothing.
    init(path: String, timeout: Double) throws(StoreError) {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor >= 0 {
            let deadline = ContinuousClock.now + .milliseconds(Int((timeout * 1000).rounded()))
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                // EWOULDBLOCK: held by another process; anything else: no locking here, go on.
                guard errno == EWOULDBLOCK || errno == EINTR else { break }
                guard ContinuousClock.now < deadline else {
                    // Before `self` is whole, so no deinit closes it a second time.
                    _ = close(descriptor)
                    throw .busy()
                }
                usleep(1000)
            }
        }
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 {
            _ = flock(descriptor, LOCK_UN)
            _ = close(descriptor)
        }
    }
}
