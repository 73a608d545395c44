import Foundation
import Testing
import TuskArtifacts
import TuskCore
import TuskServing
import TuskStore

@testable import TuskServe

/// `tusk serve` merges the small chunks its groups log into chunks of thousands while it runs, and
/// what `why`, `monitor` and the log read back does not change.
@Suite struct ServeLogCompactionTests {
    @Test func theServerMergesItsLogsSmallChunksAndEveryRequestReadsTheSame() async throws {
        let setup = try ServeFixture.liveAndShadow()
        defer { try? FileManager.default.removeItem(atPath: setup.directory) }
        let name = try DeploymentName("production")
        let engine = ServingEngine(
            workspace: Workspace(store: setup.store, files: LocalFiles(baseDirectory: setup.directory)))
        let schema = try engine.schema(of: try engine.registry.named(name))
        // 5,000 requests logged as groups of 1 to 4, as a server's groups log them.
        let rows = try String(contentsOfFile: ServeFixture.datasets + "/requests_v1.csv", encoding: .utf8)
            .split(separator: "\n")
        var sent = 0
        var group = 0
        while sent < 5000 {
            let size = 1 + group % 4
            var csv = rows[0] + "\n"
            for k in sent..<(sent + size) { csv += "g\(k)-" + rows[1 + k % (rows.count - 1)] + "\n" }
            _ = try engine.serve(name, try RequestReader.csv(Array(csv.utf8), source: "group.csv", schema: schema))
            sent += size
            group += 1
        }
        let chunks: @Sendable () throws -> [LoggedChunk] = {
            try setup.store.loggedChunks(deployment: name, summaries: true)
        }
        let before = try setup.store.loggedRequests(deployment: name)
        let report = try engine.monitor(try engine.window(name, summaries: true))
        #expect(try chunks().count == group)

        let (counts, _) = try await ServeFixture.withServer(setup) { _ in
            // The server's compactor merges within its first ticks.
            for _ in 0..<200 {
                let counts = try chunks().map(\.count)
                if counts[0] >= 4096 { return counts }
                try await Task.sleep(for: .milliseconds(50))
            }
            return try chunks().map(\.count)
        }
        // The first 4,096 requests and more (up to the group that reached it) in one chunk; the
        // rest, short of another 4,096, waits at the end for more requests.
        #expect(counts[0] >= 4096 && counts[0] < 4100)
        #expect(counts.dropFirst().allSatisfy { $0 <= 4 } && counts.count < group / 3)
        let after = try setup.store.loggedRequests(deployment: name)
        #expect(after.count == 5000)
        #expect(after.map(\.requestID) == before.map(\.requestID))
        #expect(after.map(\.answers) == before.map(\.answers))
        #expect(after.map { $0.input.map { "\($0.value)" } } == before.map { $0.input.map { "\($0.value)" } })
        #expect(try setup.store.loggedRequests(deployment: name, id: before[4321].requestID).map(\.sequence) == [4322])
        // The same report, counted from the merged chunks' summed summaries.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            try encoder.encode(try engine.monitor(try engine.window(name, summaries: true)))
                == (try encoder.encode(report)))
    }
}
