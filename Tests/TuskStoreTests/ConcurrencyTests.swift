import Foundation
import Synchronization
import Testing
import TuskCore

@testable import TuskStore

/// Several stores opened on one directory, as several tusk processes would: writers queue,
/// readers never fail, nothing is lost or doubled.
@Suite struct ConcurrencyTests {
    let repo = Fixture.repo("shared")
    let master = Fixture.branch("master")

    @Test func concurrentWritersLoseAndDuplicateNothing() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Store.open(directory: directory).createRepo(repo)
        let writers = 4, puts = 25
        let acknowledged = Mutex<[CommitInfo]>([])
        let failures = Mutex<[String]>([])
        let reads = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: writers + 1) { worker in
            do {
                let store = try Store.open(directory: directory)
                if worker == writers {
                    // A reader beside the writers: every read succeeds and sees a whole commit.
                    for _ in 0..<50 {
                        for commit in try store.listCommits(repo, branch: master).prefix(3) {
                            let files = try store.files(repo, commit.id)
                            if files.count != commit.fileCount { failures.withLock { $0.append("torn read") } }
                        }
                        reads.withLock { $0 += 1 }
                    }
                    return
                }
                for n in 0..<puts {
                    guard
                        case .committed(let commit) = try store.put(
                            [Fixture.write("/w\(worker)/\(n)", "\(worker):\(n)")], repo: repo, branch: master)
                    else { continue }
                    acknowledged.withLock { $0.append(commit) }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(reads.withLock { $0 } == 50)
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count == writers * puts)
        let store = try Store.open(directory: directory)
        let history = try store.listCommits(repo, branch: master)
        // Every acknowledged put is in the branch's history exactly once, in clock order.
        #expect(history.count == writers * puts)
        #expect(Set(history.map(\.id)) == Set(acked.map(\.id)))
        #expect(Set(history.map(\.sequence)).count == history.count)
        #expect(history.map(\.sequence) == history.map(\.sequence).sorted(by: >))
        let head = try #require(history.first)
        #expect(head.fileCount == writers * puts)
        #expect(try store.readFile(repo, head.id, Fixture.path("/w3/24")) == Array("3:24".utf8))
    }

    @Test func storesOpenedAtOnceOnANewDirectoryAllMigrate() throws {
        // Several processes starting on a new store at once all create and migrate it; repeated,
        // because the race between two migrators is narrow.
        let failures = Mutex<[String]>([])
        for _ in 0..<20 {
            let directory = Fixture.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { _ = try Store.open(directory: directory).listRepos() } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
    }

    @Test func aWriterThatWaitsTooLongIsToldTheStoreIsBusy() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let holder = try Store.open(directory: directory)
        try holder.createRepo(repo)
        let waiter = try Store.open(directory: directory, configuration: StoreConfiguration(busyTimeout: 0.2))
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // Another process in the middle of a long write.
            try? holder.write { _ in
                holding.signal()
                release.wait()
            }
            done.signal()
        }
        holding.wait()
        let error = #expect(throws: StoreError.self) {
            try waiter.put([Fixture.write("/a", "1")], repo: repo, branch: master)
        }
        #expect(error?.kind == .busy)
        #expect(error?.description == "store is busy: another tusk process is writing (try again when it has finished)")
        // Readers are never blocked by the writer.
        #expect(try waiter.listRepos().map(\.name) == [repo])
        release.signal()
        done.wait()
        try waiter.put([Fixture.write("/a", "1")], repo: repo, branch: master)
        #expect(try waiter.listCommits(repo).count == 1)
    }
}
