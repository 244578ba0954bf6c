// A supervisor process between the engine and each child (compiler or chapter program).
//
// Linux's PR_SET_PDEATHSIG kills a process when its parent dies, but only that process:
// swift-driver starts swift-frontend in process groups of its own, and a cell program may
// start children too. So the engine forks this supervisor, which
//   - gets SIGTERM when the engine dies (PR_SET_PDEATHSIG), however the engine dies;
//   - is a child subreaper, so every orphaned descendant is re-parented to it, not to init;
//   - on the engine's death, a stop request (SIGUSR1), its wall-clock backstop, or the
//     program's end, kills every descendant it has, round after round, until none is left.
// It runs in the forked child of a multi-threaded process and never execs, so it uses only
// async-signal-safe calls (raw syscalls, no malloc, no stdio).
#define _GNU_SOURCE
#include "ChildSupervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void report(int fd, int kind, int value) {
    int record[2] = {kind, value};
    ssize_t ignored = write(fd, record, sizeof record);
    (void)ignored;
}

static double monotonic_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/// The parent pid in /proc/PID/stat ("pid (comm) state ppid ..."), or -1.
static pid_t parent_of(const char *pid_name) {
    char path[64] = "/proc/";
    size_t at = strlen(path);
    for (const char *c = pid_name; *c && at < sizeof path - 6; c++) path[at++] = *c;
    memcpy(path + at, "/stat", 6);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char text[512];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = 0;
    // The command name may contain spaces and parentheses: the fields start after the last ')'.
    char *close_paren = NULL;
    for (char *c = text; *c; c++) if (*c == ')') close_paren = c;
    if (!close_paren || close_paren[1] != ' ' || !close_paren[2] || close_paren[3] != ' ') return -1;
    pid_t parent = 0;
    for (char *c = close_paren + 4; *c >= '0' && *c <= '9'; c++) parent = parent * 10 + (*c - '0');
    return parent;
}

/// Sends SIGKILL to every process whose parent is `me`; returns how many it found.
static int kill_children(pid_t me) {
    int found = 0;
    int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return 0;
    char buffer[8192];
    long n;
    while ((n = syscall(SYS_getdents64, dir, buffer, sizeof buffer)) > 0) {
        for (long offset = 0; offset < n;) {
            // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name.
            unsigned short length;
            memcpy(&length, buffer + offset + 16, sizeof length);
            const char *name = buffer + offset + 19;
            offset += length;
            if (name[0] < '1' || name[0] > '9') continue;
            if (parent_of(name) != me) continue;
            pid_t pid = 0;
            for (const char *c = name; *c >= '0' && *c <= '9'; c++) pid = pid * 10 + (*c - '0');
            kill(pid, SIGKILL);
            found++;
        }
    }
    close(dir);
    return found;
}

/// Kills every descendant: killing a child re-parents its own children to us (we are a
/// subreaper), so rounds go on until there are no children left to kill or reap.
static void kill_everything(pid_t me, pid_t program, int *program_status, int *program_ended) {
    for (int round = 0; round < 100000; round++) {
        int found = kill_children(me);
        int status;
        pid_t reaped;
        while ((reaped = waitpid(-1, &status, WNOHANG)) > 0) {
            if (reaped == program && !*program_ended) { *program_status = status; *program_ended = 1; }
        }
        if (found == 0 && reaped < 0 && errno == ECHILD) return;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
}

static void set_limit(int resource, long long value) {
    if (value < 0) return;
    struct rlimit limit;
    if (getrlimit(resource, &limit) != 0) return;
    rlim_t wanted = (rlim_t)value;
    // A hard limit already lower than ours is kept: the stricter limit holds.
    if (limit.rlim_max != RLIM_INFINITY && wanted > limit.rlim_max) wanted = limit.rlim_max;
    limit.rlim_cur = wanted;
    limit.rlim_max = wanted;
    setrlimit(resource, &limit);
}

static void place_fd(int fd, int target) {
    if (fd == target) {
        fcntl(target, F_SETFD, 0);  // dup2 onto itself would keep O_CLOEXEC
    } else {
        dup2(fd, target);
    }
}

static void exec_program(const lb_spawn_request *r, pid_t supervisor) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    // Belt and braces: the program also dies on its own if the supervisor is killed.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != supervisor) _exit(127);
    set_limit(RLIMIT_AS, r->address_space);
    set_limit(RLIMIT_FSIZE, r->file_size);
    set_limit(RLIMIT_CPU, r->cpu_seconds);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) place_fd(null, 0);
    place_fd(r->stdout_fd, 1);
    place_fd(r->stderr_fd, 2);
    // Nothing else of the engine's (database, pipes) leaks into the program.
    syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);
    fcntl(r->status_fd, F_SETFD, FD_CLOEXEC);
    if (r->cell_write_fd >= 0) fcntl(r->cell_write_fd, F_SETFD, 0);
    if (chdir(r->cwd) != 0) {
        report(r->status_fd, LB_EXEC_FAILED, errno);
        _exit(127);
    }
    execve(r->path, r->argv, r->envp);
    report(r->status_fd, LB_EXEC_FAILED, errno);
    _exit(127);
}

static void supervise(const lb_spawn_request *r, pid_t engine) {
    // Inherited handlers are the engine's (Swift code): none of them may run here.
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; s++) {
        if (s != SIGKILL && s != SIGSTOP) sigaction(s, &default_action, NULL);
    }
    sigset_t watched;
    sigemptyset(&watched);
    int signals[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaddset(&watched, signals[i]);
    sigprocmask(SIG_SETMASK, &watched, NULL);
    // A group of its own: the terminal's Ctrl-C reaches the engine, which then decides.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    pid_t me = getpid();
    if (getppid() != engine) _exit(0);  // the engine died before the line above
    prctl(PR_SET_CHILD_SUBREAPER, 1);

    pid_t program = fork();
    if (program == 0) exec_program(r, me);
    if (program < 0) {
        report(r->status_fd, LB_FORK_FAILED, errno);
        _exit(0);
    }
    int status = 0, ended = 0, kind = LB_ENDED, value = 0;
    double deadline = monotonic_seconds() + r->wall_seconds;
    int watches_cells = r->cell_count > 0 && r->cell_wall_seconds && r->cell_read_fd >= 0;
    if (r->cell_write_fd >= 0) close(r->cell_write_fd);
    // The running cell's limit; indices only move forward, so a cell cannot restart its clock.
    int cell = -1;
    double cell_deadline = 0;
    while (!ended) {
        double now = monotonic_seconds();
        if (watches_cells) {
            int index;
            while (read(r->cell_read_fd, &index, sizeof index) == (ssize_t)sizeof index) {
                if (index > cell && index < r->cell_count) {
                    cell = index;
                    cell_deadline = now + r->cell_wall_seconds[index];
                }
            }
            if (cell >= 0 && now >= cell_deadline) { kind = LB_CELL_TIMED_OUT; value = cell; break; }
        }
        double left = deadline - now;
        if (left <= 0) { kind = LB_TIMED_OUT; break; }
        struct timespec wait = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
        if (wait.tv_sec > 1) { wait.tv_sec = 1; wait.tv_nsec = 0; }
        // Cell indices arrive on a pipe, not as signals: look at it every 50 ms.
        if (watches_cells && (wait.tv_sec > 0 || wait.tv_nsec > 50000000)) { wait.tv_sec = 0; wait.tv_nsec = 50000000; }
        siginfo_t info;
        int received = sigtimedwait(&watched, &info, &wait);
        if (received == SIGUSR1) { kind = LB_STOPPED; break; }
        if (received == SIGTERM || received == SIGINT || received == SIGHUP || received == SIGQUIT) {
            // PR_SET_PDEATHSIG also fires when the engine *thread* that forked us exits while
            // the engine lives on; then our parent is still the engine, and the signal came
            // from it. Anything else (the engine is gone, or someone else signalled) stops all.
            if (getppid() == engine && info.si_pid == engine) continue;
            kind = LB_STOPPED;
            break;
        }
        int child_status;
        pid_t reaped;
        while ((reaped = waitpid(-1, &child_status, WNOHANG)) > 0) {
            if (reaped == program) { status = child_status; ended = 1; }
        }
    }
    // Whatever the program left behind (background children, a compiler's frontends) goes too.
    kill_everything(me, program, &status, &ended);
    if (kind == LB_ENDED) report(r->status_fd, LB_ENDED, status);
    else report(r->status_fd, kind, value);
    _exit(0);
}

pid_t lb_spawn_supervised(const lb_spawn_request *request) {
    pid_t engine = getpid();
    pid_t pid = fork();
    if (pid == 0) supervise(request, engine);
    return pid;
}

int lb_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int lb_pipe_cells(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    return 0;
}
