import Foundation

/// A labelled image set generated in Swift, the same on every machine for a given seed.
public struct LabelledImages: Sendable {
    /// Images [N, 1, S, S].
    public let images: Tensor
    /// One class index per image.
    public let labels: [Int]

    /// The number of images.
    public var count: Int { labels.count }

    /// Images `range` as a batch [n, 1, S, S] with their labels.
    public func batch(_ range: Range<Int>) -> (images: Tensor, labels: [Int]) {
        let per = images.count / max(count, 1)
        let slice = Array(images.scalars[(range.lowerBound * per)..<(range.upperBound * per)])
        return (Tensor(shape: [range.count] + images.shape.dropFirst(), scalars: slice), Array(labels[range]))
    }

    /// The same images in another order (a seeded permutation), for one epoch of SGD.
    public func shuffled(using generator: inout SeededGenerator) -> LabelledImages {
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, generator.integer(below: i + 1)) }
        let per = images.count / max(count, 1)
        var scalars = [Float]()
        scalars.reserveCapacity(images.count)
        for i in order { scalars += images.scalars[(i * per)..<((i + 1) * per)] }
        return LabelledImages(images: Tensor(shape: images.shape, scalars: scalars), labels: order.map { labels[$0] })
    }
}

/// Ten classes of small grey images: oriented bars, blobs, rings, crosses and textures, each
/// drawn at a random position, width, contrast and phase, with Gaussian noise on top.
///
/// Hard enough that a network must learn orientation and texture filters, small enough
/// (16×16 or 32×32, one channel) that a CPU trains on it in seconds.
public enum SyntheticShapes {
    /// The class names, in label order.
    public static let classNames = ["horizontal bar", "vertical bar", "diagonal ↘", "diagonal ↗", "blob",
                                    "ring", "checkerboard", "horizontal stripes", "vertical stripes", "cross"]

    /// Why a dataset cannot be generated.
    public enum DatasetError: Error, Equatable, CustomStringConvertible {
        /// The requested size is outside what the shapes are drawn for.
        case unsupportedSize(Int)
        /// A split needs at least one image per class.
        case tooFewImages(Int)

        /// A message a user can act on.
        public var description: String {
            switch self {
            case let .unsupportedSize(s): "image side \(s) is not supported; use 8 to 64 pixels (16 or 32 are typical)"
            case let .tooFewImages(n): "\(n) images cannot hold ten classes; ask for at least 10"
            }
        }
    }

    /// `count` images of side `size`, classes in turn (balanced), drawn from `seed`.
    public static func make(count: Int, size: Int = 16, noise: Double = 0.3, seed: UInt64) throws(DatasetError) -> LabelledImages {
        guard (8...64).contains(size) else { throw .unsupportedSize(size) }
        guard count >= 10 else { throw .tooFewImages(count) }
        var generator = SeededGenerator(seed: seed)
        var scalars = [Float]()
        scalars.reserveCapacity(count * size * size)
        var labels = [Int]()
        for i in 0..<count {
            let label = i % 10
            labels.append(label)
            scalars += draw(label, size: size, noise: noise, using: &generator)
        }
        return LabelledImages(images: Tensor(shape: [count, 1, size, size], scalars: scalars), labels: labels)
    }

    /// A train split and a test split drawn from different seeds (never the same image).
    public static func split(train: Int, test: Int, size: Int = 16, noise: Double = 0.3,
                             seed: UInt64) throws(DatasetError) -> (train: LabelledImages, test: LabelledImages) {
        (try make(count: train, size: size, noise: noise, seed: seed),
         try make(count: test, size: size, noise: noise, seed: seed &+ 0x5EED))
    }

    /// One image of class `label`: a shape of intensity in [0, 1] centred near the middle, then noise.
    static func draw(_ label: Int, size: Int, noise: Double, using g: inout SeededGenerator) -> [Float] {
        let s = Double(size)
        let cy = s / 2 - 0.5 + g.uniform(-0.15..<0.15) * s, cx = s / 2 - 0.5 + g.uniform(-0.15..<0.15) * s
        let width = g.uniform(0.06..<0.12) * s, contrast = g.uniform(0.7..<1.2)
        let period = g.uniform(0.22..<0.32) * s, phase = g.uniform(0..<(2 * Double.pi))
        let radius = g.uniform(0.2..<0.3) * s
        var pixels = [Float](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let dy = Double(y) - cy, dx = Double(x) - cx
                let value: Double
                switch label {
                case 0: value = bar(dy, width)
                case 1: value = bar(dx, width)
                case 2: value = bar((dy - dx) / 2.0.squareRoot(), width)
                case 3: value = bar((dy + dx) / 2.0.squareRoot(), width)
                case 4: value = exp(-(dy * dy + dx * dx) / (2 * radius * radius * 0.5))
                case 5: value = bar((dy * dy + dx * dx).squareRoot() - radius, width * 0.7)
                case 6: value = 0.5 + 0.5 * sin(2 * .pi * Double(y) / period + phase) * sin(2 * .pi * Double(x) / period + phase)
                case 7: value = 0.5 + 0.5 * sin(2 * .pi * Double(y) / period + phase)
                case 8: value = 0.5 + 0.5 * sin(2 * .pi * Double(x) / period + phase)
                default: value = max(bar(dy, width), bar(dx, width)) * (abs(dy) < radius * 1.5 && abs(dx) < radius * 1.5 ? 1 : 0)
                }
                pixels[y * size + x] = Float(contrast * value + noise * g.normal())
            }
        }
        return pixels
    }

    /// A soft line profile: 1 on the line, falling to 0 about `width` pixels away.
    private static func bar(_ distance: Double, _ width: Double) -> Double {
        exp(-(distance * distance) / (2 * width * width))
    }
}
