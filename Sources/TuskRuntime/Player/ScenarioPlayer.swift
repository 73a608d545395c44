import TuskCommands
import TuskCore
import TuskStore

/// Replays a ``Scenario`` on a session and compares every command's output with its recording.
///
/// The player never stops at a mismatch: each step's actual output is kept, so one run can both
/// report every difference and write the notebook back with fresh outputs (`--update`).
public struct ScenarioPlayer {
    public let scenario: Scenario
    /// Parameter values: the scenario's defaults overridden by `--param`.
    public let parameters: [String: String]

    /// Checks the parameters given on the command line against the declared ones.
    public init(scenario: Scenario, overrides: [String: String] = [:]) throws(PlayerError) {
        for name in overrides.keys.sorted() where scenario.parameters[name] == nil {
            throw PlayerError.unknownParameter(name, scenario: scenario)
        }
        self.scenario = scenario
        self.parameters = scenario.parameters.merging(overrides) { $1 }
    }

    /// The outcome of one step.
    public struct Outcome: Sendable {
        public let step: Scenario.Step
        /// What the command printed (error lines prefixed with `! `); nil when skipped.
        public let actual: [String]?
        /// The diagnostic of a command that failed.
        public let error: LocatedDiagnostic?

        /// Whether the recording agrees (skipped and ignore-output steps always do).
        public var matches: Bool {
            guard let actual, !step.options.ignoreOutput else { return true }
            return OutputMatcher.matches(step.expected, actual)
        }

        /// A failure the recording did not announce.
        public var unexpectedError: LocatedDiagnostic? { step.expectsError ? nil : error }
    }

    /// Parses every command before anything runs, so a typo fails fast with `file:line:col`.
    /// Commands whose recording is an expected error are left for the run to show.
    public func preflight() throws(LocatedDiagnostic) {
        for step in scenario.steps where !step.options.skip && !step.expectsError {
            let source = try self.source(of: step)
            do { _ = try CommandSet.parse(source.text) } catch { throw LocatedDiagnostic(error, in: source) }
        }
    }

    /// Runs every step on `session`, in order.
    public func play(on session: Session) -> [Outcome] {
        var outcomes: [Outcome] = []
        for step in scenario.steps {
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
                        error: LocatedDiagnostic(diagnostic, in: source)))
            } else {
                outcomes.append(Outcome(step: step, actual: result.output, error: nil))
            }
        }
        return outcomes
    }

    /// Renders an error as it is recorded: compact, each line marked `! `.
    private func errorLines(_ diagnostic: Diagnostic, _ source: SourceText) -> [String] {
        DiagnosticRenderer.compact(diagnostic, in: source).map { "! " + $0 }
    }

    /// The scenario's text with each step's recorded output replaced by `output(outcome)`.
    public static func notebook(_ scenario: Scenario, _ outcomes: [Outcome], output: (Outcome) -> [String]) -> String {
        var lines = scenario.lines
        for outcome in outcomes.reversed() where outcome.actual != nil && !outcome.step.options.ignoreOutput {
            lines.replaceSubrange(outcome.step.outputLines, with: output(outcome))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The command text of a step with `${name}` parameters substituted.
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
            guard let value = parameters[name] else {
                let offset = step.command.distance(from: step.command.startIndex, to: start.lowerBound)
                let prefix = step.command.prefix(offset)
                let line = prefix.filter { $0 == "\n" }.count + 1
                let column =
                    offset
                    - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
                throw LocatedDiagnostic(
                    Diagnostic(
                        "unknown parameter '\(name)'",
                        at: SourceSpan(line: line, column: column, length: name.count + 3),
                        help: scenario.parameters.isEmpty
                            ? "declare it under 'params:' in the front matter"
                            : "declared: " + scenario.parameters.keys.sorted().joined(separator: ", ")),
                    in: raw)
            }
            text += value
            rest = rest[rest.index(after: end)...]
        }
        text += rest
        return SourceText.scenarioCommand(text, path: scenario.path, line: step.line)
    }
}

/// Errors of the player itself (not of a command): bad parameters.
public struct PlayerError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func unknownParameter(_ name: String, scenario: Scenario) -> Self {
        let declared = scenario.parameters.keys.sorted()
        return Self(
            description: "scenario \(scenario.path) has no parameter '\(name)'"
                + (declared.isEmpty ? " (it declares none)" : " (it declares: \(declared.joined(separator: ", ")))"))
    }
}
