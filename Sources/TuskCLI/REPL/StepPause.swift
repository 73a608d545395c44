import Foundation

/// The wait between two cells of `tusk run --step`: a dim line on standard error, then a key.
///
/// On a terminal, the key is read at once, without echo: Enter, space, the right or down arrow
/// or Page Down (what presentation clickers send) go on; `q`, Ctrl-D or Ctrl-C stop. The line is
/// erased afterwards, so the screen shows the notebook alone. When standard input is not a
/// terminal, each line read is an Enter, and `q` or the end of input stops: piped input drives
/// it as a person would.
struct StepPause {
    enum Answer: Equatable { case next, stop }

    /// Shows the prompt after cell `number` of `total` and waits; `rest` when only prose is left.
    func wait(after number: Int, of total: Int, rest: Bool) -> Answer {
        let what = rest ? "Enter for the rest" : "Enter for the next"
        let prompt = "── cell \(number) of \(total) done · \(what), q to stop ──"
        let painted = Terminal.errorColors.enabled ? "\u{1B}[2m" + prompt + "\u{1B}[0m" : prompt
        let answer: Answer
        if isatty(STDIN_FILENO) != 0, let keys = RawKeys() {
            FileHandle.standardError.write(Data(painted.utf8))
            answer = keys.next()
        } else {
            FileHandle.standardError.write(Data(painted.utf8))
            answer = Self.line()
        }
        // On a terminal, the prompt goes; in a log it stays, one line.
        FileHandle.standardError.write(Data((isatty(STDERR_FILENO) != 0 ? "\r\u{1B}[2K" : "\n").utf8))
        return answer
    }

    /// A line from standard input: the end of input or `q` stops, anything else goes on.
    private static func line() -> Answer {
        guard let line = readLine(strippingNewline: true) else { return .stop }
        return line.trimmingCharacters(in: .whitespaces).lowercased() == "q" ? .stop : .next
    }
}

/// Standard input in non-canonical mode without echo or signals, for one key; the terminal's
/// settings come back when it is done with.
private final class RawKeys {
    private var saved = termios()

    /// Nil when standard input's settings cannot be read (it is not a terminal).
    init?() {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        // TCSAFLUSH drops what was typed while the cell ran: two quick Enters skip no cell.
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else { return nil }
    }

    deinit { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }

    func next() -> StepPause.Answer {
        while true {
            guard let key = byte(within: nil) else { return .stop }
            switch key {
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: " "): return .next
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x03, 0x04: return .stop
            case 0x1B:
                // ESC [ C (right), ESC [ B (down), ESC [ 6 ~ (Page Down); a lone ESC does nothing.
                guard byte(within: 50) == UInt8(ascii: "[") else { continue }
                var sequence: [UInt8] = []
                while let next = byte(within: 50) {
                    sequence.append(next)
                    if (0x40...0x7E).contains(next) { break }
                }
                if [[UInt8(ascii: "C")], [UInt8(ascii: "B")], Array("6~".utf8)].contains(sequence) { return .next }
            default: continue
            }
        }
    }

    /// One byte; nil at the end of input, or when `milliseconds` pass without one.
    private func byte(within milliseconds: Int32?) -> UInt8? {
        if let milliseconds {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, milliseconds) > 0 else { return nil }
        }
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }
}
