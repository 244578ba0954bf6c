import ConvLab

/// One convolution of a benchmark case.
struct ConvShape: Sendable {
    var batch: Int, inChannels: Int, outChannels: Int, height: Int, width: Int
    var kernel: Size2D, stride: Size2D = 1, padding: Padding2D = 0, groups = 1

    var geometry: ConvGeometry {
        ConvGeometry(inputShape: [batch, inChannels, height, width],
                     weightShape: [outChannels, inChannels / groups, kernel.h, kernel.w],
                     stride: stride, padding: padding, dilation: 1, groups: groups)
    }

    /// The same convolution made small enough for the reference loops (one image, at most
    /// 2 output channels per group; depthwise keeps 2 channels): the reference's speed per
    /// flop barely depends on the channel counts, and the full problem would take minutes.
    var reduced: ConvShape {
        var small = self
        small.batch = 1
        if groups == inChannels && groups == outChannels {
            (small.inChannels, small.outChannels, small.groups) = (2, 2, 2)
        } else {
            small.outChannels = min(outChannels, 2 * groups)
        }
        return small
    }
}

/// A benchmark case: convolutions run one after another (their times add up). Forward, each
/// layer reads the one before's output (the first reads its own input), as the ONNX graph
/// and torch's forward in Benchmarks/compare.py do; ∂input and ∂weight run layer by layer,
/// each with its own input and output gradient.
struct BenchCase: Sendable {
    let name: String, label: String
    let layers: [ConvShape]

    var forwardFlops: Double { layers.reduce(0) { $0 + $1.geometry.forwardFlops } }
}

/// The cases of issue 5, (a) to (g), and the book's narrow layers (h); (e) and (f) compare two ways to see as far.
enum Cases {
    static let all: [BenchCase] = [
        BenchCase(name: "a", label: "1, 64→64, 56×56, 3×3 p1",
                  layers: [ConvShape(batch: 1, inChannels: 64, outChannels: 64, height: 56, width: 56, kernel: 3, padding: 1)]),
        BenchCase(name: "b", label: "8, 64→64, 56×56, 3×3 p1",
                  layers: [ConvShape(batch: 8, inChannels: 64, outChannels: 64, height: 56, width: 56, kernel: 3, padding: 1)]),
        BenchCase(name: "c", label: "1, 256→64, 56×56, 1×1",
                  layers: [ConvShape(batch: 1, inChannels: 256, outChannels: 64, height: 56, width: 56, kernel: 1)]),
        BenchCase(name: "d", label: "1, 3→64, 224×224, 7×7 s2 p3",
                  layers: [ConvShape(batch: 1, inChannels: 3, outChannels: 64, height: 224, width: 224, kernel: 7, stride: 2, padding: 3)]),
        BenchCase(name: "e5", label: "8, 32→32, 32×32, 5×5 p2",
                  layers: [ConvShape(batch: 8, inChannels: 32, outChannels: 32, height: 32, width: 32, kernel: 5, padding: 2)]),
        BenchCase(name: "e33", label: "8, 32→32, 32×32, two 3×3 p1",
                  layers: Array(repeating: ConvShape(batch: 8, inChannels: 32, outChannels: 32, height: 32, width: 32, kernel: 3, padding: 1), count: 2)),
        BenchCase(name: "f17", label: "8, 128→128, 17×17, 1×7 + 7×1",
                  layers: [ConvShape(batch: 8, inChannels: 128, outChannels: 128, height: 17, width: 17, kernel: Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)),
                           ConvShape(batch: 8, inChannels: 128, outChannels: 128, height: 17, width: 17, kernel: Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0))]),
        BenchCase(name: "f77", label: "8, 128→128, 17×17, 7×7 p3",
                  layers: [ConvShape(batch: 8, inChannels: 128, outChannels: 128, height: 17, width: 17, kernel: 7, padding: 3)]),
        BenchCase(name: "g", label: "8, 64 depthwise, 56×56, 3×3 p1",
                  layers: [ConvShape(batch: 8, inChannels: 64, outChannels: 64, height: 56, width: 56, kernel: 3, padding: 1, groups: 64)]),
        // The book's own training layers (chapter 7's first stage; chapter 10 trains 8 channels
        // on 13×13): so narrow that per-layer fixed costs and padded panels, not the
        // microkernel, decide the speed.
        BenchCase(name: "h", label: "16, 8→8, 16×16, 3×3 p1",
                  layers: [ConvShape(batch: 16, inChannels: 8, outChannels: 8, height: 16, width: 16, kernel: 3, padding: 1)]),
    ]

    /// Pairs whose time ratio the issue asks for: (one way, the other way).
    static let pairs: [(String, String)] = [("e5", "e33"), ("f77", "f17")]
}
