/// The best separable approximation of a 2-D kernel: K ≈ column · rowᵀ, that is a K_h×1
/// convolution followed by a 1×K_w one. By Eckart–Young the best rank-1 matrix in the
/// Frobenius norm is σ₁·u₁·v₁ᵀ, and its relative error is √(σ₂² + σ₃² + …) / √(Σ σᵢ²).
public struct SeparableApproximation: Sendable {
    /// The vertical factor (length K_h): the K_h×1 kernel, carrying √σ₁.
    public let column: [Double]
    /// The horizontal factor (length K_w): the 1×K_w kernel, carrying √σ₁.
    public let row: [Double]
    /// All singular values of the kernel, largest first.
    public let singularValues: [Double]
    /// ‖K − column·rowᵀ‖ / ‖K‖ in the Frobenius norm (0 for an exactly separable kernel).
    public let relativeError: Double

    /// Factorizes a kernel given as rows; throws on empty, ragged or non-finite input.
    public init(kernel: [[Double]]) throws(FactorizationError) {
        let svd = try SingularValueDecomposition(kernel)
        let first = svd.singularValues[0]
        let scale = first.squareRoot()
        column = svd.u[0].map { $0 * scale }
        row = svd.v[0].map { $0 * scale }
        singularValues = svd.singularValues
        let total = svd.singularValues.reduce(0) { $0 + $1 * $1 }
        relativeError = total == 0 ? 0 : ((total - first * first).clamped(min: 0) / total).squareRoot()
    }

    /// Factorizes a kernel tensor of shape [K_h, K_w] or [1, 1, K_h, K_w].
    public init(kernel: Tensor) throws(FactorizationError) {
        let dims = kernel.shape.count == 4 && kernel.shape[0] == 1 && kernel.shape[1] == 1 ? Array(kernel.shape.suffix(2)) : kernel.shape
        guard dims.count == 2 else { throw .notAKernel(shape: kernel.shape) }
        let rows = (0..<dims[0]).map { i in (0..<dims[1]).map { Double(kernel.scalars[i * dims[1] + $0]) } }
        try self.init(kernel: rows)
    }

    /// The separable kernel column·rowᵀ, as rows.
    public var approximation: [[Double]] { column.map { c in row.map { c * $0 } } }
}

extension Double {
    fileprivate func clamped(min lower: Double) -> Double { Swift.max(self, lower) }
}

/// Ways to see a k×k window with C input and C output channels, compared by their descriptions.
public enum KernelFactorization {
    /// One way of covering a k×k window: its description and what it costs.
    public struct Option: Sendable {
        /// `7×7`, `7×1 then 1×7`, `3 × 3×3`.
        public let name: String
        /// The layers, "same" padded and without bias so only the weights count.
        public let spec: LayerSpec
        /// Weights.
        public let parameters: Int
        /// Multiply-accumulates per image at the given size.
        public let multiplyAccumulates: Int
        /// Parameters relative to the full k×k convolution (3×1 then 1×3: 6/9).
        public let ratio: Double
        /// The receptive field per axis (k for each option: they all see the same window).
        public let receptiveField: Size2D
    }

    /// The k×k convolution, the k×1 then 1×k pair, and (for odd k ≥ 3) the stack of (k − 1)/2
    /// 3×3 convolutions, all C→C at `size`×`size`, costed from their descriptions.
    /// Every layer maps C channels to C, so the pair holds 2·k·C² weights against k²·C²: 2/k of
    /// the full kernel (6/9 at k = 3, not 4/9), and the stack 9·(k − 1)/2·C², that is 9(k − 1)/(2k²).
    public static func compare(kernel k: Int, channels c: Int, size: Int) throws(ShapeError) -> [Option] {
        func conv(_ kernel: Size2D) -> LayerSpec {
            .conv(ConvSpec(inChannels: c, outChannels: c, kernel: kernel,
                           padding: Padding2D(h: (kernel.h - 1) / 2, w: (kernel.w - 1) / 2), bias: false))
        }
        var specs: [(String, LayerSpec)] = [
            ("\(k)×\(k)", conv(Size2D(integerLiteral: k))),
            ("\(k)×1 then 1×\(k)", .sequential([conv(Size2D(h: k, w: 1)), conv(Size2D(h: 1, w: k))])),
        ]
        if k >= 3 && k % 2 == 1 {
            let n = (k - 1) / 2
            specs.append(("\(n) × 3×3", .sequential(Array(repeating: conv(3), count: n))))
        }
        let input = FeatureShape.image(channels: c, side: size)
        var options: [Option] = []
        for (name, spec) in specs {
            let trace = try NetworkTrace(spec, input: input)
            let base = options.first?.parameters ?? trace.totalParameters
            options.append(Option(name: name, spec: spec, parameters: trace.totalParameters,
                                  multiplyAccumulates: trace.totalMultiplyAccumulates,
                                  ratio: Double(trace.totalParameters) / Double(base),
                                  receptiveField: trace.receptiveField?.size ?? 0))
        }
        return options
    }

    /// The comparison as a printable table.
    public static func table(kernel k: Int, channels c: Int, size: Int) throws(ShapeError) -> String {
        let rows = try compare(kernel: k, channels: c, size: size).map { option in
            [option.name, groupedDigits(option.parameters), groupedDigits(option.multiplyAccumulates),
             String((option.ratio * 1000).rounded() / 1000), "\(option.receptiveField.h)×\(option.receptiveField.w)"]
        }
        return TextTable(header: ["Layers", "Params", "MACs", "Ratio", "Field"], rows: rows,
                         alignRight: [false, true, true, true, true]).description
    }
}
