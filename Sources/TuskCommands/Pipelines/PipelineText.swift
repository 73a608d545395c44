import TuskCore
import TuskPipelines
import TuskStore

/// A job as one line, and the other pieces of pipeline text the commands share.
package struct JobSummary: Codable, Sendable {
    package let id: String
    package let pipeline: String
    package let version: Int
    package let state: String
    package let datums: JobRecord.Datums
    package let output: String?
    /// Why a failed, unrunnable or killed job did not succeed, as facts.
    package let reason: JobReason?
    /// The same in text: the first line of the error, for a failed job; why, for an unrunnable or
    /// killed one.
    var reasonText: String? = nil

    enum CodingKeys: String, CodingKey { case id, pipeline, version, state, datums, output, reason }

    init(_ job: JobRecord) {
        id = job.id
        pipeline = job.pipeline
        version = job.version
        state = job.state.rawValue
        datums = job.datums
        output = job.output
        reasonText = Self.reasonText(job)
        reason = JobReason.of(job, logged: reasonText)
    }

    /// Why a job did not succeed, as its log says it: the first line of the error, for a failed
    /// job; the last line, for an unrunnable or killed one.
    static func reasonText(_ job: JobRecord) -> String? {
        switch job.state {
        case .failure: job.log.first { $0.contains("error:") }?.trimmingCharacters(in: .whitespaces)
        case .unrunnable, .killed: job.log.last
        default: nil
        }
    }

    /// `job 3f2a9c1e0b7d income_training v1: success, 1 datum (1 processed, 0 skipped) -> income_training@ab12…`.
    var line: StyledText {
        var text: StyledText =
            "job \(id.prefix(12)) \(pipeline) v\(version): \(.styled(state, state == "failure" ? .fail : nil))"
        if state == "success" || state == "failure" || state == "running" {
            text +=
                ", \(NumberFormat.plural(datums.total, "datum")) (\(datums.processed) processed, \(datums.skipped) skipped"
                + (datums.failed > 0 ? ", \(datums.failed) failed" : "") + ")"
        }
        if let output { text += " -> \(pipeline)@\(output.prefix(12))" }
        if let reasonText { text += ": \(reasonText)" }
        return text
    }
}

/// The jobs a command started, printed after its own output.
package struct JobsReport: CommandOutput {
    package let jobs: [JobSummary]

    package init(_ jobs: [JobRecord]) { self.jobs = jobs.map(JobSummary.init) }

    package func render(_ text: inout TextOutput) { for job in jobs { text.line(job.line) } }
}

enum PipelineText {
    /// `income_data@master:/*`, or a cross/union of those.
    static func input(_ input: PipelineSpec.Input) -> String {
        switch input {
        case .pfs(let pfs): "\(pfs.repo)@\(pfs.branch):\(pfs.glob)" + (pfs.name.map { " as /pfs/\($0)" } ?? "")
        case .cross(let inputs): "cross(" + inputs.map(Self.input).joined(separator: ", ") + ")"
        case .union(let inputs): "union(" + inputs.map(Self.input).joined(separator: ", ") + ")"
        }
    }
}

extension Diagnose {
    /// A pipeline error; one from a spec file names its `file:line:col`.
    static func pipeline(_ error: PipelineError, at span: SourceSpan?) -> Diagnostic {
        if case .store(let store) = error.kind { return Diagnose.store(store, StoreSpans(whole: span)) }
        return Diagnostic((error.location.map { "\($0): " } ?? "") + error.message, at: span, help: help(for: error))
    }
}
