import Synchronization

/// A request to stop, shared between whoever asks (the REPL, on Ctrl-C) and the work that honours
/// it (a training loop, a bulk import).
///
/// Long-running work calls ``check()`` at points where stopping leaves nothing half done, for
/// example between trees or between batches of rows; it throws Swift's `CancellationError`, which
/// the work lets propagate so that its transaction rolls back. Raising the flag never interrupts
/// anything by itself, and once raised it stays raised.
///
///     let flag = CancellationFlag()
///     for tree in 0..<trees {
///         try flag.check()
///         grow(tree)
///     }
///     // elsewhere, on another thread: flag.cancel()
///
/// A flag can also poll a source that cannot call ``cancel()`` itself, such as a signal handler
/// that may only set a C flag: `CancellationFlag(polling: { takeInterrupt() })`.
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let source: (@Sendable () -> Bool)?

    /// A flag that only ``cancel()`` raises.
    public init() {
        source = nil
    }

    /// A flag that ``cancel()`` raises, and that also asks `source` each time it is read; once
    /// `source` says yes, the flag stays raised.
    public init(polling source: @escaping @Sendable () -> Bool) {
        self.source = source
    }

    /// Asks the work to stop. Safe from any thread, any number of times.
    public func cancel() {
        raised.store(true, ordering: .releasing)
    }

    /// Whether the work has been asked to stop.
    public var isCancelled: Bool {
        if raised.load(ordering: .acquiring) { return true }
        guard let source, source() else { return false }
        cancel()
        return true
    }

    /// Throws `CancellationError` when the work has been asked to stop.
    public func check() throws(CancellationError) {
        if isCancelled { throw CancellationError() }
    }
}
