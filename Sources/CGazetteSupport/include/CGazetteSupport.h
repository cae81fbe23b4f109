#ifndef GAZETTE_SUPPORT_H
#define GAZETTE_SUPPORT_H

#include <stddef.h>
#include <wchar.h>

/// Display width of one code point under the current locale (libc's wcwidth).
int gz_wcwidth(unsigned int codepoint);

/// Sets LC_ALL from the environment; falls back to C.UTF-8 when the result is not UTF-8.
/// Returns 1 when the locale ends up UTF-8.
int gz_setup_utf8_locale(void);

/// Flushes the filesystem that holds `fd` (Linux syncfs); falls back to sync().
int gz_syncfs(int fd);

/// Installs INT/TERM/HUP handlers (ncurses keeps SIGWINCH) that only record the signal in a flag.
void gz_install_signal_flags(void);
/// The last terminating signal received (INT, TERM, HUP), or 0.
int gz_pending_terminate_signal(void);

/// Remembers the terminal modes of fd 0 now and, on a crash signal (SEGV, BUS, ILL, TRAP,
/// ABRT, FPE), restores them and writes `reset` (e.g. rmcup + cnorm) before dying, so a
/// crash never leaves the terminal broken.
void gz_install_crash_restore(const char *reset);

/// Runs a program (argv[0] looked up on PATH) in the foreground and waits for it, with
/// SIGINT and SIGQUIT ignored meanwhile (they are the program's) and default signal
/// handling in the child. Returns its exit status (128 + signal when killed), -1 when it
/// could not be started.
int gz_run_program(char *const argv[]);

/// Starts a program detached (own session, no terminal: a graphical browser); its pid or -1.
int gz_spawn_detached(char *const argv[]);
/// Reaps detached children that have exited, without waiting.
void gz_reap_children(void);

/// The filesystem type (statfs's f_type, a magic number) of the one holding `path`, or -1.
long long gz_filesystem_type(const char *path);

/// Bytes the heap has handed out and not taken back (mallinfo2's uordblks), for traces.
long long gz_heap_in_use(void);

#endif
