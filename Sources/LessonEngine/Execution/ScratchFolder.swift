import Foundation

/// The scratch folders chapters are compiled and run in: `lessons-<pid>-<random>` under the
/// scratch root, named after the engine process that owns them so that a folder left by a
/// killed engine (SIGKILL leaves no chance to clean up) can be recognised and swept later.
public enum ScratchFolder {
    /// A fresh folder name for this process under `root`.
    static func make(root: String) -> String {
        root + "/lessons-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The owner pid in a scratch folder's name, or `nil` for any other name.
    static func owner(of name: String) -> pid_t? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "lessons", let pid = pid_t(parts[1]), pid > 0,
              UInt32(parts[2]) != nil else { return nil }
        return pid
    }

    /// Removes the scratch folders under `root` whose owner process no longer exists. A
    /// folder whose pid is alive is kept, even if the pid was reused: sweeping too little is
    /// harmless, removing a running engine's folder is not.
    public static func sweepStale(root: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names {
            guard let pid = owner(of: name), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: root + "/" + name)
            }
        }
    }
}
