import TuskCore
import TuskPipelines

/// Why a job did not succeed, as facts a script can read; `kind` says which fields are there:
///
/// - `step_failed`: `datum` (1-based), `command` (the line that failed) and `error`
///   (`{"error", "location", "help"}`, as an error under `--format json`);
/// - `gate_failed`: the same, for a release its gates refused, with `gates` (every clause as checked);
/// - `conflicting_writes`: `path`, which two datums wrote differently;
/// - `moved_own_input`: `branches` the step moved, which its own pipeline reads;
/// - `upstream_failed`: the `job` (64 hex) and `pipeline` that failed upstream;
/// - `process_ended`: the process running the job ended before it did;
/// - `interrupted`: the user stopped it (Ctrl-C) after `datum` datums; nothing was committed;
/// - `logged`: a job recorded before tusk kept these facts; `log` is its log's line.
package struct JobReason: Codable, Sendable, Equatable {
    package struct ErrorFields: Codable, Sendable, Equatable {
        package struct Location: Codable, Sendable, Equatable {
            package let source: String
            package let line: Int?
            package let column: Int?
        }
        package let error: String
        package let location: Location
        package let help: String?
    }

    package let kind: String
    package var datum: Int? = nil
    package var command: String? = nil
    package var error: ErrorFields? = nil
    package var gates: [GateCheck]? = nil
    package var path: String? = nil
    package var branches: [String]? = nil
    package var job: String? = nil
    package var pipeline: String? = nil
    package var log: String? = nil

    /// The reason of a job that did not succeed, nil for one that did (or is still running).
    static func of(_ job: JobRecord, logged: String?) -> JobReason? {
        guard job.state == .failure || job.state == .unrunnable || job.state == .killed else { return nil }
        switch job.failure {
        case .step(let datum, let error?):
            return JobReason(
                kind: error.gates == nil ? "step_failed" : "gate_failed", datum: datum, command: error.command,
                error: ErrorFields(
                    error: error.message,
                    location: .init(source: error.source, line: error.line, column: error.column), help: error.help),
                gates: error.gates)
        case .step(let datum, nil):
            return JobReason(kind: "step_failed", datum: datum, log: logged)
        case .conflictingWrites(let path): return JobReason(kind: "conflicting_writes", path: path)
        case .movedOwnInput(let branches): return JobReason(kind: "moved_own_input", branches: branches)
        case .upstreamFailed(let job, let pipeline):
            return JobReason(kind: "upstream_failed", job: job, pipeline: pipeline)
        case .processEnded: return JobReason(kind: "process_ended")
        case .interrupted(let datums): return JobReason(kind: "interrupted", datum: datums)
        case nil: return logged.map { JobReason(kind: "logged", log: $0) }
        }
    }
}
