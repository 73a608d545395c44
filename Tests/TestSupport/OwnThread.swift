import Foundation
import Testing

/// Runs each test of a suite on a thread of its own instead of Swift's cooperative pool, for tests
/// that block while another process works (a pseudo-terminal's child, a killed writer, a browser).
/// The pool has one thread per core; a test waiting on a child holds one of them, and on 2 cores
/// two such tests left the rest of the run a core or none, with the machine half idle.
public struct OwnThread: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else { return try await function() }
        try await withTaskExecutorPreference(ThreadPerJob.shared) { try await function() }
    }
}

extension Trait where Self == OwnThread {
    /// Each test on a thread of its own (see ``OwnThread``).
    public static var ownThread: OwnThread { OwnThread() }
}

/// A task executor that starts a thread for every job: a test's body is one job until it awaits.
final class ThreadPerJob: TaskExecutor {
    static let shared = ThreadPerJob()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread { job.runSynchronously(on: executor) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
