import Foundation
import TestSupport
import Testing

/// Piped input runs each command as its line arrives, not after the stream ends.
@Suite(.ownThread) struct PipedInputTests {
    @Test func eachLineRunsAsItArrives() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-pipe-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PseudoTerminal.tuskBinary())
        process.arguments = ["--store", directory.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        input.fileHandleForWriting.write(Data("create repo first\n".utf8))
        // The stream is still open: the answer must come anyway.
        let deadline = Date().addingTimeInterval(10)
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("created repo first"), Date() < deadline {
            seen.append(output.fileHandleForReading.availableData)
        }
        #expect(String(decoding: seen, as: UTF8.self) == "created repo first\n")
        input.fileHandleForWriting.write(Data("create repo \\\nsecond\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        seen.append(output.fileHandleForReading.readDataToEndOfFile())
        #expect(String(decoding: seen, as: UTF8.self) == "created repo first\ncreated repo second\n")
        #expect(process.terminationStatus == 0)
    }
}
