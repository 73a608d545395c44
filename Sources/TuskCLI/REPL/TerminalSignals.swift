import CEditLine
import Foundation

/// Ctrl-C and the other terminal signals while the REPL runs.
///
/// libedit's own handling is off (`rl_catch_signals = 0`): a SIGINT handler of ours raises a flag
/// and wakes libedit's read function (ours too), so Ctrl-C ends the line being edited, and
/// `readline` returning NULL means Ctrl-C when the flag is up and end of input when it is not.
/// While a command runs, Ctrl-C only raises the flag, which the REPL turns into a
/// ``TuskCore/CancellationFlag`` for the command. See `shim.h` for the details.
///
/// This is the only Swift file that may call the shim's signal functions: their state is
/// `static` C, and a debug build compiles every Swift file to its own object file, each with its
/// own copy of that state.
enum TerminalSignals {
    /// Takes the signals over from libedit. Call once, before anything initializes libedit.
    static func install() {
        if tusk_signals_install() != 0 {
            // Without the pipe or the handler, Ctrl-C keeps its default: it ends tusk.
            Terminal.printError(["warning: cannot catch Ctrl-C (\(String(cString: strerror(errno)))); it will end tusk"]
            )
        }
    }

    /// Runs `edit` (a `readline` call) with the handlers for stops, resizes and ends installed.
    static func whileEditing<T>(_ edit: () -> T) -> T {
        tusk_signals_begin_editing()
        defer { tusk_signals_end_editing() }
        return edit()
    }

    /// Whether Ctrl-C was pressed since the last call; clears it.
    @Sendable static func takeInterrupt() -> Bool { tusk_take_interrupt() != 0 }

    /// Whether the terminal itself echoed a Ctrl-C pressed while a command ran (as `^C`).
    static var terminalEchoesInterrupt: Bool { tusk_terminal_echoes_interrupt(STDIN_FILENO) != 0 }
}
