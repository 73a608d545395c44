import Dispatch
import Foundation
import TuskStore

/// Copies the store's write-ahead log into its database file every `interval` seconds, on a
/// thread of its own and a connection of its own, while the server runs.
///
/// Why: SQLite checkpoints inside the commit that takes the log past 1,000 pages, and that commit
/// is a group's, so every request of the groups queued behind it waited for the copy (about 4 MB,
/// and a sync of the file). Copied in the background as it is written, the log leaves that commit
/// little to do: under wrk (`bench/serve.sh`, 32 connections) the 99th percentile went from
/// 5.4 ms to 3.2–4.6 ms, and the log stays at its 4 MB. Leaving the checkpoints to this thread
/// alone (no checkpoint in the commits) does not work: a server that never stops committing never
/// has its whole log copied, so SQLite never starts it again from the beginning, and it grew to
/// 670 MB in 10 s.
final class Checkpointer: Sendable {
    private let store: Store
    private let stopping = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts checkpointing `store` (a checkpoint that fails, such as one that met a busy lock, is
    /// tried again at the next tick).
    init(store: Store, interval: Double = 0.02) {
        self.store = store
        let thread = Thread { [self] in
            while stopping.wait(timeout: .now() + interval) == .timedOut { try? store.checkpoint() }
            try? store.checkpoint()
            finished.signal()
        }
        thread.name = "tusk-checkpoint"
        thread.start()
    }

    /// Checkpoints what is left and returns once done.
    func stop() {
        stopping.signal()
        finished.wait()
    }
}
