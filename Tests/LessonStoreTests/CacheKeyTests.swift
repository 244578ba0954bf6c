import Foundation
import LessonEngine
import Testing
@testable import LessonStore

/// The engine's cache key decides whether the store's run is reused: every part of it must
/// invalidate the cache, and nothing else may.
@Suite("Cache keys")
struct CacheKeyTests {
    /// A build folder of fake object files and modules whose identity the test controls.
    final class FakeBuild {
        let folder: TemporaryFolder
        let products: BuildProducts

        init() throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("Modules"), withIntermediateDirectories: true)
            for name in ["Modules/ConvLab.swiftmodule", "Modules/LessonRuntime.swiftmodule", "conv.o", "runtime.o"] {
                try Data("original \(name)".utf8).write(to: URL(fileURLWithPath: folder.file(name)))
            }
            products = BuildProducts(folder: folder.path, modules: folder.file("Modules"),
                                     objects: [folder.file("conv.o"), folder.file("runtime.o")])
        }
    }

    static let file = "Lessons/02-two-3x3.md"

    static func cells(code: String = "let a = 1\nrecord(\"a\", Double(a))", options: CellOptions = CellOptions(),
                      line: Int = 7, id: String = "c2") -> [Cell] {
        [Cell(id: "c1", index: 0, options: CellOptions(), code: "print(\"hello\")",
              fence: SourceLocation(file: file, line: 3)),
         Cell(id: id, index: 1, options: options, code: code, fence: SourceLocation(file: file, line: line))]
    }

    /// Stores a run under the base key and answers whether a run keyed by `key` would reuse it.
    static func reuses(_ key: String, base: String) throws -> Bool {
        let folder = try TemporaryFolder()
        let db = try LessonDatabase.open(at: folder.file("l.sqlite"))
        let run = ChapterRun(chapter: "two-3x3", file: file, cells: [], cacheKey: base,
                             startedAt: Date(), durationMs: 1, toolchain: "t")
        try db.save(run, provenance: RunProvenance(host: "h", bookCommit: nil))
        return try db.cachedRun(chapter: "two-3x3", key: key) != nil
    }

    @Test func everyPartOfTheKeyInvalidatesTheCache() throws {
        let build = try FakeBuild()
        let toolchain = Toolchain(swiftc: "/usr/bin/swiftc", version: "Swift version 6.3.1")
        let executor = ChapterExecutor(products: build.products, toolchain: toolchain)
        let base = executor.cacheKey(file: Self.file, cells: Self.cells())

        var hidden = CellOptions(); hidden.hidden = true
        var timeout = CellOptions(); timeout.timeout = 5
        var otherCompiler = executor; otherCompiler.toolchain.version = "Swift version 6.3.2"
        var longerLimit = executor; longerLimit.options.cellTimeLimit = 61
        var biggerCap = executor; biggerCap.options.outputCap = 2 << 20
        var noSolutions = executor; noSolutions.options.runSolutions = false
        var variants: [String: String] = [
            "cell code": executor.cacheKey(file: Self.file, cells: Self.cells(code: "let a = 2\nrecord(\"a\", Double(a))")),
            "code, one space": executor.cacheKey(file: Self.file, cells: Self.cells(code: "let a = 1 \nrecord(\"a\", Double(a))")),
            "cell option hidden": executor.cacheKey(file: Self.file, cells: Self.cells(options: hidden)),
            "cell option timeout": executor.cacheKey(file: Self.file, cells: Self.cells(options: timeout)),
            "cell id": executor.cacheKey(file: Self.file, cells: Self.cells(id: "ratio")),
            "cell moved in the markdown": executor.cacheKey(file: Self.file, cells: Self.cells(line: 9)),
            "markdown file renamed": executor.cacheKey(file: "Lessons/03-two-3x3.md", cells: Self.cells()),
            "cell dropped": executor.cacheKey(file: Self.file, cells: Array(Self.cells().prefix(1))),
            "compiler version": otherCompiler.cacheKey(file: Self.file, cells: Self.cells()),
            "cell time limit": longerLimit.cacheKey(file: Self.file, cells: Self.cells()),
            "output cap": biggerCap.cacheKey(file: Self.file, cells: Self.cells()),
            "solutions off": noSolutions.cacheKey(file: Self.file, cells: Self.cells()),
        ]
        // A rebuilt ConvLab: same path, new content.
        try Data("rebuilt conv with more code".utf8).write(to: URL(fileURLWithPath: build.folder.file("conv.o")))
        variants["ConvLab rebuilt"] = executor.cacheKey(file: Self.file, cells: Self.cells())
        try Data("rebuilt module!".utf8).write(
            to: URL(fileURLWithPath: build.folder.file("Modules/LessonRuntime.swiftmodule")))
        variants["runtime module rebuilt"] = executor.cacheKey(file: Self.file, cells: Self.cells())

        for (part, key) in variants {
            #expect(key != base, "changing the \(part) kept the key")
            #expect(try !Self.reuses(key, base: base), "changing the \(part) reused the cached run")
        }
        #expect(Set(variants.values).count == variants.count, "two changes gave the same key")
    }

    @Test func nothingElseInvalidatesTheCache() throws {
        let build = try FakeBuild()
        let executor = ChapterExecutor(
            products: build.products, toolchain: Toolchain(swiftc: "/usr/bin/swiftc", version: "Swift version 6.3.1"))
        let base = executor.cacheKey(file: Self.file, cells: Self.cells())

        var otherPath = executor; otherPath.toolchain.swiftc = "/opt/swift/usr/bin/swiftc"
        var keepScratch = executor; keepScratch.options.keepScratch = true
        var otherScratch = executor; otherScratch.options.scratchRoot = "/var/tmp/elsewhere"
        // Same build, found again (a new value, same files).
        let again = ChapterExecutor(
            products: BuildProducts(folder: build.products.folder, modules: build.products.modules,
                                    objects: build.products.objects),
            toolchain: executor.toolchain)
        let same: [String: String] = [
            "computed again": executor.cacheKey(file: Self.file, cells: Self.cells()),
            "same cells rebuilt from text": executor.cacheKey(file: Self.file, cells: Self.cells().map { $0 }),
            "compiler found at another path": otherPath.cacheKey(file: Self.file, cells: Self.cells()),
            "scratch kept": keepScratch.cacheKey(file: Self.file, cells: Self.cells()),
            "scratch elsewhere": otherScratch.cacheKey(file: Self.file, cells: Self.cells()),
            "build found again": again.cacheKey(file: Self.file, cells: Self.cells()),
        ]
        for (change, key) in same {
            #expect(key == base, "\(change) changed the key")
            #expect(try Self.reuses(key, base: base), "\(change) missed the cache")
        }
    }
}
