import ArgumentParser
import Foundation

/// The single entry point of the executable: parses arguments, runs the command, and turns
/// every error into what the user sees and an ``ExitStatus``. Commands never print their own
/// errors; they throw.
///
/// It runs on the main actor, so the REPL and every synchronous command run on the main thread,
/// as in a synchronous program; `tusk-serve`'s root, the one asynchronous command, leaves it for
/// Swift's concurrency pool while the main thread waits.
package enum TuskMain {
    @MainActor
    package static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        let globals: GlobalOptions
        let rest: [String]
        // Under `--format json`, errors are JSON objects too.
        let json = ErrorJSON.requested(arguments)
        func fail(_ failure: CLIFailure) -> Int32 {
            Terminal.printError(json ? [ErrorJSON(failure).line] : failure.lines)
            return failure.status.rawValue
        }
        do { (globals, rest) = try GlobalOptions.split(arguments) } catch { return fail(error) }
        if let first = rest.first {
            // `export onnx` is a DSL command (it also runs at a prompt and in pipeline steps);
            // `export k8s` is the CLI's own.
            if first == "export", rest.dropFirst().first == "onnx" { return OneShot.run(rest, globals: globals) }
            // `export seldon-model` is the CLI's, what an exported deploy step runs.
            if first == "export", rest.dropFirst().first == "seldon-model" {
                return run(ExportSeldonModelCommand.self, Array(rest.dropFirst(2)), json: json)
            }
            // `tusk serve` is its own executable, which parses its arguments and prints its help.
            if first == "serve" { return fail(ServeLauncher.exec(globals.arguments + rest.dropFirst())) }
            if first == "help", rest.dropFirst().first == "serve" { return fail(ServeLauncher.exec(["--help"])) }
            if first == "help", rest.dropFirst().prefix(2) == ["export", "seldon-model"] {
                Terminal.print([ExportSeldonModelCommand.helpMessage()])
                return ExitStatus.success.rawValue
            }
            // `tusk help run` is `tusk run --help`: the CLI's own subcommands are not DSL commands
            // (from the shell, `export k8s` is the CLI's too).
            if first == "help", rest.count >= 2, !(rest[1] == "export" && rest.dropFirst(2).first == "onnx"),
                let subcommand = Tusk.subcommand(named: rest[1])
            {
                Terminal.print([Tusk.helpMessage(for: subcommand)])
                return ExitStatus.success.rawValue
            }
            if OneShot.handles(first) { return OneShot.run(rest, globals: globals) }
            if let failure = OneShot.unknown(first) { return fail(failure) }
        }
        // Global options go after the subcommand, where ArgumentParser looks for them (the REPL,
        // the default, takes them as they are).
        let subcommand = rest.first.flatMap { Tusk.subcommand(named: $0) } != nil
        let parsed = subcommand ? [rest[0]] + globals.arguments + rest.dropFirst() : globals.arguments + rest
        return await run(Tusk.self, parsed, json: json, help: "see 'tusk --help'")
    }

    /// Runs `root` as the command line of its own executable (`tusk-serve`), with the same funnel
    /// for errors and exit codes as `tusk`.
    @MainActor
    package static func run(root: any AsyncParsableCommand.Type, _ arguments: [String]) async -> Int32 {
        await run(root, arguments, json: ErrorJSON.requested(arguments), help: "see 'tusk serve --help'")
    }

    /// Parses `arguments` with `root` and runs the command they name; every error becomes what the
    /// user sees on standard error and an exit status.
    @MainActor
    static func run(_ root: any ParsableCommand.Type, _ arguments: [String], json: Bool, help: String) async -> Int32 {
        do {
            var command = try root.parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch let failure as CLIFailure {
            Terminal.printError(json ? [ErrorJSON(failure).line] : failure.lines)
            return failure.status.rawValue
        } catch {
            let code = root.exitCode(for: error)
            if code == .success {
                Terminal.print([root.fullMessage(for: error)])
                return 0
            }
            Terminal.printError(
                json ? [ErrorJSON(message: root.message(for: error), help: help).line] : [root.fullMessage(for: error)])
            // ArgumentParser reports usage errors as 64 (EX_USAGE) already.
            return code.rawValue
        }
    }

    /// Parses and runs one command outside the subcommand tree, with the same funnel for errors.
    static func run(_ type: any ParsableCommand.Type, _ arguments: [String], json: Bool) -> Int32 {
        do {
            var command = try type.parse(arguments)
            try command.run()
            return ExitStatus.success.rawValue
        } catch let failure as CLIFailure {
            Terminal.printError(json ? [ErrorJSON(failure).line] : failure.lines)
            return failure.status.rawValue
        } catch {
            let code = type.exitCode(for: error)
            if code == .success {
                Terminal.print([type.fullMessage(for: error)])
                return 0
            }
            Terminal.printError(
                json
                    ? [ErrorJSON(message: type.message(for: error), help: "see 'tusk help export seldon-model'").line]
                    : [type.fullMessage(for: error)])
            return code.rawValue
        }
    }
}
