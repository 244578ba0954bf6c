import APIReference
import Foundation
import LessonEngine
import Testing

/// The reference reads a real symbol graph of ConvLab, extracted in the test by the
/// toolchain from the build folder this test bundle was built in.
@Suite("ConvLab's symbol graph", .serialized)
struct ConvLabSymbolGraphTests {
    /// ConvLab's API from this build folder (the kept graph when ConvLab is unchanged).
    static func convLab() throws -> APIModule {
        try ConvLabReference.load().module
    }

    @Test("Conv2D is found with its kind, declaration, doc comment, source and members")
    func conv2D() throws {
        let module = try Self.convLab()
        #expect(module.name == "ConvLab")
        let conv = try #require(module.symbols.first { $0.path == ["Conv2D"] })
        #expect(conv.kind == .class)
        #expect(conv.declaration.map(\.spelling).joined() == "final class Conv2D")
        #expect(conv.doc.hasPrefix("A 2-D convolution layer (PyTorch's `Conv2d`)"))
        #expect(conv.file == "Sources/ConvLab/Layers/Conv2D.swift")
        #expect(conv.line > 0)
        #expect(conv.conformances.contains("Layer"))
        let members = module.members(of: conv.id)
        let forward = try #require(members.first { $0.baseName == "forward" })
        #expect(forward.kind == .method)
        #expect(forward.declaration.map(\.spelling).joined().contains("-> Tensor"))
        #expect(forward.declaration.contains { $0.kind == "typeIdentifier" && $0.spelling == "Tensor" && $0.target != nil })
        #expect(members.contains { $0.kind == .initializer })
        // Free functions are at the top level; nested types have their owner as parent.
        let conv2d = module.symbols.filter { $0.baseName == "conv2d" && $0.parent == nil }
        #expect(conv2d.count >= 1 && conv2d.allSatisfy { $0.kind == .function })
        let zoo = try #require(module.symbols.first { $0.path == ["Zoo"] })
        #expect(module.members(of: zoo.id).contains { $0.path == ["Zoo", "VGGConfiguration"] && $0.kind == .enum })
        // A protocol's requirements are its members, not free functions.
        let layer = try #require(module.symbols.first { $0.path == ["Layer"] })
        #expect(layer.kind == .protocol)
        #expect(module.members(of: layer.id).contains { $0.baseName == "forward" && $0.kind == .method })
        #expect(!module.topLevel.contains { $0.baseName == "forward" })
        // So are the default implementations of its extension, known only by the requirement.
        #expect(module.members(of: layer.id).filter { $0.baseName == "ownParameters" }.count == 2)
        #expect(module.topLevel.allSatisfy { $0.path.count == 1 })
        // Members the compiler synthesized (`==` of an Equatable) are not ConvLab's declarations.
        #expect(!module.symbols.contains { $0.id.contains("::SYNTHESIZED::") })
    }

    @Test("Every public ConvLab declaration has a /// doc comment")
    func everythingDocumented() throws {
        let undocumented = try Self.convLab().symbols.filter(\.doc.isEmpty).map(\.qualifiedName)
        #expect(undocumented == [], "public ConvLab declarations without a /// comment")
    }

    @Test("The graph is kept by the module's files: extracted once, read again until the module changes")
    func cache() throws {
        let products = try BuildProducts.locate()
        let toolchain = try Toolchain.locate(buildFolder: products.folder)
        // A copy of the compiled module in a build-folder-shaped place, so touching it
        // cannot disturb the real build.
        let root = NSTemporaryDirectory() + "/apiref-cache-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/x86_64-unknown-linux-gnu/debug"
        let modules = folder + "/Modules"
        try FileManager.default.createDirectory(atPath: modules, withIntermediateDirectories: true)
        for suffix in ["swiftmodule", "swiftdoc"] {
            try FileManager.default.copyItem(atPath: "\(products.modules)/ConvLab.\(suffix)", toPath: "\(modules)/ConvLab.\(suffix)")
        }
        let copied = BuildProducts(folder: folder, modules: modules, objects: [])
        let extractor = try SymbolGraphExtractor.forBuild(copied, swiftc: toolchain.swiftc)
        let first = try extractor.module("ConvLab")
        #expect(first.extracted)
        let second = try extractor.module("ConvLab")
        #expect(!second.extracted)
        #expect(second.module == first.module)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)],
                                              ofItemAtPath: "\(modules)/ConvLab.swiftmodule")
        #expect(try extractor.module("ConvLab").extracted)
    }

    @Test("Without the tool, the module or a readable graph: an error that says which")
    func failures() throws {
        let products = BuildProducts(folder: "/nonexistent/x86_64-unknown-linux-gnu/debug",
                                     modules: "/nonexistent/Modules", objects: [])
        #expect(throws: APIReferenceError.toolMissing(searched: "/nonexistent/bin/swift-symbolgraph-extract")) {
            try SymbolGraphExtractor.forBuild(products, swiftc: "/nonexistent/bin/swiftc")
        }
        let extractor = SymbolGraphExtractor(tool: "/bin/false", buildFolder: products.folder, modules: products.modules)
        #expect(throws: APIReferenceError.moduleMissing(path: "/nonexistent/Modules/ConvLab.swiftmodule")) {
            try extractor.module("ConvLab")
        }
        #expect {
            try SymbolGraphReader.module(from: Data("{\"symbols\": 3}".utf8), source: "broken.json")
        } throws: { error in
            guard case .unreadableGraph(let path, _) = error as? APIReferenceError else { return false }
            return path == "broken.json" && "\(error)".contains("cannot read the symbol graph 'broken.json'")
        }
    }

    @Test("Symbol graph kinds map to the reference's kinds; unknown kinds are left out")
    func kinds() {
        #expect(APISymbolKind(symbolGraphKind: "swift.class") == .class)
        #expect(APISymbolKind(symbolGraphKind: "swift.func.op") == .operator)
        #expect(APISymbolKind(symbolGraphKind: "type.method") == .typeMethod)
        #expect(APISymbolKind(symbolGraphKind: "swift.extension") == nil)
        #expect(APISymbolKind.class.isType && !APISymbolKind.method.isType)
    }
}
