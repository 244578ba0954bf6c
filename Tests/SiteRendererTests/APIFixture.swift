import APIReference
import Foundation
import LessonEngine
import SiteRenderer

/// A small API, shaped like ConvLab's (a class with members, a struct, overloaded free
/// functions, a nested type), built in memory so that its pages are the same bytes every
/// time, and a chapter whose cells call it.
enum APIFixture {
    static func fragments(_ parts: [(String, String)], target: String? = nil) -> [APIFragment] {
        parts.map { APIFragment(kind: $0.0, spelling: $0.1, target: $0.0 == "typeIdentifier" ? target : nil) }
    }

    static let module = APIModule(name: "ConvLab", symbols: [
        APISymbol(id: "s:Conv2D", kind: .class, path: ["Conv2D"],
                  declaration: fragments([("keyword", "final"), ("text", " "), ("keyword", "class"), ("text", " "), ("identifier", "Conv2D")]),
                  doc: "A 2-D convolution layer (PyTorch's `Conv2d`).\n\nWeights are <b>[C_out, C_in, K, K]</b>.",
                  conformances: ["Layer"], file: "Sources/ConvLab/Layers/Conv2D.swift", line: 3),
        APISymbol(id: "s:Conv2D.init", kind: .initializer, path: ["Conv2D", "init(_:_:kernelSize:)"],
                  declaration: fragments([("keyword", "init"), ("text", "("), ("externalParam", "_"), ("text", " "),
                                          ("internalParam", "inChannels"), ("text", ": "), ("typeIdentifier", "Int"), ("text", ", …)")],
                                         target: "s:Si"),
                  doc: "A layer of `inChannels` → `outChannels`.", parent: "s:Conv2D",
                  file: "Sources/ConvLab/Layers/Conv2D.swift", line: 20),
        APISymbol(id: "s:Conv2D.forward", kind: .method, path: ["Conv2D", "forward(_:)"],
                  declaration: fragments([("keyword", "func"), ("text", " "), ("identifier", "forward"), ("text", "("),
                                          ("externalParam", "_"), ("text", " "), ("internalParam", "input"), ("text", ": "),
                                          ("typeIdentifier", "Tensor"), ("text", ") -> "), ("typeIdentifier", "Tensor")],
                                         target: "s:Tensor"),
                  doc: "", parent: "s:Conv2D", file: "Sources/ConvLab/Layers/Conv2D.swift", line: 40),
        APISymbol(id: "s:Conv2D.weight", kind: .property, path: ["Conv2D", "weight"],
                  declaration: fragments([("keyword", "var"), ("text", " "), ("identifier", "weight"), ("text", ": "),
                                          ("typeIdentifier", "Parameter")]),
                  doc: "The kernels.", parent: "s:Conv2D", file: "Sources/ConvLab/Layers/Conv2D.swift", line: 8),
        APISymbol(id: "s:Tensor", kind: .struct, path: ["Tensor"],
                  declaration: fragments([("keyword", "struct"), ("text", " "), ("identifier", "Tensor")]),
                  doc: "An n-dimensional array of `Float`.", file: "Sources/ConvLab/Tensor.swift", line: 5),
        APISymbol(id: "s:Tensor.shape", kind: .property, path: ["Tensor", "shape"],
                  declaration: fragments([("keyword", "var"), ("text", " "), ("identifier", "shape"), ("text", ": ["),
                                          ("typeIdentifier", "Int"), ("text", "]")]),
                  doc: "The size of each dimension.", parent: "s:Tensor", file: "Sources/ConvLab/Tensor.swift", line: 9),
        APISymbol(id: "s:Tensor.zeros", kind: .typeMethod, path: ["Tensor", "zeros(_:)"],
                  declaration: fragments([("keyword", "static"), ("text", " "), ("keyword", "func"), ("text", " "),
                                          ("identifier", "zeros"), ("text", "(_ shape: [Int]) -> "), ("typeIdentifier", "Tensor")],
                                         target: "s:Tensor"),
                  doc: "A tensor of zeros.", parent: "s:Tensor", file: "Sources/ConvLab/Tensor.swift", line: 30),
        APISymbol(id: "s:Tensor.max", kind: .method, path: ["Tensor", "max()"],
                  declaration: fragments([("keyword", "func"), ("text", " "), ("identifier", "max"), ("text", "() -> "),
                                          ("typeIdentifier", "Float")], target: "s:Sf"),
                  doc: "The largest element.", parent: "s:Tensor", file: "Sources/ConvLab/Tensor.swift", line: 40),
        APISymbol(id: "s:conv2d.a", kind: .function, path: ["conv2d(_:_:)"],
                  declaration: fragments([("keyword", "func"), ("text", " "), ("identifier", "conv2d"), ("text", "(…)")]),
                  doc: "The convolution, fast path.", file: "Sources/ConvLab/Conv.swift", line: 12),
        APISymbol(id: "s:conv2d.b", kind: .function, path: ["conv2d(_:_:)"],
                  declaration: fragments([("keyword", "func"), ("text", " "), ("identifier", "conv2d"), ("text", "(…, groups: Int)")]),
                  doc: "The grouped convolution.", file: "Sources/ConvLab/Conv.swift", line: 30),
        APISymbol(id: "s:Zoo", kind: .enum, path: ["Zoo"],
                  declaration: fragments([("keyword", "enum"), ("text", " "), ("identifier", "Zoo")]),
                  doc: "torchvision's classic networks, built of `Conv2D` layers and run by `Tensor.zeros()`, not `Conv2d`.", file: "Sources/ConvLab/Zoo/Zoo.swift", line: 2),
        APISymbol(id: "s:Zoo.VGGConfiguration", kind: .enum, path: ["Zoo", "VGGConfiguration"],
                  declaration: fragments([("keyword", "enum"), ("text", " "), ("identifier", "VGGConfiguration")]),
                  doc: "Which VGG.", parent: "s:Zoo", file: "Sources/ConvLab/Zoo/VGG.swift", line: 4),
        APISymbol(id: "s:Zoo.VGGConfiguration.vgg16", kind: .enumCase, path: ["Zoo", "VGGConfiguration", "vgg16"],
                  declaration: fragments([("keyword", "case"), ("text", " "), ("identifier", "vgg16")]),
                  doc: "16 layers.", parent: "s:Zoo.VGGConfiguration", file: "Sources/ConvLab/Zoo/VGG.swift", line: 6),
    ])

    static let chapter = """
        ---
        title: Using ConvLab
        ---
        # Layers

        ```swift
        let conv = Conv2D(3, 8, kernelSize: 3)
        let x = Tensor.zeros([1, 3, 8, 8])
        let y = conv.forward(x)
        print(y.shape, conv2d(x, conv.weight.value), Zoo.VGGConfiguration.vgg16)
        ```

        ```swift
        func shape(of t: Tensor) -> [Int] { t.shape }
        let counts = [1, 2].count
        print(x.max(), [3, 1].max()!, y.max())
        record("n", Double(counts), conv2d: 1)
        ```
        """

    static var book: Book {
        Book(root: "Lessons", title: "API book", frontPage: nil,
             chapters: [ChapterParser.parse(chapter, file: "Lessons/01-using.md")], diagnostics: [])
    }

    static var site: Site { Site(SiteInput(book: book, runs: [], api: module)) }

    static func file(_ path: String) -> String {
        site.files().first { $0.path == path }?.contents ?? ""
    }
}
