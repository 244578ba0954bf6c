import Foundation
import LessonEngine

/// Runs the toolchain's `swift-symbolgraph-extract` on a module of the build folder (the
/// compiled `.swiftmodule` chapter programs link against, see `BuildProducts`) and keeps the
/// graph in `<build folder>/lessons-api/`, keyed by the module's files: an unchanged build
/// reads the kept graph and never runs the tool again.
public struct SymbolGraphExtractor: Sendable {
    /// The `swift-symbolgraph-extract` executable.
    public var tool: String
    /// The build folder (`.build/<triple>/<configuration>`).
    public var buildFolder: String
    /// The folder of `.swiftmodule` files, passed as `-I`.
    public var modules: String

    /// An extractor given in full.
    public init(tool: String, buildFolder: String, modules: String) {
        self.tool = tool
        self.buildFolder = buildFolder
        self.modules = modules
    }

    /// The extractor next to the toolchain's `swiftc`, for the products' build folder.
    public static func forBuild(_ products: BuildProducts, swiftc: String) throws(APIReferenceError) -> SymbolGraphExtractor {
        let tool = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("swift-symbolgraph-extract").path
        guard FileManager.default.isExecutableFile(atPath: tool) else { throw .toolMissing(searched: tool) }
        return SymbolGraphExtractor(tool: tool, buildFolder: products.folder, modules: products.modules)
    }

    /// Where graphs are kept.
    public var cacheFolder: String { buildFolder + "/lessons-api" }

    /// The module `name` as an API, from the kept graph when the module is unchanged.
    /// `extracted` tells whether the tool ran.
    public func module(_ name: String) throws(APIReferenceError) -> (module: APIModule, extracted: Bool) {
        let (path, extracted) = try graphFile(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableGraph(path: path, reason: "cannot read the file")
        }
        return (try SymbolGraphReader.module(from: data, source: path), extracted)
    }

    /// The path of the module's graph, extracting it first when the kept one is missing or
    /// of another build of the module.
    public func graphFile(_ name: String) throws(APIReferenceError) -> (path: String, extracted: Bool) {
        let key = try cacheKey(name)
        let graph = "\(cacheFolder)/\(name).symbols.json"
        let keyFile = "\(cacheFolder)/\(name).key"
        if (try? String(contentsOfFile: keyFile, encoding: .utf8)) == key,
           FileManager.default.fileExists(atPath: graph) {
            return (graph, false)
        }
        try extract(name, into: graph)
        do {
            try Data(key.utf8).write(to: URL(fileURLWithPath: keyFile), options: .atomic)
        } catch {
            throw .extractionFailed(reason: "cannot write '\(keyFile)': \(error.localizedDescription)")
        }
        return (graph, true)
    }

    /// What the graph depends on: the tool, and the module's compiled interface and docs
    /// (path, size and modification time, as `BuildProducts.identity`): any rebuild of the
    /// module changes it.
    func cacheKey(_ name: String) throws(APIReferenceError) -> String {
        let module = "\(modules)/\(name).swiftmodule"
        guard FileManager.default.fileExists(atPath: module) else { throw .moduleMissing(path: module) }
        var digest = SHA256()
        digest.update("\(tool)\n")
        for path in [module, "\(modules)/\(name).swiftdoc"] {
            let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
            let size = attributes[.size] as? Int ?? -1
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            digest.update("\(path)\t\(size)\t\(time)\n")
        }
        return digest.finalize()
    }

    /// Runs the tool into a private folder, then moves the graph into place, so a reader
    /// never sees half a file and two builds at once do not mix their output.
    private func extract(_ name: String, into graph: String) throws(APIReferenceError) {
        let work = "\(cacheFolder)/extract-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        do {
            try? FileManager.default.removeItem(atPath: work)
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw .extractionFailed(reason: "cannot create '\(work)': \(error.localizedDescription)")
        }
        let log = work + "/extract.log"
        let outcome: ProcessOutcome
        do {
            outcome = try ProcessRunner.run(ProcessRequest(
                executable: tool,
                arguments: ["-module-name", name, "-I", modules, "-target", try targetTriple(),
                            "-output-dir", work, "-minimum-access-level", "public", "-skip-inherited-docs",
                            "-skip-synthesized-members"],
                workingDirectory: work, stdoutPath: log, stderrPath: log, timeLimit: 300))
        } catch {
            throw .extractionFailed(reason: "\(error)")
        }
        let produced = "\(work)/\(name).symbols.json"
        guard outcome.termination == .exited(0), FileManager.default.fileExists(atPath: produced) else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw .extractionFailed(reason: "\(outcome.termination): " + String(text.prefix(2000)))
        }
        // rename(2) replaces an older graph in one step.
        guard rename(produced, graph) == 0 else {
            throw .extractionFailed(reason: "cannot keep the graph at '\(graph)': \(String(cString: strerror(errno)))")
        }
    }

    /// The target the module was built for: SwiftPM names the build folder's parent after
    /// it (`.build/x86_64-unknown-linux-gnu/release`); otherwise the compiler's default.
    func targetTriple() throws(APIReferenceError) -> String {
        let parent = URL(fileURLWithPath: buildFolder).resolvingSymlinksInPath()
            .deletingLastPathComponent().lastPathComponent
        if parent.split(separator: "-").count >= 3 { return parent }
        #if arch(x86_64)
        let arch = "x86_64"
        #else
        let arch = "aarch64"
        #endif
        #if os(Linux)
        return "\(arch)-unknown-linux-gnu"
        #else
        throw .extractionFailed(reason: "cannot tell the target of '\(buildFolder)' (expected .build/<triple>/<configuration>)")
        #endif
    }
}
