import Foundation

/// The Swift compiler that builds chapter programs, and its version (part of the cache key).
public struct Toolchain: Sendable, Hashable {
    /// The absolute path of `swiftc`.
    public var swiftc: String
    /// The first line of `swiftc --version`, e.g. `Swift version 6.3.1 (swift-6.3.1-RELEASE)`.
    public var version: String

    /// A toolchain given in full.
    public init(swiftc: String, version: String) {
        self.swiftc = swiftc
        self.version = version
    }

    /// Finds `swiftc` on `PATH` and asks it for its version.
    public static func locate(scratch: String = NSTemporaryDirectory()) throws(ExecutionError) -> Toolchain {
        guard let swiftc = findOnPath("swiftc") else {
            throw .compilerNotFound(searched: ProcessInfo.processInfo.environment["PATH"] ?? "")
        }
        let out = scratch + "/lessons-swiftc-version-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try ProcessRunner.run(ProcessRequest(
            executable: swiftc, arguments: ["--version"], workingDirectory: scratch,
            stdoutPath: out, stderrPath: "/dev/null", timeLimit: 60))
        let text = readCapped(out, cap: 4096)
        let first = text.split(separator: "\n").first.map(String.init) ?? "unknown"
        return Toolchain(swiftc: swiftc, version: first)
    }

    /// The first executable named `name` in a folder of `PATH`.
    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
