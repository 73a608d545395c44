import Foundation
import TuskCommands
import TuskCore
import TuskPipelines
import TuskStore

/// A running conversation with the engines: the REPL, a script, a scenario or a one-shot shell
/// command. It parses each line, runs the command in its ``CommandContext`` and renders the
/// result in the session's format.
///
/// Every front end builds a session the same way, so a command prints the same everywhere.
///
///     let session = Session(store: try .inMemory(), baseDirectory: "/tmp")
///     let result = session.execute(SourceText(name: "<repl>", text: "create repo income_data"))
///     // result.output == ["created repo income_data"]
package final class Session {
    package var context: CommandContext
    /// The terminal's width for wrapping tables; nil never wraps (scenarios, pipes).
    package var width: Int?
    /// What commands may change (`format`, `save`), handed to each in its context.
    private let state: SessionState

    package init(context: CommandContext, format: OutputFormat = .text, width: Int? = nil) {
        self.context = context
        self.width = width
        state = SessionState(format: format)
    }

    /// How results print unless a line says `--format`.
    package var format: OutputFormat {
        get { state.format }
        set { state.format = newValue }
    }

    /// What the session has run, for `save`; nil records nothing (the REPL turns it on).
    package var recorder: SessionRecorder? {
        get { state.recorder }
        set { state.recorder = newValue }
    }

    /// A session on `store`, with relative local paths starting at `baseDirectory` (relative
    /// outputs in `outputDirectory` when given).
    package convenience init(
        store: Store, baseDirectory: String = FileManager.default.currentDirectoryPath,
        outputDirectory: String? = nil, format: OutputFormat = .text
    ) {
        self.init(
            context: CommandContext(store: store, baseDirectory: baseDirectory, outputDirectory: outputDirectory),
            format: format)
    }

    /// The store, opened now if no command has used it yet.
    package var store: Store {
        get throws(StoreError) { try context.store }
    }

    /// Parses and runs one command. Never throws: every failure becomes a diagnostic, and a
    /// failed command has changed nothing.
    package func execute(_ source: SourceText, cancellation: CancellationFlag? = nil) -> CommandResult {
        let result = run(source, cancellation: cancellation)
        state.record(source, result)
        return result
    }

    private func run(_ source: SourceText, cancellation: CancellationFlag?) -> CommandResult {
        do {
            guard let parsed = try CommandSet.parse(source.text) else { return CommandResult() }
            var context = self.context
            context.cancellation = cancellation
            context.session = state
            let output = try parsed.command.runErased(context)
            let format = parsed.format ?? self.format
            var lines: [String], spans: [Span] = []
            if format == .json {
                lines = JSONOutput.lines(output)
            } else {
                let text = output.rendered(width: width)
                (lines, spans) = (text.lines, text.spans)
            }
            // New heads on input branches start their pipelines' jobs, here, in DAG order; the
            // command succeeded whatever the jobs do, and says what they did.
            if cancellation?.isCancelled == true {
                // The command finished; its jobs (if the store has pipelines) wait for the next command.
                if context.storeIsOpen, let records = try? context.pipelines.records(), !records.isEmpty {
                    lines.append("interrupted: pipelines not run; they run after the next command")
                }
                return CommandResult(output: lines, spans: spans, value: output)
            }
            // A command that never opened the store (one-shot commands open it on first use)
            // moved no branch: no job to start, and no store to open for it.
            guard context.storeIsOpen else { return CommandResult(output: lines, spans: spans, value: output) }
            let jobs: [JobRecord]
            do { jobs = try context.pipelines.sync() } catch {
                return CommandResult(
                    output: lines, spans: spans, value: output,
                    error: Diagnostic(
                        "the command succeeded, but running pipelines failed: \(error.message)", category: .storeFailure
                    ))
            }
            if !jobs.isEmpty {
                let report = JobsReport(jobs)
                // JSON stays one document: the jobs go under "jobs" in the command's object.
                if format == .json {
                    lines = JSONOutput.lines(output, adding: "jobs", report.jobs)
                } else {
                    let text = report.rendered(width: width)
                    spans += text.spans.map { $0.moved(by: lines.count) }
                    lines += text.lines
                }
            }
            // The command itself finished (its writes stay); Ctrl-C stopped a job it started.
            let interruption = JobsReport.interruption(jobs, cancelled: cancellation?.isCancelled == true)
            return CommandResult(output: lines, spans: spans, value: output, error: interruption)
        } catch {
            return CommandResult(error: error)
        }
    }
}
