import Foundation
import Testing

/// Ctrl-C during a command that writes, through the built `tusk` on a pseudo-terminal: the
/// signal is sent once the command is seen writing (not after a fixed pause), and afterwards the
/// store holds nothing of it.
@Suite(.serialized) final class InterruptTerminalTests {
    let directory: String
    var store: String { directory + "/store" }

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-interrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Bytes in the store's write-ahead log: a transaction writing content grows it.
    func walSize() -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: store + "/store.sqlite-wal")
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test func ctrlCStopsAPutOfALargeFileAndCommitsNothing() throws {
        // 256 MiB that no chunk repeats (a repeated chunk would be stored once and write nothing).
        let big = directory + "/big.bin"
        FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for chunk in 0..<256 {
            for k in stride(from: 0, to: block.count, by: 8) {
                withUnsafeBytes(of: UInt64(chunk << 20 + k).bigEndian) { block.replaceSubrange(k..<(k + 8), with: $0) }
            }
            try handle.write(contentsOf: block)
        }
        try handle.close()

        let terminal = try PseudoTerminal(arguments: ["--store", store])
        defer { terminal.close() }
        try terminal.waitForPrompt()
        terminal.send("create repo data\r")
        try terminal.waitFor("created repo data")
        try terminal.waitForPrompt()
        let before = walSize()
        let command = "put file data@master:/big.bin -f \(big)"
        terminal.send(command + "\r")
        // Running, demonstrably: the put's transaction has written 16 MiB of the file's chunks.
        let start = ContinuousClock.now
        while walSize() < before + 16 << 20 {
            guard ContinuousClock.now - start < .seconds(60) else {
                Issue.record("the put never wrote 16 MiB (log at \(walSize()) bytes)")
                return
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        terminal.send("\u{03}")
        try terminal.waitFor("interrupted: nothing was written", timeout: .seconds(60))
        try terminal.waitForPrompt()
        terminal.send("list commit data\r")
        try terminal.waitForPrompt()
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
        let screen = terminal.screen.text
        #expect(screen.contains("error: interrupted: nothing was written"))
        #expect(!screen.contains("too late"))
        // No commit: the branch has no head, and the content rolled back with the transaction.
        // (The typed command names big.bin; what `list commit` printed after it must not.)
        let listed = screen.components(separatedBy: "list commit data").last ?? ""
        #expect(listed.contains("no commits yet") && !listed.contains("big.bin"), "\(screen)")
        let database = try FileManager.default.attributesOfItem(atPath: store + "/store.sqlite")[.size] as? NSNumber
        #expect((database?.intValue ?? 0) < 16 << 20, "the store kept the interrupted put's chunks")
    }
}
