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

    @Test(.timeLimit(.minutes(1))) func cancelFromAnotherThreadStopsTheWorker() async {
        let flag = CancellationFlag()
        let worker = Task.detached {
            while true {
                do { try flag.check() } catch { return "stopped" }
                await Task.yield()
            }
        }
        try? await Task.sleep(for: .milliseconds(20))
        flag.cancel()
        #expect(await worker.value == "stopped")
    }
}
