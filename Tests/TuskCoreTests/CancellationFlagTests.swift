import Foundation
import Synchronization
import Testing

@testable import TuskCore

@Suite struct CancellationFlagTests {
    @Test func aFreshFlagLetsWorkGoOn() throws {
        let flag = CancellationFlag()
        #expect(!flag.isCancelled)
        try flag.check()
    }

    @Test func cancelMakesCheckThrowCancellationErrorAndStays() {
        let flag = CancellationFlag()
        flag.cancel()
        #expect(flag.isCancelled)
        #expect(throws: CancellationError.self) { try flag.check() }
        // Raised once, raised for good: a second check throws too, and cancelling again is harmless.
        flag.cancel()
        #expect(throws: CancellationError.self) { try flag.check() }
    }

    @Test func workStopsAtTheFirstCheckAfterCancel() {
        let flag = CancellationFlag()
        var finished = 0
        let error = #expect(throws: CancellationError.self) {
            for step in 0..<10 {
                try flag.check()
                finished += 1
                if step == 3 { flag.cancel() }
            }
        }
        #expect(error != nil)
        #expect(finished == 4)
    }

    @Test func aPolledSourceRaisesTheFlagAndIsNotAskedAgain() {
        let answers = Mutex<[Bool]>([false, false, true])
        let asked = Mutex(0)
        let flag = CancellationFlag(polling: {
            asked.withLock { $0 += 1 }
            return answers.withLock { $0.isEmpty ? false : $0.removeFirst() }
        })
        #expect(!flag.isCancelled)
        #expect(!flag.isCancelled)
        #expect(flag.isCancelled)
        // The source said yes once (as a signal flag that is cleared when read): the flag keeps it.
        #expect(flag.isCancelled)
        #expect(throws: CancellationError.self) { try flag.check() }
        #expect(asked.withLock { $0 } == 3)
    }

    @Test func cancelFromAnotherThreadStopsTheWorker() {
        let flag = CancellationFlag()
        let stopped = DispatchSemaphore(value: 0)
        // A thread of its own, not a task: the cooperative pool may be busy with other tests.
        Thread.detachNewThread {
            while (try? flag.check()) != nil { usleep(1000) }
            stopped.signal()
        }
        usleep(20_000)
        #expect(stopped.wait(timeout: .now()) == .timedOut)
        flag.cancel()
        #expect(stopped.wait(timeout: .now() + 10) == .success)
    }
}
