import Foundation

/// The Swift compiler that builds chapter programs, and its version (part of the cache key).
public struct Toolchain: Sendable, Hashable {
    /// The absolute path of `swiftc`.
    public var swiftc: String
    /// The first line of `swiftc --version`, e.g. `Swift version 6.3.1 (swift-6.3.1-RELEASE)`.
    public var version: String
    /// `-use-ld=lld` when the toolchain ships lld: it links a chapter program in about half
    /// the time of the default gold linker (0.3–0.5 s saved per program on this machine).
    public var linkerFlags: [String]

    /// A toolchain given in full.
    public init(swiftc: String, version: String, linkerFlags: [String] = []) {
        self.swiftc = swiftc
        self.version = version
        self.linkerFlags = linkerFlags
    }

    /// Finds `swiftc` on `PATH`; its version is read from the `swift-version-*.txt` SwiftPM
    /// wrote into `buildFolder` (the compiler that built ConvLab, which chapter programs must
    /// match anyway), else asked of `swiftc --version` (0.3 s on a busy machine).
    public static func locate(
        buildFolder: String? = nil, scratch: String = NSTemporaryDirectory()
    ) throws(ExecutionError) -> Toolchain {
        guard let swiftc = findOnPath("swiftc") else {
            throw .compilerNotFound(searched: ProcessInfo.processInfo.environment["PATH"] ?? "")
        }
        let folder = URL(fileURLWithPath: swiftc).deletingLastPathComponent().path
        let linker = FileManager.default.isExecutableFile(atPath: folder + "/ld.lld") ? ["-use-ld=lld"] : []
        if let buildFolder, let recorded = recordedVersion(in: buildFolder) {
            return Toolchain(swiftc: swiftc, version: recorded, linkerFlags: linker)
        }
        let out = scratch + "/lessons-swiftc-version-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try ProcessRunner.run(ProcessRequest(
            executable: swiftc, arguments: ["--version"], workingDirectory: scratch,
            stdoutPath: out, stderrPath: "/dev/null", timeLimit: 60))
        let text = readCapped(out, cap: 4096)
        let first = text.split(separator: "\n").first.map(String.init) ?? "unknown"
        return Toolchain(swiftc: swiftc, version: first, linkerFlags: linker)
    }

    /// The first line of the build folder's `swift-version-*.txt`, if there is one.
    static func recordedVersion(in folder: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard let name = names.sorted().first(where: { $0.hasPrefix("swift-version-") && $0.hasSuffix(".txt") }),
              let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8),
              let first = text.split(separator: "\n").first, first.hasPrefix("Swift version") else { return nil }
        return String(first)
    }

    /// The first executable named `name` in a folder of `PATH` (also `lessons serve --open`'s browser opener).
    public static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
