import ArgumentParser
import Foundation

/// The single entry point of the executable: parses arguments, runs the command, and turns
/// every error into what the user sees and an ``ExitStatus``. Commands never print their own
/// errors; they throw.
public enum TuskMain {
    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
        if let first = arguments.first {
            // `export onnx` is a DSL command (it also runs at a prompt and in pipeline steps);
            // `export k8s` is the CLI's own.
            if first == "export", arguments.dropFirst().first == "onnx" { return OneShot.run(arguments) }
            if OneShot.handles(first) { return OneShot.run(arguments) }
            if let failure = OneShot.unknown(first) {
                Terminal.printError(failure.lines)
                return failure.status.rawValue
            }
        }
        do {
            var command = try Tusk.parseAsRoot(arguments)
            try command.run()
            return ExitStatus.success.rawValue
        } catch let failure as CLIFailure {
            Terminal.printError(failure.lines)
            return failure.status.rawValue
        } catch {
            let code = Tusk.exitCode(for: error)
            if code == .success {
                Terminal.print([Tusk.fullMessage(for: error)])
                return 0
            }
            Terminal.printError([Tusk.fullMessage(for: error)])
            // ArgumentParser reports usage errors as 64 (EX_USAGE) already.
            return code.rawValue
        }
    }
}
