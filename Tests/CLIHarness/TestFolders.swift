import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where tests make their folders: all inside one folder per test process,
/// `$TMPDIR/lessonbook-tests-PID`, removed when the process exits. Why: a test that keeps
/// its folder for the process's lifetime (a session other tests of the suite read), or fails
/// before its `defer` runs, left it in the temporary directory; one `swift test` run left 40
/// such folders behind.
public enum TestFolders {
    /// This process's folder, made on first use; removed at exit.
    public static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lessonbook-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFolders.root) }
        return root
    }()

    /// A path `root/PREFIX-UUID` that does not exist yet (the caller makes it, or lets the
    /// code under test make it).
    public static func path(_ prefix: String) -> URL {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }

    /// A new empty folder `root/PREFIX-UUID`.
    public static func make(_ prefix: String) throws -> URL {
        let folder = path(prefix)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
