import Foundation

/// The compiled ConvLab and LessonRuntime that chapter programs link against, found in the
/// build folder of the running executable.
///
/// Linking their object files (not a dynamic library) needs no rpath and is never stale:
/// the objects are exactly what the running `lessons` was linked from.
public struct BuildProducts: Sendable, Hashable {
    /// The targets whose objects a chapter program links; their dependencies come along.
    public static let linkedTargets = ["ConvLab", "LessonRuntime"]

    /// The build folder, e.g. `.build/x86_64-unknown-linux-gnu/release`.
    public var folder: String
    /// The folder of `.swiftmodule` files, passed as `-I`.
    public var modules: String
    /// The object files to link, in a stable order.
    public var objects: [String]

    /// Products given in full.
    public init(folder: String, modules: String, objects: [String]) {
        self.folder = folder
        self.modules = modules
        self.objects = objects
    }

    /// Finds the products next to the running executable, building them with `swift build`
    /// when they are missing (a fresh clone where only another product was built).
    public static func locate(executable: String = "/proc/self/exe") throws(ExecutionError) -> BuildProducts {
        let resolved = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        let folder = resolved.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: resolved.path) else {
            throw .executableNotFound(executable)
        }
        if let found = find(in: folder, executableName: resolved.lastPathComponent) { return found }
        try build(folder: folder)
        guard let found = find(in: folder, executableName: resolved.lastPathComponent) else {
            throw .buildProductsMissing(folder: folder, detail: "no object files after building")
        }
        return found
    }

    /// The products in `folder`, or `nil` when a module or its objects are missing.
    static func find(in folder: String, executableName: String) -> BuildProducts? {
        let modules = folder + "/Modules"
        let fm = FileManager.default
        let targets = linkedTargetsWithDependencies(folder: folder)
        for target in linkedTargets where !fm.fileExists(atPath: "\(modules)/\(target).swiftmodule") {
            return nil
        }
        var objects: [String] = []
        for target in targets {
            let fromList = linkListObjects(folder: folder, executableName: executableName, target: target)
            let found = fromList.isEmpty ? globObjects(folder: "\(folder)/\(target).build") : fromList
            if found.isEmpty && linkedTargets.contains(target) { return nil }
            objects += found
        }
        return BuildProducts(folder: folder, modules: modules, objects: objects)
    }

    /// The linked targets plus what they depend on, from SwiftPM's `description.json`.
    static func linkedTargetsWithDependencies(folder: String) -> [String] {
        var targets = linkedTargets
        guard let data = FileManager.default.contents(atPath: folder + "/description.json"),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let map = json["targetDependencyMap"] as? [String: [String]] else { return targets }
        for target in linkedTargets {
            for dependency in map[target] ?? [] where !targets.contains(dependency) {
                targets.append(dependency)
            }
        }
        return targets
    }

    /// A target's objects as listed in a product's link file list: the exact set the product
    /// was linked from, so objects of deleted sources left in the folder are not picked up.
    static func linkListObjects(folder: String, executableName: String, target: String) -> [String] {
        let base = executableName.split(separator: ".").first.map(String.init) ?? executableName
        var lists = ["\(folder)/\(base).product/Objects.LinkFileList"]
        let products = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        lists += products.filter { $0.hasSuffix(".product") }.sorted()
            .map { "\(folder)/\($0)/Objects.LinkFileList" }
        for list in lists {
            guard let text = try? String(contentsOfFile: list, encoding: .utf8) else { continue }
            let objects = text.split(separator: "\n").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
            }.filter { $0.contains("/\(target).build/") && FileManager.default.fileExists(atPath: $0) }
            if !objects.isEmpty { return objects }
        }
        return []
    }

    private static func globObjects(folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".o") }.sorted().map { "\(folder)/\($0)" }
    }

    /// Runs `swift build` for the linked targets in the package that owns `folder`
    /// (`<package>/.build/<triple>/<configuration>`).
    static func build(folder: String) throws(ExecutionError) {
        guard let package = package(above: folder).map(URL.init(fileURLWithPath:)) else {
            throw .buildProductsMissing(folder: folder, detail: "no Package.swift above the build folder")
        }
        let configuration = URL(fileURLWithPath: folder).lastPathComponent
        guard let swift = Toolchain.findOnPath("swift") else {
            throw .compilerNotFound(searched: ProcessInfo.processInfo.environment["PATH"] ?? "")
        }
        let log = NSTemporaryDirectory() + "/lessons-build-\(getpid()).log"
        for target in linkedTargets {
            let outcome = try ProcessRunner.run(ProcessRequest(
                executable: swift, arguments: ["build", "-c", configuration, "--target", target],
                workingDirectory: package.path, stdoutPath: log, stderrPath: log + ".err",
                timeLimit: 1800))
            guard outcome.termination == .exited(0) else {
                let detail = readCapped(log + ".err", cap: 4000) + readCapped(log, cap: 4000)
                throw .buildProductsMissing(folder: folder, detail: detail)
            }
        }
    }

    /// The package folder (the one with `Package.swift`) above `folder`, or nil.
    static func package(above folder: String) -> String? {
        var package = URL(fileURLWithPath: folder)
        while package.path != "/" && !FileManager.default.fileExists(atPath: package.path + "/Package.swift") {
            package.deleteLastPathComponent()
        }
        return package.path == "/" ? nil : package.path
    }

    /// The package whose build folder holds the running executable, or nil for a copy
    /// installed elsewhere; `lessons serve` watches its `Sources/ConvLab`.
    public static func sourcePackage(executable: String = "/proc/self/exe") -> String? {
        package(above: URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path)
    }

    /// Rebuilds the linked targets in the running executable's build folder, after their
    /// sources changed (`lessons serve`); the products' `identity`, and so every cache key,
    /// changes with them.
    public static func rebuild(executable: String = "/proc/self/exe") throws(ExecutionError) {
        try build(folder: URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path)
    }

    /// A fingerprint of the products (paths, sizes and modification times of the objects and
    /// modules): any rebuild changes it, so cached runs never outlive the code they ran.
    public var identity: String {
        var digest = SHA256()
        let fm = FileManager.default
        let modules = BuildProducts.linkedTargets.map { "\(self.modules)/\($0).swiftmodule" }
        for path in objects + modules {
            let attributes = (try? fm.attributesOfItem(atPath: path)) ?? [:]
            let size = attributes[.size] as? Int ?? -1
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            digest.update("\(path)\t\(size)\t\(time)\n")
        }
        return digest.finalize()
    }
}
