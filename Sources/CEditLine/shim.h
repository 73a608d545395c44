// libedit through its readline-compatible API, plus what Swift 6 cannot do with it directly:
// assigning libedit's C globals (an error under strict concurrency), and signal handling that
// lets Ctrl-C cancel the line being edited instead of ending the REPL.
#ifndef TUSK_CEDITLINE_SHIM_H
#define TUSK_CEDITLINE_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <editline/readline.h>

// MARK: - Signals while editing
//
// libedit's own signal handling (rl_catch_signals, EL_SIGNAL) installs handlers around each
// readline call that put the terminal back in cooked mode, restore the previous handler and
// re-raise the signal to the whole process group with kill(0, …); readline then returns NULL,
// exactly as for Ctrl-D on an empty line. A caller can tell the two apart only if its own
// handler, reached through that re-raise, has run by then (not so when another thread takes
// the re-raised signal), and a Ctrl-C that lands while libedit is busy rather than blocked in
// read() does not end readline at all: it waits for the next key, with the flag already up.
//
// So tusk turns libedit's handling off and owns the signals:
// - SIGINT is always handled here: the handler raises a flag and writes a byte to a pipe.
// - Our read function (rl_getc_function) waits with poll() on the terminal *and* that pipe, so
//   a Ctrl-C ends the wait wherever it lands, on whichever thread it is handled; seeing the
//   flag, it reports end of input, readline returns NULL, and the caller tells Ctrl-C from
//   Ctrl-D by the flag.
// - While editing, the other signals libedit would catch (TSTP, QUIT, HUP, TERM, CONT, WINCH)
//   are noted the same way and acted on by the read function, outside any handler: the
//   terminal is restored before the signal stops or ends the process, re-prepared and redrawn
//   after a stop, and resized after SIGWINCH.
//
// The state is `static`, so every object file that calls these functions gets its own copy
// (a debug build compiles each Swift file to its own object): only one Swift file,
// TerminalSignals.swift, may call the functions in this section.

enum { TUSK_DEFERRED_SIGNAL_COUNT = 6, TUSK_SIGCONT_INDEX = 4 };
static const int tusk_deferred_signals[TUSK_DEFERRED_SIGNAL_COUNT] = {
    SIGTSTP, SIGQUIT, SIGHUP, SIGTERM, [TUSK_SIGCONT_INDEX] = SIGCONT, SIGWINCH};

struct tusk_signal_state {
    /// Set by the SIGINT handler, cleared by tusk_take_interrupt. Lock-free atomics: safe in a
    /// signal handler and across threads.
    atomic_int interrupt_pending;
    atomic_int deferred_pending[TUSK_DEFERRED_SIGNAL_COUNT];
    struct sigaction deferred_previous[TUSK_DEFERRED_SIGNAL_COUNT];
    /// The self-pipe: handlers write a byte to [1], the read function polls [0].
    int wake_pipe[2];
};

/// The state, as a function's own static: Swift's compilation of this header emits those with the
/// function, whereas a file-scope static without an initializer gets no storage (a link error).
static inline struct tusk_signal_state *tusk_signals(void) {
    static struct tusk_signal_state state = {.wake_pipe = {-1, -1}};
    return &state;
}

static void tusk_wake(void) {
    int saved = errno;
    char byte = 0;
    if (write(tusk_signals()->wake_pipe[1], &byte, 1) < 0) {
        // Full pipe: a wake-up is already waiting, which is all we need.
    }
    errno = saved;
}

static void tusk_on_interrupt(int signo) {
    (void)signo;
    atomic_store(&tusk_signals()->interrupt_pending, 1);
    tusk_wake();
}

static void tusk_on_deferred(int signo) {
    for (int index = 0; index < TUSK_DEFERRED_SIGNAL_COUNT; index++) {
        if (tusk_deferred_signals[index] == signo) atomic_store(&tusk_signals()->deferred_pending[index], 1);
    }
    tusk_wake();
}

static void tusk_drain_wake_pipe(void) {
    char bytes[64];
    while (read(tusk_signals()->wake_pipe[0], bytes, sizeof bytes) > 0) {
    }
}

static void tusk_refresh_after_stop(void) {
    // Cooked then raw again: rawmode re-reads the terminal, which the shell may have changed.
    rl_deprep_terminal();
    rl_prep_terminal(0);
    rl_forced_update_display();
}

/// Acts on the signals noted while editing, outside the handler, where libedit may be called.
static void tusk_deliver_deferred(void) {
    for (int index = 0; index < TUSK_DEFERRED_SIGNAL_COUNT; index++) {
        if (!atomic_exchange(&tusk_signals()->deferred_pending[index], 0)) continue;
        int signo = tusk_deferred_signals[index];
        if (signo == SIGWINCH) {
            rl_resize_terminal();
        } else if (signo == SIGCONT) {
            tusk_refresh_after_stop();
        } else {
            // TSTP, QUIT, HUP, TERM: leave the terminal as we found it, then let the signal do
            // what it would have done without us (stop, or end the process).
            rl_deprep_terminal();
            struct sigaction ours;
            sigaction(signo, &tusk_signals()->deferred_previous[index], &ours);
            raise(signo);
            sigaction(signo, &ours, NULL);
            // Still here: stopped and continued (or the signal was ignored). Our SIGCONT handler
            // has noted the continue; redraw once, here.
            atomic_store(&tusk_signals()->deferred_pending[TUSK_SIGCONT_INDEX], 0);
            tusk_refresh_after_stop();
        }
    }
}

/// libedit's read function while tusk edits a line: one character, decoded with mbrtowc as
/// libedit's own reader does, or EOF (-1) on end of input and on Ctrl-C.
static int tusk_read_character(FILE *stream) {
    int fd = fileno(stream);
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        tusk_deliver_deferred();
        if (atomic_load(&tusk_signals()->interrupt_pending)) return EOF;
        struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = tusk_signals()->wake_pipe[0], .events = POLLIN}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return EOF;
        }
        if (fds[1].revents) tusk_drain_wake_pipe();
        if (!fds[0].revents) continue;
        ssize_t got = read(fd, &bytes[count], 1);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (got <= 0) return EOF;
        count++;
        for (;;) {
            mbstate_t state;
            memset(&state, 0, sizeof state);
            wchar_t character;
            size_t result = mbrtowc(&character, bytes, count, &state);
            if (result == (size_t)-2) {
                if (count >= MB_LEN_MAX) count = 0;  // not a character: drop it
                break;                               // incomplete: read another byte
            }
            if (result == (size_t)-1) {
                // Invalid: as libedit, drop all bytes but the last, and try that one alone.
                if (count > 1) {
                    bytes[0] = bytes[count - 1];
                    count = 1;
                    continue;
                }
                count = 0;
                break;
            }
            return (int)character;
        }
    }
}

/// Takes the signals over from libedit: call once, before anything initializes libedit
/// (using_history, read_history and readline all do), since rl_initialize reads
/// rl_catch_signals and rl_getc_function. Handlers are installed with SA_RESTART: the pipe, not
/// EINTR, wakes the read function (poll is never restarted anyway), and a running command's
/// reads and writes are not cut short by a Ctrl-C.
/// Returns 0, or -1 with errno set.
static inline int tusk_signals_install(void) {
    int *wake_pipe = tusk_signals()->wake_pipe;
    if (wake_pipe[0] < 0) {
        if (pipe(wake_pipe) != 0) return -1;
        for (int end = 0; end < 2; end++) {
            fcntl(wake_pipe[end], F_SETFD, FD_CLOEXEC);
            fcntl(wake_pipe[end], F_SETFL, fcntl(wake_pipe[end], F_GETFL) | O_NONBLOCK);
        }
    }
    rl_catch_signals = 0;
    rl_getc_function = tusk_read_character;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = tusk_on_interrupt;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGINT, &action, NULL);
}

/// Installs the handlers for the signals noted while editing; tusk_signals_end_editing puts
/// the previous ones back.
static inline void tusk_signals_begin_editing(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = tusk_on_deferred;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int index = 0; index < TUSK_DEFERRED_SIGNAL_COUNT; index++) {
        atomic_store(&tusk_signals()->deferred_pending[index], 0);
        sigaction(tusk_deferred_signals[index], &action, &tusk_signals()->deferred_previous[index]);
    }
}

/// Restores the handlers tusk_signals_begin_editing replaced, then lets a signal noted after
/// the last character was read (a stop, or an end) take effect with them.
static inline void tusk_signals_end_editing(void) {
    for (int index = 0; index < TUSK_DEFERRED_SIGNAL_COUNT; index++) {
        sigaction(tusk_deferred_signals[index], &tusk_signals()->deferred_previous[index], NULL);
    }
    for (int index = 0; index < TUSK_DEFERRED_SIGNAL_COUNT; index++) {
        int signo = tusk_deferred_signals[index];
        if (atomic_exchange(&tusk_signals()->deferred_pending[index], 0) && signo != SIGCONT && signo != SIGWINCH) raise(signo);
    }
}

/// Reads and clears the interrupt flag: 1 if SIGINT arrived since the last call.
static inline int tusk_take_interrupt(void) { return atomic_exchange(&tusk_signals()->interrupt_pending, 0); }

/// Whether the terminal on `fd` echoes Ctrl-C as `^C` itself (in cooked mode: ISIG, ECHO and
/// ECHOCTL on), so that we should not print it again.
static inline int tusk_terminal_echoes_interrupt(int fd) {
    struct termios settings;
    if (tcgetattr(fd, &settings) != 0) return 0;
    tcflag_t needed = ISIG | ECHO | ECHOCTL;
    return (settings.c_lflag & needed) == needed;
}

// MARK: - Completion and other libedit globals

typedef char **tusk_completion_function(const char *text, int start, int end);

static inline void tusk_set_completion(tusk_completion_function *function) {
    rl_attempted_completion_function = function;
}

/// Stops libedit from falling back to file-name completion when we offer nothing.
static inline void tusk_set_completion_over(int over) { rl_attempted_completion_over = over; }

static inline void tusk_set_word_break_characters(const char *characters) {
    rl_basic_word_break_characters = (char *)characters;
}

static inline void tusk_set_completion_append_character(int character) {
    rl_completion_append_character = character;
}

static inline void tusk_set_readline_name(const char *name) { rl_readline_name = name; }

static inline const char *tusk_line_buffer(void) { return rl_line_buffer; }

static inline char **tusk_completion_matches(const char *text, rl_compentry_func_t *generator) {
    return rl_completion_matches(text, generator);
}

#endif
