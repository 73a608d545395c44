import Dispatch
import Foundation
import TuskCore
import TuskStore

/// Merges the small chunks `tusk serve` logs (a group of concurrent requests each) into chunks
/// of thousands, on a thread of its own, while the server runs: ``Store/compactRequestLog(deployment:from:small:target:limit:)``.
///
/// Why: each group's chunk repeats its column names and levels and has its own summary, so a log
/// of groups of 8 costs 142 bytes a request and `monitor` reads every answer (8.6 s for 6 M
/// requests). The merge reads and encodes outside the write lock; a group's commit waits at most
/// for one replacement of a run's rows by its merged row, or for 256 free pages given back.
final class LogCompactor: Sendable {
    private let stopping = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts compacting `deployment`'s log every `interval` seconds, at once again while there
    /// is more to merge (a log written before this existed is caught up 65,536 requests a call).
    /// A call that fails (the store busy, or read-only) is tried again at the next tick.
    init(store: Store, deployment: DeploymentName, interval: Double = 0.25) {
        let thread = Thread { [self] in
            var resume = 1
            var wait = interval
            while stopping.wait(timeout: .now() + wait) == .timedOut {
                let result = try? store.compactRequestLog(deployment: deployment, from: resume)
                resume = result?.resume ?? resume
                // Nothing left to merge: the pages merging freed beyond what the next chunks
                // will fill go back to the file system, a megabyte at a time, 20 ms apart.
                let merged = (result?.merged ?? 0) > 0
                let returned = merged ? 0 : (try? store.returnFreePages()) ?? 0
                wait = merged ? 0 : returned > 0 ? 0.02 : interval
            }
            finished.signal()
        }
        thread.name = "tusk-compact"
        thread.start()
    }

    /// Returns once the merge under way, if any, is done.
    func stop() {
        stopping.signal()
        finished.wait()
    }
}
