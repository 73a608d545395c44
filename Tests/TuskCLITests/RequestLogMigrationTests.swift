import Foundation
import TestSupport
import Testing
import TuskCore
import TuskStore

@testable import TuskCLI

/// A store whose request log was written by the tusk before schema v6 (a row per request, the
/// input as JSON, the answers as text: `Tests/Fixtures/request-log-v5/v5-store`, made by
/// `make-v5-store.sh` there with that binary) opens, moves its log into binary chunks, and answers
/// `why`, `monitor`, `compare` and `explain` byte for byte as that binary did (`v5-outputs.txt`),
/// but for what `compare` has printed since (its verdict lines and the intervals beside its rates:
/// ``v5Figures(_:)``), where every figure the v5 binary printed must still be printed.
@Suite(.ownThread) struct RequestLogMigrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/request-log-v5").standardizedFileURL

    @Test func aV5StoreAnswersWhyMonitorCompareAndExplainAsItsOwnBinaryDid() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-v5-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = directory.appendingPathComponent("store").path
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("v5-store").path, toPath: store)
        let expected = try String(
            contentsOf: Self.fixtures.appendingPathComponent("v5-outputs.txt"), encoding: .utf8)
        let commands = expected.split(separator: "\n").filter { $0.hasPrefix("> ") }.map { $0.dropFirst(2) }
        #expect(commands.count == 7)
        var output = ""
        for command in commands {
            output += "> \(command)\n"
            output += try Self.run(command.split(separator: " ").map(String.init) + ["--store", store])
        }
        #expect(Self.v5Figures(output) == Self.v5Figures(expected))

        // The log moved whole: every request in order, the v5 table gone, and the next request
        // numbered after the last.
        let opened = try Store.open(directory: store)
        #expect(try opened.loggedRequestCount(deployment: try DeploymentName("production")) == 1_001)
        let odd = try #require(
            try opened.loggedRequests(deployment: try DeploymentName("production"), id: "odd-1").first)
        #expect(odd.sequence == 501 && odd.release == 2 && odd.answers.first?.predictor == "live")
        #expect(odd.input.first { $0.name == "age" }?.value == .number(-3.5))
        #expect(odd.input.first { $0.name == "workclass" }?.value == .null)
        #expect(odd.input.first { $0.name == "native-country" }?.value == .text("Côte \"Ivoire\""))
        let all = try opened.loggedRequests(deployment: try DeploymentName("production"))
        #expect(all.map(\.sequence) == Array(1...1_001))
        #expect(all.allSatisfy { $0.latency != nil && $0.distance.isFinite })
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets").standardizedFileURL.path
        #expect(
            await TuskMain.run(["predict", "production", "-f", datasets + "/requests_v1.csv", "--store", store]) == 0)
        #expect(try opened.loggedRequestCount(deployment: try DeploymentName("production")) == 1_501)
        #expect(
            try opened.loggedRequests(deployment: try DeploymentName("production"), id: "a0001").map(\.sequence) == [
                1, 1_002,
            ])
    }

    /// `compare`'s output as the v5 binary printed it: without the verdict's lines (`accuracy on`,
    /// `verdict:`, `rule:`) and the Wilson intervals added since, and with runs of spaces as one
    /// (the intervals widened its tables' columns). Every other line and figure stays as printed.
    /// `monitor`'s without its drift onset (the lines from `drift onset:` to its end), added since.
    static func v5Figures(_ text: String) -> String {
        var compare = false
        var onset = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.hasPrefix("> ") {
                compare = line.hasPrefix("> compare ")
                onset = false
            }
            if line.hasPrefix("drift onset: ") { onset = true }
            if onset { return nil }
            guard compare else { return String(line) }
            if ["accuracy on ", "verdict: ", "rule: "].contains(where: { line.hasPrefix($0) }) { return nil }
            return String(line).replacing(#/ \[[0-9.]+, [0-9.]+\]/#, with: "").replacing(#/ +/#, with: " ")
        }.joined(separator: "\n")
    }

    /// What the tusk built beside the tests prints for one command line (stdout and stderr).
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PseudoTerminal.tuskBinary())
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
