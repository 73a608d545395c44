import Synchronization
import TuskCommands
import TuskCore
import TuskLang

/// What a ``Session`` holds between commands that its commands may change: how results print
/// and what it recorded for `save`. It is the session's ``SessionCapability``, handed to every
/// command in ``CommandContext/session``.
///
/// Why a lock: a context is `Sendable` (it reaches pipeline steps and tasks), so what it carries
/// is too; the session itself stays a plain class that one front end drives.
final class SessionState: SessionCapability {
    private struct Values {
        var format: OutputFormat
        var recorder: SessionRecorder?
    }

    private let values: Mutex<Values>

    init(format: OutputFormat) {
        values = Mutex(Values(format: format))
    }

    var format: OutputFormat {
        get { values.withLock { $0.format } }
        set { values.withLock { $0.format = newValue } }
    }

    var recorder: SessionRecorder? {
        get { values.withLock { $0.recorder } }
        set { values.withLock { $0.recorder = newValue } }
    }

    /// Notes a command the session ran, if it records.
    func record(_ source: SourceText, _ result: CommandResult) {
        values.withLock { $0.recorder?.record(source, result) }
    }

    func setFormat(_ format: OutputFormat) { self.format = format }
}
