import Foundation
import TuskCommands
import TuskCore
import TuskStore

/// Replays a ``Scenario`` on a session and compares every command's output with its recording.
///
/// The player never stops at a mismatch: each step's actual output is kept, so one run can both
/// report every difference and write the notebook back with fresh outputs (`--update`).
package struct ScenarioPlayer {
    package let scenario: Scenario
    /// Parameter values: the scenario's defaults overridden by `--param`.
    package let parameters: [String: String]

    /// Checks the parameters given on the command line against the declared ones.
    package init(scenario: Scenario, overrides: [String: String] = [:]) throws(PlayerError) {
        for name in overrides.keys.sorted() where scenario.parameters[name] == nil {
            throw PlayerError.unknownParameter(name, scenario: scenario)
        }
        let parameters = scenario.parameters.merging(overrides) { $1 }
        // The front matter says what ran: a printed or exported notebook replays to its outputs.
        self.scenario = scenario.recording(parameters)
        self.parameters = parameters
    }

    /// The outcome of one step.
    package struct Outcome: Sendable {
        package let step: Scenario.Step
        /// What the command printed (error lines prefixed with `! `); nil when skipped.
        package let actual: [String]?
        /// Stretches of ``actual`` that carry a meaning, for exports that style them.
        package let spans: [Span]
        /// The diagnostic of a command that failed.
        package let error: LocatedDiagnostic?
        /// The command's typed result (nil when skipped or failed), for exports that draw it.
        package let value: (any CommandOutput)?

        package init(
            step: Scenario.Step, actual: [String]?, error: LocatedDiagnostic?, value: (any CommandOutput)? = nil,
            spans: [Span] = []
        ) {
            self.step = step
            self.actual = actual
            self.spans = spans
            self.error = error
            self.value = value
        }

        /// Whether the recording agrees (skipped and ignore-output steps always do).
        package var matches: Bool {
            guard let actual, !step.options.ignoreOutput else { return true }
            return OutputMatcher.matches(step.expected, actual)
        }

        /// A failure the recording did not announce.
        package var unexpectedError: LocatedDiagnostic? { step.expectsError ? nil : error }
    }

    /// Parses every command before anything runs, so a typo fails fast with `file:line:col`.
    /// Commands whose recording is an expected error are left for the run to show.
    package func preflight() throws(LocatedDiagnostic) {
        for step in scenario.steps where !step.options.skip && !step.expectsError {
            let source = try self.source(of: step)
            do { _ = try CommandSet.parse(source.text) } catch { throw LocatedDiagnostic(error, in: source) }
        }
    }

    /// Runs every step on `session`, in order.
    ///
    /// `proceed` is asked before each step, with the outcomes so far: `tusk run` prints as it
    /// goes, and its presenter mode pauses between cells; returning false stops the replay there.
    package func play(on session: Session, proceed: (Scenario.Step, [Outcome]) -> Bool = { _, _ in true }) -> [Outcome]
    {
        var outcomes: [Outcome] = []
        for step in scenario.steps {
            guard proceed(step, outcomes) else { break }
            guard !step.options.skip else {
                outcomes.append(Outcome(step: step, actual: nil, error: nil))
                continue
            }
            let source: SourceText
            do {
                source = try self.source(of: step)
            } catch {
                outcomes.append(Outcome(step: step, actual: errorLines(error.diagnostic, error.source), error: error))
                continue
            }
            let result = session.execute(source)
            if let diagnostic = result.error {
                outcomes.append(
                    Outcome(
                        step: step, actual: result.output + errorLines(diagnostic, source),
                        error: LocatedDiagnostic(diagnostic, in: source), value: result.value, spans: result.spans))
            } else {
                outcomes.append(
                    Outcome(step: step, actual: result.output, error: nil, value: result.value, spans: result.spans))
            }
        }
        return outcomes
    }

    /// Renders an error as it is recorded: compact, each line marked `! `.
    private func errorLines(_ diagnostic: Diagnostic, _ source: SourceText) -> [String] {
        DiagnosticRenderer.compact(diagnostic, in: source).map { "! " + $0 }
    }

    /// The scenario's text with each step's recorded output replaced by `output(outcome)`.
    package static func notebook(_ scenario: Scenario, _ outcomes: [Outcome], output: (Outcome) -> [String]) -> String {
        var lines = scenario.lines
        for outcome in outcomes.reversed() where outcome.actual != nil && !outcome.step.options.ignoreOutput {
            lines.replaceSubrange(outcome.step.outputLines, with: output(outcome))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The command text of a step with `${name}` parameters substituted. A value is always one
    /// argument: a value with blanks or quotes is quoted, a value that would start an option is
    /// quoted, so `--param 'census=x.csv --append'` names a file and injects no option.
    func source(of step: Scenario.Step) throws(LocatedDiagnostic) -> SourceText {
        let raw = SourceText.scenarioCommand(step.command, path: scenario.path, line: step.line)
        var text = ""
        var rest = Substring(step.command)
        while let start = rest.range(of: "${") {
            text += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                text += rest[start.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[start.upperBound..<end])
            let span = self.span(in: step.command, from: start.lowerBound, length: name.count + 3)
            guard let value = parameters[name] else {
                throw LocatedDiagnostic(
                    Diagnostic(
                        "unknown parameter '\(name)'", at: span,
                        help: scenario.parameters.isEmpty
                            ? "declare it under 'params:' in the front matter"
                            : "declared: " + scenario.parameters.keys.sorted().joined(separator: ", ")),
                    in: raw)
            }
            let standsAlone =
                (text.last.map { $0.isWhitespace } ?? true)
                && (rest[rest.index(after: end)...].first.map { $0.isWhitespace } ?? true)
            if Self.insideString(text) {
                // Inside a quoted argument (a pipeline's --step, a gate): escaped for that string,
                // and quoted within it when the words inside are read again.
                let inner = Self.needsQuotes(value) ? Self.quoted(value) : value
                text += inner.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            } else if Self.needsQuotes(value) {
                guard standsAlone else {
                    throw LocatedDiagnostic(
                        Diagnostic(
                            "parameter '\(name)' is '\(value)', which cannot be part of a word", at: span,
                            help: "give a value without blanks or quotes, or use ${\(name)} as a whole argument"),
                        in: raw)
                }
                text += Self.quoted(value)
            } else {
                text += value
            }
            rest = rest[rest.index(after: end)...]
        }
        text += rest
        return SourceText.scenarioCommand(text, path: scenario.path, line: step.line)
    }

    private func span(in command: String, from index: String.Index, length: Int) -> SourceSpan {
        let offset = command.distance(from: command.startIndex, to: index)
        let prefix = command.prefix(offset)
        let line = prefix.filter { $0 == "\n" }.count + 1
        let column =
            offset - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
        return SourceSpan(line: line, column: column, length: length)
    }

    /// Whether the end of `text` is inside a double-quoted string (an odd number of unescaped quotes).
    static func insideString(_ text: String) -> Bool {
        var inside = false, escaped = false
        for c in text {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = inside
            } else if c == "\"" {
                inside.toggle()
            }
        }
        return inside
    }

    /// Whether a value would not read back as one plain word.
    static func needsQuotes(_ value: String) -> Bool {
        if value.hasPrefix("{") && value.hasSuffix("}") { return false }  // a JSON record is one token
        return value.isEmpty || value.hasPrefix("-") || value.hasPrefix("#")
            || value.contains { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "\\" }
    }

    static func quoted(_ value: String) -> String {
        "\""
            + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// A parameter value given on the command line: a relative path that exists from the shell's
    /// directory is rewritten relative to the scenario's folder, so `--param census=data/x.csv`
    /// means what the user sees from where they type.
    package static func relocate(_ value: String, scenarioDirectory: String, workingDirectory: String) -> String {
        guard !value.hasPrefix("/"), !value.isEmpty,
            FileManager.default.fileExists(atPath: (workingDirectory as NSString).appendingPathComponent(value))
        else { return value }
        return Scenario.relativePath(
            to: Scenario.components(value, from: workingDirectory),
            from: Scenario.components(scenarioDirectory, from: workingDirectory))
    }

    /// The folder the scenario's relative paths start at (its own, or its `base:`).
    package var directory: String { scenario.directory }

    /// A session for this scenario: relative paths start at its folder, its seed is the default
    /// seed, and outputs go to `outputDirectory` when given (`tusk test`'s scratch directory).
    /// It runs on a logical clock: served requests are not timed, so the replay's output and its
    /// request log are the same bytes on every run and every machine.
    package func session(store: Store, outputDirectory: String? = nil, format: OutputFormat = .text) -> Session {
        let session = Session(store: store, baseDirectory: directory, outputDirectory: outputDirectory, format: format)
        session.context.seed = scenario.seed
        session.context.measuresLatency = false
        return session
    }
}

/// Errors of the player itself (not of a command): bad parameters.
package struct PlayerError: Error, Sendable, CustomStringConvertible {
    package let description: String

    package static func unknownParameter(_ name: String, scenario: Scenario) -> Self {
        let declared = scenario.parameters.keys.sorted()
        return Self(
            description: "scenario \(scenario.path) has no parameter '\(name)'"
                + (declared.isEmpty ? " (it declares none)" : " (it declares: \(declared.joined(separator: ", ")))"))
    }
}
