// libedit through its readline-compatible API, plus what Swift 6 cannot do with it directly:
// assigning libedit's C globals (an error under strict concurrency) and a SIGINT handler that
// only raises a flag, so Ctrl-C cancels the line instead of killing the process.
#ifndef TUSK_CEDITLINE_SHIM_H
#define TUSK_CEDITLINE_SHIM_H

#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <editline/readline.h>

static volatile sig_atomic_t tusk_interrupted = 0;

static void tusk_on_sigint(int signo) {
    (void)signo;
    tusk_interrupted = 1;
}

/// Installs the SIGINT handler without SA_RESTART, so a blocked read returns and the line ends.
static inline void tusk_install_sigint(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = tusk_on_sigint;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
}

/// Reads and clears the interrupt flag.
static inline int tusk_take_interrupt(void) {
    int was = tusk_interrupted;
    tusk_interrupted = 0;
    return was;
}

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
