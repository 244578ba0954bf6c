import Foundation

/// An exclusive `flock` on `<database>.lock`, held while a process opens the database,
/// switches it to WAL mode and applies migrations.
///
/// Without it, processes creating a new store at the same moment race: one holds a read
/// lock while another switches the journal mode or creates tables, and SQLite answers
/// "database is locked" at once, without waiting for the busy timeout (it cannot wait
/// there without risking a deadlock). Serialising those few milliseconds of setup costs
/// nothing; reads and writes afterwards are not serialised by it.
struct CreationLock {
    private let fd: Int32

    /// Takes the lock, waiting up to `timeout` seconds; `nil` when the lock file cannot be
    /// created (a read-only folder: then no process can create the store there anyway).
    static func acquire(for databasePath: String, timeout: TimeInterval) throws(StoreError) -> CreationLock? {
        let fd = open(databasePath + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw .cannotOpen(path: databasePath, detail: "another process kept \(databasePath).lock "
                    + "for more than \(Int(timeout)) s while setting up the database")
            }
            usleep(2_000)
        }
        return CreationLock(fd: fd)
    }

    /// Lets the next process in. Closing the descriptor releases the lock too, so a process
    /// that dies holding it never blocks the others.
    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
