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
        // Output and errors go to files, read once it has ended: no pipe can fill up and stall
        // it, and no read is interrupted by a signal (Foundation's FileHandle traps on EINTR).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-spawn-\(UUID().uuidString)")
        let outputPath = scratch.appendingPathExtension("out"), errorPath = scratch.appendingPathExtension("err")
        for path in [outputPath, errorPath] { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
        defer { for path in [outputPath, errorPath] { try? FileManager.default.removeItem(at: path) } }
        let output = try FileHandle(forWritingTo: outputPath), error = try FileHandle(forWritingTo: errorPath)
        defer {
            try? output.close()
            try? error.close()
        }
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: timer)
        process.waitUntilExit()
        timer.cancel()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: (try? Data(contentsOf: outputPath)) ?? Data(), as: UTF8.self),
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
