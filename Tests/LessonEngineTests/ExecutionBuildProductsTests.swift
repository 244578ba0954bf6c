import Foundation
import Testing
@testable import LessonEngine

/// `BuildProducts` on a made-up build folder: which objects a chapter program links.
@Suite struct ExecutionBuildProductsTests {
    private let folder = NSTemporaryDirectory() + "/lessons-products-\(UUID().uuidString)/.build/x86_64/debug"

    private func make(_ paths: [String], list: [String]? = nil, dependencies: [String: [String]] = [:]) throws {
        let fm = FileManager.default
        for path in paths {
            try fm.createDirectory(atPath: (folder + "/" + path as NSString).deletingLastPathComponent,
                                   withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/" + path))
        }
        if let list {
            try fm.createDirectory(atPath: folder + "/lessons.product", withIntermediateDirectories: true)
            try list.map { folder + "/" + $0 }.joined(separator: "\n")
                .write(toFile: folder + "/lessons.product/Objects.LinkFileList", atomically: true, encoding: .utf8)
        }
        let json = try JSONSerialization.data(withJSONObject: ["targetDependencyMap": dependencies])
        try json.write(to: URL(fileURLWithPath: folder + "/description.json"))
    }

    private func cleanUp() {
        let root = folder.components(separatedBy: "/.build/")[0]
        try? FileManager.default.removeItem(atPath: root)
    }

    @Test func theLinkListWinsOverStaleObjectsAndDependenciesComeAlong() throws {
        defer { cleanUp() }
        try make(["Modules/ConvLab.swiftmodule", "Modules/LessonRuntime.swiftmodule",
                  "ConvLab.build/Tensor.swift.o", "ConvLab.build/Deleted.swift.o",
                  "LessonRuntime.build/Runtime.swift.o", "RealModule.build/Real.swift.o",
                  "LessonEngine.build/Engine.swift.o"],
                 list: ["ConvLab.build/Tensor.swift.o", "LessonRuntime.build/Runtime.swift.o",
                        "RealModule.build/Real.swift.o", "LessonEngine.build/Engine.swift.o"],
                 dependencies: ["ConvLab": ["RealModule"], "LessonRuntime": []])
        let products = try #require(BuildProducts.find(in: folder, executableName: "lessons"))
        #expect(products.objects.map { String($0.dropFirst(folder.count + 1)) }
            == ["ConvLab.build/Tensor.swift.o", "LessonRuntime.build/Runtime.swift.o", "RealModule.build/Real.swift.o"])
        #expect(products.modules == folder + "/Modules")
    }

    @Test func withoutALinkListTheTargetFoldersAreRead() throws {
        defer { cleanUp() }
        try make(["Modules/ConvLab.swiftmodule", "Modules/LessonRuntime.swiftmodule",
                  "ConvLab.build/B.swift.o", "ConvLab.build/A.swift.o", "ConvLab.build/A.d",
                  "LessonRuntime.build/R.swift.o"])
        let products = try #require(BuildProducts.find(in: folder, executableName: "lessons"))
        #expect(products.objects.map { ($0 as NSString).lastPathComponent } == ["A.swift.o", "B.swift.o", "R.swift.o"])
    }

    @Test func aMissingModuleOrObjectMeansNotBuilt() throws {
        defer { cleanUp() }
        try make(["Modules/ConvLab.swiftmodule", "ConvLab.build/A.swift.o", "LessonRuntime.build/R.swift.o"])
        #expect(BuildProducts.find(in: folder, executableName: "lessons") == nil)
        try make(["Modules/LessonRuntime.swiftmodule"])
        #expect(BuildProducts.find(in: folder, executableName: "lessons") != nil)
        try FileManager.default.removeItem(atPath: folder + "/LessonRuntime.build/R.swift.o")
        #expect(BuildProducts.find(in: folder, executableName: "lessons") == nil)
    }

    @Test func buildingOutsideAPackageIsAClearError() {
        #expect(throws: ExecutionError.self) { try BuildProducts.build(folder: folder) }
        do {
            try BuildProducts.build(folder: folder)
        } catch {
            #expect(error.description.contains("no Package.swift above the build folder"))
        }
    }
}
