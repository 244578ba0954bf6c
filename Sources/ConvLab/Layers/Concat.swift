/// Parallel branches on the same input, their outputs concatenated along channels
/// (an Inception module). Every branch must keep N, H and W equal.
public final class Concat: Layer {
    /// The branches, in the channel order of the output.
    public let branches: [any Layer]
    private var lastChannels: [Int]?
    private var lastInputShape: [Int]?

    /// Branches given as an array.
    public init(_ branches: [any Layer]) {
        if branches.isEmpty { fatalError("Concat: needs at least one branch") }
        self.branches = branches
    }

    /// Branches written as arguments: `Concat(branch1x1, branch3x3, branch5x5, branchPool)`.
    public convenience init(_ branches: any Layer...) { self.init(branches) }

    /// `.concat` of the branches' specs.
    public var spec: LayerSpec { .concat(branches.map(\.spec)) }
    /// The branches, in order.
    public var sublayers: [any Layer] { branches }

    /// Every branch on the input, outputs stacked along channels.
    public func forward(_ input: Tensor) -> Tensor {
        let outputs = branches.map { $0.forward(input) }
        for (k, out) in outputs.enumerated() where out.rank != 4 || out.shape[0] != outputs[0].shape[0]
            || out.shape[2...] != outputs[0].shape[2...] {
            fatalError("Concat: branch \(k) gives shape \(out.shape) but branch 0 gives \(outputs[0].shape); branches must agree on N, H and W")
        }
        let (n, plane) = (outputs[0].shape[0], outputs[0].shape[2] * outputs[0].shape[3])
        let channels = outputs.map { $0.shape[1] }
        let total = channels.reduce(0, +)
        var result = [Float](repeating: 0, count: n * total * plane)
        var first = 0
        for (out, c) in zip(outputs, channels) {
            copyChannels(out.scalars, into: &result, n: n, plane: plane, from: 0, to: first, count: c,
                         sourceChannels: c, targetChannels: total)
            first += c
        }
        lastChannels = channels
        lastInputShape = input.shape
        return Tensor(shape: [n, total, outputs[0].shape[2], outputs[0].shape[3]], scalars: result)
    }

    /// Splits the gradient by channels, runs each branch's backward, and sums their input gradients.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let channels = remembered(lastChannels, "Concat")
        let inputShape = remembered(lastInputShape, "Concat")
        let total = channels.reduce(0, +)
        guard gradOutput.rank == 4, gradOutput.shape[1] == total else {
            fatalError("Concat.backward: gradOutput has shape \(gradOutput.shape), but the forward output had \(total) channels")
        }
        let (n, h, w) = (gradOutput.shape[0], gradOutput.shape[2], gradOutput.shape[3])
        var gradInput = [Float](repeating: 0, count: inputShape.reduce(1, *))
        var first = 0
        for (branch, c) in zip(branches, channels) {
            var slice = [Float](repeating: 0, count: n * c * h * w)
            copyChannels(gradOutput.scalars, into: &slice, n: n, plane: h * w, from: first, to: 0, count: c,
                         sourceChannels: total, targetChannels: c)
            let g = branch.backward(Tensor(shape: [n, c, h, w], scalars: slice))
            if g.shape != inputShape { fatalError("Concat: branch gradient has shape \(g.shape), the input had \(inputShape)") }
            gradInput = addScaled(1, g.scalars, gradInput)
            first += c
        }
        return Tensor(shape: inputShape, scalars: gradInput)
    }
}

/// Copies `count` channels starting at `from` of an [n, sourceChannels, plane] buffer into
/// channels starting at `to` of an [n, targetChannels, plane] buffer.
func copyChannels(_ source: [Float], into target: inout [Float], n: Int, plane: Int, from: Int, to: Int, count: Int,
                  sourceChannels: Int, targetChannels: Int) {
    source.withUnsafeBufferPointer { src in
        target.withUnsafeMutableBufferPointer { dst in
            for s in 0..<n {
                let srcBase = (s * sourceChannels + from) * plane, dstBase = (s * targetChannels + to) * plane
                for i in 0..<(count * plane) { dst[dstBase + i] = src[srcBase + i] }
            }
        }
    }
}
