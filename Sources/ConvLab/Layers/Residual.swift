/// A residual block (He et al., 2015): y = shortcut(x) + branchScale · body(x), where the
/// shortcut is the identity or a projection (typically a strided 1×1 convolution with batch
/// norm) when the body changes the shape. A `branchScale` below 1 (e.g. 0.1 to 0.3, as in
/// Inception-ResNet) damps the branch at initialisation.
public final class Residual: Layer {
    /// The residual branch F.
    public let body: any Layer
    /// The projection shortcut, or nil for the identity.
    public let shortcut: (any Layer)?
    /// The factor α in y = shortcut(x) + α·F(x).
    public let branchScale: Float

    /// A residual block around `body`.
    public init(body: any Layer, shortcut: (any Layer)? = nil, branchScale: Float = 1) {
        self.body = body
        self.shortcut = shortcut
        self.branchScale = branchScale
    }

    /// `.residual` of body, shortcut and scale.
    public var spec: LayerSpec { .residual(body: body.spec, shortcut: shortcut?.spec, branchScale: branchScale) }
    /// The body, then the shortcut if any.
    public var sublayers: [any Layer] { [body] + (shortcut.map { [$0] } ?? []) }

    /// shortcut(x) + α·body(x); stops if the two shapes differ (a projection is needed).
    public func forward(_ input: Tensor) -> Tensor {
        let branch = body.forward(input)
        let skip = shortcut?.forward(input) ?? input
        guard branch.shape == skip.shape else {
            fatalError("Residual: the body gives shape \(branch.shape) but the shortcut gives \(skip.shape); add a projection shortcut (e.g. a 1×1 Conv2D with the body's stride) so they match")
        }
        return Tensor(shape: skip.shape, scalars: addScaled(branchScale, branch.scalars, skip.scalars))
    }

    /// The gradient flows through both paths: ∂x = shortcut′(dy) + body′(α·dy).
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let gradBody = body.backward(branchScale == 1 ? gradOutput : gradOutput * branchScale)
        let gradSkip = shortcut?.backward(gradOutput) ?? gradOutput
        return Tensor(shape: gradSkip.shape, scalars: addScaled(1, gradBody.scalars, gradSkip.scalars))
    }
}

/// a·x + y element-wise.
func addScaled(_ a: Float, _ x: [Float], _ y: [Float]) -> [Float] {
    [Float](unsafeUninitializedCapacity: y.count) { out, initialized in
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                for i in 0..<y.count { out[i] = a * x[i] + y[i] }
            }
        }
        initialized = y.count
    }
}
