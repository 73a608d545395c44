import CEditLine
import Foundation
import Synchronization

/// The REPL's line editor: libedit through its readline API, with persistent history, TAB
/// completion and Ctrl-C that cancels the line (see ``TerminalSignals``). Only used when stdin and
/// stdout are terminals.
final class LineEditor {
    /// What `readLine` got.
    enum Input {
        case line(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D on an empty line.
        case endOfInput
    }

    private let historyPath: String?

    /// - Parameters:
    ///   - historyPath: where history persists across sessions (nil: none).
    ///   - complete: candidates for the word before the cursor, given the line and cursor offset.
    init(historyPath: String?, complete: @escaping @Sendable (String, Int) -> [String]) {
        self.historyPath = historyPath
        LineEditor.completion.withLock { $0 = complete }
        tusk_set_readline_name("tusk")
        tusk_set_word_break_characters(" \t\n")
        tusk_set_completion { text, start, end in LineEditor.attemptCompletion(text, start, end) }
        // Before using_history: it initializes libedit, which reads whether to catch signals.
        TerminalSignals.install()
        using_history()
        stifle_history(1000)
        if let historyPath { _ = read_history(historyPath) }
    }

    /// Reads one line. A Ctrl-C pressed before the prompt appears (while the previous command's
    /// output was printed) does not cancel it; one pressed after Enter is left for the command.
    func readLine(prompt: String) -> Input {
        _ = TerminalSignals.takeInterrupt()
        // readline returns NULL both on Ctrl-D and, through our read function, on Ctrl-C.
        guard let raw = TerminalSignals.whileEditing({ readline(prompt) }) else {
            return TerminalSignals.takeInterrupt() ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Adds a line to history and saves the whole history, so a killed session loses nothing.
    func remember(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        add_history(line)
        // write_history, not append_history: libedit's append_history writes one entry too many.
        if let historyPath { _ = write_history(historyPath) }
    }

    // MARK: - Completion through a C callback

    /// The completion callback cannot capture context, so the provider lives here, behind a lock.
    private static let completion = Mutex<(@Sendable (String, Int) -> [String])?>(nil)

    fileprivate static func attemptCompletion(
        _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        tusk_set_completion_over(1)
        let line = String(cString: tusk_line_buffer())
        let cursor = Int(end)
        let candidates = completion.withLock { $0 }?(line, cursor) ?? []
        guard !candidates.isEmpty else { return nil }
        let expectsMore = candidates.count == 1 && ["@", ":", "/"].contains(candidates[0].last)
        tusk_set_completion_append_character(expectsMore ? 0 : 32)
        // libedit's convention (as its own rl_completion_matches builds it): [common prefix,
        // match1, …, NULL], all malloc'd, even for a single match.
        let common = candidates.dropFirst().reduce(candidates[0]) { prefix, word in
            String(zip(prefix, word).prefix { $0 == $1 }.map(\.0))
        }
        let entries = [common] + candidates
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: entries.count + 1)
        for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
        array[entries.count] = nil
        return array
    }
}
