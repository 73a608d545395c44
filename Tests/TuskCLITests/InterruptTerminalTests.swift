import Foundation
import TestSupport
import Testing
import TuskStore

/// Ctrl-C during a command that writes, through the built `tusk` on a pseudo-terminal: the
/// signal is sent once the command is seen writing (not after a fixed pause), and afterwards the
/// store holds nothing of it.
@Suite(.serialized, .ownThread) final class InterruptTerminalTests {
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

    /// The census rows `copies` times over, with their header (without the label when `label` is
    /// false: requests), written to `name` in the test's directory.
    func census(copies: Int, label: Bool = true, name: String) throws -> String {
        let census = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets/census.csv").path
        var lines = try String(contentsOfFile: census, encoding: .utf8).split(separator: "\n").map(String.init)
        if !label { lines = lines.map { String($0[..<$0.lastIndex(of: ",")!]) } }
        let body = lines.dropFirst().joined(separator: "\n") + "\n"
        let path = directory + "/" + name
        try (lines[0] + "\n" + String(repeating: body, count: copies)).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs one command of another `tusk` process on the store (as a second shell would) and
    /// returns what it printed.
    func tusk(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PseudoTerminal.tuskBinary())
        process.arguments = ["--store", store] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    /// Types `command`, then returns once `running` says it is under way (or records an issue
    /// and returns false after a minute).
    func start(_ command: String, on terminal: PseudoTerminal, running: () throws -> Bool) throws -> Bool {
        terminal.send(command + "\r")
        let start = ContinuousClock.now
        while try !running() {
            guard ContinuousClock.now - start < .seconds(60) else {
                Issue.record("'\(command)' was never seen running; screen:\n\(terminal.screen.text)")
                return false
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return true
    }

    /// Runs setup commands at the prompt, each to its next prompt.
    func type(_ commands: [String], on terminal: PseudoTerminal) throws {
        for command in commands {
            terminal.send(command + "\r")
            try terminal.waitFor(command)
            try terminal.waitForPrompt(timeout: .seconds(60))
        }
    }

    /// What the screen shows after the last occurrence of `command` (the command as typed, then
    /// what it printed).
    func printed(after command: String, on terminal: PseudoTerminal) -> String {
        terminal.screen.text.components(separatedBy: "tusk> " + command).last ?? ""
    }

    /// CPU time the process `pid` has used, in clock ticks (Linux's /proc/PID/stat).
    func cpuTicks(_ pid: pid_t) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return 0 }
        // After "pid (name) ": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(end, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }

    @Test func ctrlCStopsAPutOfALargeFileAndCommitsNothing() throws {
        // 256 MiB that no chunk repeats (a repeated chunk would be stored once and write nothing):
        // the store cuts files into chunks of 1 MiB and stores them as they are, so each MiB starts
        // with its own number.
        let big = directory + "/big.bin"
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        var block = [UInt8](repeating: 0, count: StoreConfiguration().chunkSize)
        for chunk in 0..<256 {
            withUnsafeBytes(of: UInt64(chunk + 1).bigEndian) { block.replaceSubrange(0..<8, with: $0) }
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
        // Typed and seen through to its next prompt: a Ctrl-D sent while the old prompt still shows
        // would reach tusk mid-command, on a cooked terminal, and be lost.
        try type(["list commit data"], on: terminal)
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

    @Test func ctrlCStopsAPredictWhileItLogsAndLogsNothing() throws {
        let requests = try census(copies: 50, label: false, name: "requests.csv")
        let data = try census(copies: 1, name: "census.csv")
        let terminal = try PseudoTerminal(arguments: ["--store", store])
        defer { terminal.close() }
        try terminal.waitForPrompt()
        try type(
            [
                "create repo income", "put file income@master:/train.csv -f \(data)",
                "train logistic on income@master:/train.csv --target income -o income@master:/model.json",
                "create deployment prod", "release prod income@master:/model.json",
            ], on: terminal)
        #expect(terminal.screen.text.contains("prod release 1"))
        // Running, demonstrably: tusk has spent 0.2 s of CPU on it (reading, answering and logging
        // 400,000 requests takes seconds; the log is written in chunks at the end, so its size says
        // nothing until then).
        let ticks = cpuTicks(terminal.pid)
        let command = "predict prod -f \(requests)"
        guard try start(command, on: terminal, running: { cpuTicks(terminal.pid) > ticks + 20 }) else { return }
        terminal.send("\u{03}")
        try terminal.waitFor("interrupted: nothing was written", timeout: .seconds(60))
        try terminal.waitForPrompt()
        try type(["inspect deployment prod"], on: terminal)
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
        let screen = terminal.screen.text
        #expect(!screen.contains("too late") && !screen.contains("answered 400,000"), "\(screen)")
        #expect(printed(after: "inspect deployment prod", on: terminal).contains("\n0 requests served"), "\(screen)")
        #expect(try tusk("inspect", "deployment", "prod").contains("\n0 requests served"))
    }

    @Test func ctrlCStopsATrainingIntoTheStoreAndCommitsNothing() throws {
        let data = try census(copies: 40, name: "big.csv")
        let terminal = try PseudoTerminal(arguments: ["--store", store])
        defer { terminal.close() }
        try terminal.waitForPrompt()
        try type(["create repo data"], on: terminal)
        // Running, demonstrably: tusk has spent half a second of CPU on it (reading 320,000 rows
        // and boosting them takes seconds).
        let ticks = cpuTicks(terminal.pid)
        let command = "train boosted on \(data) --target income -o data@master:/model.json"
        guard try start(command, on: terminal, running: { cpuTicks(terminal.pid) > ticks + 50 }) else { return }
        terminal.send("\u{03}")
        try terminal.waitFor("interrupted: nothing was written", timeout: .seconds(60))
        try terminal.waitForPrompt()
        try type(["list commit data"], on: terminal)
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
        let screen = terminal.screen.text
        #expect(!screen.contains("too late") && !screen.contains("trained boosted"), "\(screen)")
        #expect(printed(after: "list commit data", on: terminal).contains("no commits yet"), "\(screen)")
    }

    @Test func ctrlCStopsAPipelineJobAndItsRerunAndCommitsNothing() throws {
        let data = try census(copies: 40, name: "big.csv")
        let terminal = try PseudoTerminal(arguments: ["--store", store])
        defer { terminal.close() }
        try terminal.waitForPrompt()
        try type(
            [
                "create repo data",
                "create pipeline p --input data@master:/ --step \"train boosted on /pfs/data/big.csv --target income "
                    + "-o /pfs/out/model.json\"",
            ], on: terminal)
        // The put commits, then its job runs. Running, demonstrably: tusk has spent 1.5 s of CPU
        // (the put hashes and stores 33 MB in a fraction of that; the job's training takes seconds).
        // Should Ctrl-C land in the put instead, its error says nothing was written, and the
        // checks below fail. (Asking another tusk process would run the job there.)
        let put = "put file data@master:/big.csv -f \(data)"
        var ticks = cpuTicks(terminal.pid)
        guard try start(put, on: terminal, running: { cpuTicks(terminal.pid) > ticks + 150 }) else { return }
        terminal.send("\u{03}")
        try terminal.waitFor("nothing of it was committed", timeout: .seconds(60))
        try terminal.waitForPrompt()
        // Again for a job `rerun pipeline` starts.
        ticks = cpuTicks(terminal.pid)
        guard try start("rerun pipeline p", on: terminal, running: { cpuTicks(terminal.pid) > ticks + 50 }) else {
            return
        }
        terminal.send("\u{03}")
        try terminal.waitFor("help: 'list job' shows it killed", timeout: .seconds(60))
        try terminal.waitForPrompt()
        try type(["list job", "list commit p", "list commit data"], on: terminal)
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
        let screen = terminal.screen.text
        #expect(!screen.contains("too late") && !screen.contains("success"), "\(screen)")
        // The put committed (it had finished); each job stopped, on record as killed, with no output.
        #expect(printed(after: put, on: terminal).contains("committed "), "\(screen)")
        #expect(screen.components(separatedBy: "error: interrupted: job ").count == 3, "\(screen)")
        let jobs = printed(after: "list job", on: terminal).split(separator: "\n")
        #expect(jobs.filter { $0.contains(" killed ") }.count == 2, "\(screen)")
        #expect(printed(after: "list commit p", on: terminal).contains("no commits yet"), "\(screen)")
        #expect(printed(after: "list commit data", on: terminal).contains("put /big.csv"), "\(screen)")
        // For scripts, each killed job's reason is a fact: interrupted, and how far it got.
        let json = try Spawn.run(
            try PseudoTerminal.tuskBinary(), ["--store", store, "--format", "json", "list", "job", "p"])
        #expect(json.status == 0 && json.output.components(separatedBy: "\"interrupted\"").count == 3, "\(json)")
    }
}
