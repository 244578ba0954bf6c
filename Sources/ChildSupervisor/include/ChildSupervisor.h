#ifndef CHILD_SUPERVISOR_H
#define CHILD_SUPERVISOR_H

#include <sys/types.h>

/// What the supervisor reports on its status pipe (two ints: kind, value) before it exits.
enum lb_report_kind {
    /// The program ended; value is its wait(2) status.
    LB_ENDED = 1,
    /// execve failed; value is errno.
    LB_EXEC_FAILED = 2,
    /// The supervisor's own wall-clock backstop fired; everything was killed.
    LB_TIMED_OUT = 3,
    /// The parent asked for a stop (SIGUSR1); everything was killed.
    LB_STOPPED = 4,
    /// fork failed inside the supervisor; value is errno.
    LB_FORK_FAILED = 5,
    /// A cell ran past its wall-clock limit (see `cell_wall_seconds`); everything was killed.
    /// value is the cell's index.
    LB_CELL_TIMED_OUT = 6,
};

/// One program to start under a supervisor. Limits below zero are not set.
typedef struct {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int stdout_fd;
    int stderr_fd;
    /// Write end of the status pipe (O_CLOEXEC); the supervisor writes one report to it.
    int status_fd;
    long long address_space;
    long long file_size;
    long long cpu_seconds;
    /// Seconds after which the supervisor kills everything even if no one asks it to.
    double wall_seconds;
    /// Per-cell wall-clock limits in seconds, indexed by the cell index the program writes
    /// (one native int) to `cell_write_fd` as each cell begins; NULL or count 0: none. The
    /// supervisor enforces them itself, so they hold while the engine does not watch.
    const double *cell_wall_seconds;
    int cell_count;
    /// Read end (O_NONBLOCK, O_CLOEXEC) of the pipe of cell indices, read by the supervisor.
    int cell_read_fd;
    /// Write end of that pipe, left open (without O_CLOEXEC) in the program; -1 for none.
    int cell_write_fd;
} lb_spawn_request;

/// Forks a supervisor that starts the program and returns the supervisor's pid (-1 and
/// errno on failure). The supervisor and everything the program starts die when the
/// calling process dies, whatever kills it; SIGUSR1 to the supervisor kills them all.
pid_t lb_spawn_supervised(const lb_spawn_request *request);

/// pipe2(fds, O_CLOEXEC), which Swift's Glibc module does not export.
int lb_pipe_cloexec(int fds[2]);

/// The pipe of cell indices: pipe2(fds, O_CLOEXEC | O_NONBLOCK), so that neither a full
/// pipe nor a gone reader can block a cell, and the supervisor reads without waiting.
int lb_pipe_cells(int fds[2]);

#endif
