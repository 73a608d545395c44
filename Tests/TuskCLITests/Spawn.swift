import Foundation

/// A program run to its end from a test, with what it printed.
enum Spawn {
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    /// Runs a program to its end (at most two minutes), with its output and errors.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        // Errors go to a file, so neither pipe can fill up and stall the program.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-probe-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorPath) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: timer)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: (try? Data(contentsOf: errorPath)) ?? Data(), as: UTF8.self))
    }

    /// The `tusk` of this build (see ``PseudoTerminal/tuskBinary(filePath:)``) with `arguments`.
    static func tusk(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        try run(try PseudoTerminal.tuskBinary(), arguments, in: directory, environment: environment)
    }

    /// `name` found on `PATH`, as a shell would.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { $0 + "/" + name }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
