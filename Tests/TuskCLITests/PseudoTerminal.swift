import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `tusk` binary run on a pseudo-terminal of its own, driven as a person would drive it:
/// keystrokes in, a rendered ``TerminalScreen`` out, and an exit status.
///
/// The child gets a new session whose controlling terminal is the pseudo-terminal, so Ctrl-C
/// typed on it (`"\u{03}"`) sends SIGINT to tusk alone, as in a shell. Every wait has a timeout,
/// and `close()` (or deinit) kills a child that is still running.
///
///     let terminal = try PseudoTerminal(arguments: ["--store", path])
///     try terminal.waitForPrompt()
///     terminal.send("list repo\r")
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let columns = 200
    let pid: pid_t
    private let master: Int32
    private var slave: Int32
    private(set) var screen = TerminalScreen(columns: PseudoTerminal.columns)
    private var exitStatus: Int32?

    /// Starts `tusk arguments…` with `TERM=xterm`, in a 200-column terminal.
    init(arguments: [String]) throws {
        let executable = try PseudoTerminal.tuskBinary()
        var master: Int32 = -1
        var slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        for descriptor in [master, slave] { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var name = [CChar](repeating: 0, count: 128)
        guard ttyname_r(slave, &name, name.count) == 0 else {
            Glibc.close(master)
            Glibc.close(slave)
            throw Failure(description: "ttyname_r: \(String(cString: strerror(errno)))")
        }
        self.master = master
        // Held open until tusk has opened its side too: with no slave open, reading the master
        // fails with EIO, which is how the end of tusk shows.
        self.slave = slave
        var size = winsize(ws_row: 50, ws_col: UInt16(PseudoTerminal.columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        // posix_spawn, not fork: the test runner is multithreaded. In the child, setsid comes
        // before the file actions, so opening the terminal makes it the controlling terminal.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // What the test runner blocks or ignores must not leak into tusk.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var terminalSignals = sigset_t()
        sigemptyset(&terminalSignals)
        for signal in [SIGINT, SIGQUIT, SIGTSTP, SIGTERM, SIGHUP, SIGCONT, SIGWINCH, SIGPIPE] {
            sigaddset(&terminalSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &terminalSignals)
        // glibc's POSIX_SPAWN_SETSID (0x80): <spawn.h> declares it for _GNU_SOURCE only, which
        // Swift's Glibc module does not define.
        let setsid: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment
        let variables: [String] = [
            "TERM=xterm", "HOME=\(NSTemporaryDirectory())", "PATH=\(environment["PATH"] ?? "/usr/bin:/bin")",
        ]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            Glibc.close(master)
            Glibc.close(slave)
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        pid = child
    }

    deinit { close() }

    /// Kills the child if it is still running, and reaps it.
    func close() {
        closeSlave()
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exitStatus = -1
            Glibc.close(master)
        }
    }

    private func closeSlave() {
        if slave >= 0 {
            Glibc.close(slave)
            slave = -1
        }
    }

    /// Types `keys`: `"\r"` is Enter, `"\u{03}"` Ctrl-C, `"\u{04}"` Ctrl-D, `"\t"` TAB,
    /// `"\u{1B}[A"` the up arrow.
    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            sent += written
        }
    }

    /// Reads until the screen contains `text` (lines compared without trailing spaces).
    func waitFor(_ text: String, timeout: Duration = .seconds(30)) throws {
        try wait(until: "the screen shows \(String(reflecting: text))", timeout: timeout) {
            $0.text.contains(text)
        }
    }

    /// Reads until a fresh prompt waits: the cursor's line is exactly `prompt`, cursor at its end,
    /// and the line editor has the terminal in raw mode. libedit draws the prompt *before* it
    /// leaves cooked mode, and a key typed in between is the terminal's (a ^D there becomes a
    /// NUL), so keys are only typed once the terminal is raw.
    func waitForPrompt(_ prompt: String = "tusk> ", timeout: Duration = .seconds(30)) throws {
        try wait(until: "a fresh \(String(reflecting: prompt)) prompt, terminal in raw mode", timeout: timeout) {
            $0.beforeCursor == prompt && $0.afterCursor.isEmpty && isRaw
        }
    }

    /// Whether tusk's side of the terminal is in raw (non-canonical) mode, as while libedit
    /// reads a line; cooked while a command runs. On Linux the master reports the slave's modes.
    var isRaw: Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ICANON) == 0
    }

    /// Reads until `condition` holds for the screen, or throws after `timeout` with the screen.
    func wait(until what: String, timeout: Duration, _ condition: (TerminalScreen) -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(screen) {
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "timed out after \(timeout) waiting for \(what); screen:\n\(screen.text)")
            }
            guard read(for: .milliseconds(50)) != .closed else {
                guard !condition(screen) else { return }
                throw Failure(description: "tusk closed the terminal before \(what); screen:\n\(screen.text)")
            }
        }
    }

    /// Waits for the child to exit, reading what it writes meanwhile; its exit status, or
    /// 128 + the signal that ended it.
    func waitForExit(timeout: Duration = .seconds(30)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                while read(for: .zero) == .data {}
                Glibc.close(master)
                let signal = status & 0x7F
                exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
                return exitStatus!
            }
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "tusk still running after \(timeout); screen:\n\(screen.text)")
            }
            if read(for: .milliseconds(20)) == .closed { usleep(10_000) }
        }
    }

    private enum Reading { case data, nothing, closed }

    /// Feeds what arrives within `timeout` to the screen.
    private func read(for timeout: Duration) -> Reading {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { return ready == 0 || errno == EINTR ? .nothing : .closed }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = Glibc.read(master, &buffer, buffer.count)
        // EIO: every descriptor of the terminal's other end is closed (tusk has exited).
        guard count > 0 else { return count < 0 && errno == EINTR ? .nothing : .closed }
        // tusk has written, so it has its side of the terminal open.
        closeSlave()
        screen.feed(buffer.prefix(count))
        return .data
    }

    // MARK: - Finding the binary

    /// `$TUSK_BINARY` if set, else the `tusk` built beside these tests, else the package's debug
    /// build of it. Nothing here can tell a stale binary (SwiftPM does not relink when a touched
    /// file compiles to the same object), so `make test-unit` builds it before testing.
    static func tuskBinary(filePath: String = #filePath) throws -> String {
        if let path = ProcessInfo.processInfo.environment["TUSK_BINARY"] { return path }
        // The tusk of the same build as these tests, beside them (.build/release when the tests
        // were built with -c release, as `make test` does), else the debug build's.
        var candidates: [String] = []
        if let tests = Bundle.main.executableURL {
            candidates.append(tests.deletingLastPathComponent().appendingPathComponent("tusk").path)
        }
        // Tests/TuskCLITests/PseudoTerminal.swift → the package root.
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/tusk").path)
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(
                description:
                    "no tusk binary at \(candidates.joined(separator: " or ")): run `swift build --product tusk` first"
            )
        }
        return binary
    }
}
