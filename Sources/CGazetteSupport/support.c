#define _GNU_SOURCE
#include "CGazetteSupport.h"
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int gz_wcwidth(unsigned int codepoint) { return wcwidth((wchar_t)codepoint); }

static int locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

int gz_setup_utf8_locale(void) {
    setlocale(LC_ALL, "");
    if (locale_is_utf8()) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") != NULL && locale_is_utf8()) return 1;
    if (setlocale(LC_CTYPE, "C.utf8") != NULL && locale_is_utf8()) return 1;
    if (setlocale(LC_CTYPE, "en_US.UTF-8") != NULL && locale_is_utf8()) return 1;
    return 0;
}

int gz_syncfs(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    (void)fd;
    sync();
    return 0;
#endif
}

static volatile sig_atomic_t terminate_signal = 0;

static void on_terminate(int sig) { terminate_signal = sig; }

void gz_install_signal_flags(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_terminate;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    // A parent may have left these blocked (a test runner's worker thread, a launcher);
    // then ncurses would never see a resize and Ctrl-C would do nothing.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGWINCH);
    pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
}

int gz_pending_terminate_signal(void) { return terminate_signal; }

#include <termios.h>

static struct termios saved_modes;
static int have_saved_modes = 0;
static char reset_sequence[256];
static size_t reset_length = 0;

static void on_crash(int sig) {
    if (have_saved_modes) tcsetattr(0, TCSANOW, &saved_modes);
    if (reset_length > 0) { ssize_t r = write(1, reset_sequence, reset_length); (void)r; }
    signal(sig, SIG_DFL);
    raise(sig);
}

void gz_install_crash_restore(const char *reset) {
    if (tcgetattr(0, &saved_modes) == 0) have_saved_modes = 1;
    reset_length = 0;
    if (reset != NULL) {
        size_t n = strlen(reset);
        if (n >= sizeof reset_sequence) n = sizeof reset_sequence - 1;
        memcpy(reset_sequence, reset, n);
        reset_length = n;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_RESETHAND;
    int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

#include <errno.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int gz_run_program(char *const argv[]) {
    // As system() does: while the program has the terminal, Ctrl-C and Ctrl-\ are its own,
    // not a reason for Gazette to quit. The child starts with default signal handling.
    struct sigaction ignore, old_int, old_quit;
    memset(&ignore, 0, sizeof ignore);
    sigemptyset(&ignore.sa_mask);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGQUIT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGHUP);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int status = -1;
    if (posix_spawnp(&pid, argv[0], NULL, &attr, argv, environ) == 0) {
        int raw;
        while (waitpid(pid, &raw, 0) < 0) {
            if (errno != EINTR) { raw = -1; break; }
        }
        status = raw == -1 ? -1 : (WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw));
    }
    posix_spawnattr_destroy(&attr);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    return status;
}

/* A graphical browser: started in a session of its own with no terminal (stdin, stdout and
   stderr on /dev/null), not waited for. Returns its pid, or -1. */
int gz_spawn_detached(char *const argv[]) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (int fd = 0; fd < 3; fd++) posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, empty;
    sigfillset(&defaults);
    sigemptyset(&empty);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID);
    pid_t pid;
    int ok = posix_spawnp(&pid, argv[0], &actions, &attr, argv, environ) == 0;
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    return ok ? (int)pid : -1;
}

/* Reaps detached children that have exited, without waiting. */
void gz_reap_children(void) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
}

#include <sys/vfs.h>

long long gz_filesystem_type(const char *path) {
    struct statfs fs;
    if (statfs(path, &fs) != 0) return -1;
    return (long long)(unsigned long)fs.f_type;
}

long long gz_heap_in_use(void) { return (long long)mallinfo2().uordblks; }
