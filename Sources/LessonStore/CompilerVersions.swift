import Foundation
import GRDB
import LessonEngine

/// The compiler's version without asking the compiler every time.
///
/// The version is part of every cache key, and `swiftc --version` takes 0.2–0.3 s on this
/// machine: asked on each `lessons run`, it alone would exceed the 0.3 s budget of a cached
/// chapter. The answer is remembered per compiler file (resolved path, size, modification
/// time), so installing another compiler, even at the same path, asks again.
extension LessonDatabase {
    /// The toolchain found on `PATH`, with its version remembered or asked once.
    public func toolchain(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Toolchain {
        guard let swiftc = Self.findOnPath("swiftc", environment: environment),
              let identity = Self.fileIdentity(swiftc)
        else { return try Toolchain.locate() }  // let the engine report what is missing
        let remembered = try read { db in
            try String.fetchOne(
                db,
                sql: "SELECT version FROM compiler_versions WHERE swiftc = ? AND size = ? AND modified_at = ?",
                arguments: [identity.path, identity.size, identity.modified])
        }
        if let remembered { return Toolchain(swiftc: swiftc, version: remembered) }
        let asked = try Toolchain.locate()
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO compiler_versions (swiftc, size, modified_at, version)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [identity.path, identity.size, identity.modified, asked.version])
        }
        return Toolchain(swiftc: swiftc, version: asked.version)
    }

    static func findOnPath(_ name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func fileIdentity(_ path: String) -> (path: String, size: Int64, modified: Double)? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var info = stat()
        guard stat(resolved, &info) == 0 else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return (resolved, Int64(info.st_size), modified)
    }
}
