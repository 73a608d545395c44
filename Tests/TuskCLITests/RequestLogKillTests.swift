import Foundation
import TestSupport
import Testing
import TuskCore
import TuskStore

@testable import TuskCLI

/// `kill -9` in the middle of a logged batch: the batch is one transaction, so the log holds it
/// whole or not at all, and the store opens and answers afterwards.
@Suite(.ownThread) struct RequestLogKillTests {
    @Test func aKilledBatchIsLoggedWholeOrNotAtAll() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-kill-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets").standardizedFileURL.path
        let store = directory + "/store"
        for line in [
            ["create", "repo", "models"],
            ["train", "logistic", "on", datasets + "/census.csv", "--target", "income", "-o", "models@master:/m.json"],
            ["train", "logistic", "on", datasets + "/vendor.csv", "--target", "income", "-o", "models@master:/v.json"],
            ["create", "deployment", "production"], ["release", "production", "models@master:/m.json"],
            ["shadow", "production", "models@master:/v.json"],
        ] {
            #expect(await TuskMain.run(line + ["--store", store]) == 0, "\(line)")
        }
        // 100,000 requests: the stream of the project repeated, each with its own id.
        let rows = try String(contentsOfFile: datasets + "/requests_v1.csv", encoding: .utf8).split(separator: "\n")
        var text = rows[0] + "\n"
        for copy in 0..<200 {
            for row in rows.dropFirst() { text += "c\(copy)-" + row + "\n" }
        }
        let requests = directory + "/big.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: requests))
        let total = 200 * (rows.count - 1)

        var killedMidway = 0
        var logged = 0
        for delay in [0.15, 0.3, 0.45, 0.6, 0.9] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try PseudoTerminal.tuskBinary())
            process.arguments = ["predict", "production", "-f", requests, "--store", store]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay * 1_000_000))
            let wasRunning = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if wasRunning && process.terminationReason == .uncaughtSignal { killedMidway += 1 }
            let opened = try Store.open(directory: store)
            let count = try opened.loggedRequestCount(deployment: try DeploymentName("production"))
            // Whole batches only: every batch before this one, and this one whole or not at all.
            #expect(count == logged || count == logged + total, "after \(delay) s: \(count) logged")
            logged = count
            // Every logged row has its answers: no half-written request.
            let last = try opened.loggedRequests(deployment: try DeploymentName("production"), from: max(1, count - 10))
            #expect(last.allSatisfy { $0.answers.map(\.predictor) == ["live", "shadow-1"] && $0.input.count == 14 })
        }
        #expect(killedMidway > 0, "no run was killed before it finished; the test proved nothing")
        // The store still serves after the kills.
        #expect(
            await TuskMain.run(["predict", "production", "-f", datasets + "/requests_v1.csv", "--store", store]) == 0)
    }
}
