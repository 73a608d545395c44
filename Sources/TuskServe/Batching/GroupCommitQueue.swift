import Dispatch
import Foundation
import NIOCore
import Synchronization

/// Group commit: payloads that arrive while a transaction is being written wait for the next
/// one, and each transaction takes every payload waiting then (up to `maxGroup`).
///
/// Why: one SQLite transaction per request means one sync of the write-ahead log per request,
/// which caps a server at a few thousand requests a second whatever its cores do. Grouping
/// costs an idle server nothing (a lone request is a group of one, written at once) and lets a
/// busy one spread each sync over every request that came in meanwhile. A caller is resumed only
/// after `process` returns, that is after its group's transaction committed: no answer is
/// returned for a request that is not in the log.
///
/// The groups run on one thread of their own, not on the event loops that submit them: SQLite
/// blocks. A group's outcomes go back to each event loop in one task (not one per job): a task
/// handed to a sleeping loop wakes it, and on a busy two-core machine each wake-up can cost the
/// group's thread its core.
final class GroupCommitQueue<Job: Sendable, Outcome: Sendable>: Sendable {
    private struct Waiting: Sendable {
        let job: Job
        let eventLoop: any EventLoop
        let then: @Sendable (Outcome) -> Void
    }

    private struct State {
        var waiting: [Waiting] = []
        var stopped = false
    }

    private let state = Mutex(State())
    /// Signalled once per job submitted and once to stop; the worker takes every job waiting
    /// at each wake-up, so extra signals only cost an empty turn.
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let maxGroup: Int
    private let refusal: @Sendable (Job) -> Outcome
    private let process: @Sendable ([Job]) -> [Outcome]

    /// - Parameters:
    ///   - refusal: what a job submitted after ``stop()`` gets.
    ///   - process: runs one group, on the worker thread; one outcome per job, in order.
    init(
        maxGroup: Int, refusal: @escaping @Sendable (Job) -> Outcome,
        process: @escaping @Sendable ([Job]) -> [Outcome]
    ) {
        self.maxGroup = max(1, maxGroup)
        self.refusal = refusal
        self.process = process
        let thread = Thread { [self] in self.work() }
        thread.name = "tusk-group-commit"
        thread.start()
    }

    /// Queues `job`; `then` is called on `eventLoop` with its outcome once its group is written.
    func submit(_ job: Job, on eventLoop: any EventLoop, then: @escaping @Sendable (Outcome) -> Void) {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.waiting.append(Waiting(job: job, eventLoop: eventLoop, then: then))
            return true
        }
        if accepted {
            wake.signal()
        } else {
            let outcome = refusal(job)
            eventLoop.execute { then(outcome) }
        }
    }

    /// Writes every job already queued, then stops the worker; later jobs are refused.
    func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        wake.signal()
        finished.wait()
    }

    /// Each outcome to its job's event loop, one task per loop.
    private func hand(_ answered: Zip2Sequence<[Waiting], [Outcome]>) {
        var loops: [(eventLoop: any EventLoop, answers: [(then: @Sendable (Outcome) -> Void, outcome: Outcome)])] = []
        for (waiting, outcome) in answered {
            if let index = loops.firstIndex(where: { $0.eventLoop === waiting.eventLoop }) {
                loops[index].answers.append((waiting.then, outcome))
            } else {
                loops.append((waiting.eventLoop, [(waiting.then, outcome)]))
            }
        }
        for (eventLoop, answers) in loops {
            eventLoop.execute { for (then, outcome) in answers { then(outcome) } }
        }
    }

    private func work() {
        while true {
            wake.wait()
            let (group, done) = state.withLock { state -> ([Waiting], Bool) in
                let count = min(state.waiting.count, maxGroup)
                let group = Array(state.waiting.prefix(count))
                state.waiting.removeFirst(count)
                return (group, state.stopped && state.waiting.isEmpty)
            }
            if !group.isEmpty {
                let outcomes = process(group.map(\.job))
                hand(zip(group, outcomes))
                // More may be waiting than one group takes: go round again without a signal.
                if state.withLock({ !$0.waiting.isEmpty }) { wake.signal() }
            }
            if done {
                finished.signal()
                return
            }
        }
    }
}
