/// The empirical receptive field of one output position: ∂(output unit)/∂input through the
/// network's real backward pass (Luo et al., 2016), and what its mass looks like.
///
/// `map[i][j]` is the gradient summed over input channels (and over the chosen output
/// channels). Pixels outside the theoretical field get exactly zero, so the bounding box of
/// the non-zero pixels is the theoretical field clipped to the image. The mass |map| is much
/// more concentrated: for n stacked 3×3 convolutions it is a discrete Gaussian of spread
/// √(2n/3) per axis, while the theoretical field is 2n + 1 wide.
public struct EffectiveReceptiveField: Sendable {
    /// The gradient map [H][W] of the chosen output unit with respect to the input.
    public let map: [[Double]]
    /// The output row and column whose gradient was taken.
    public let position: (row: Int, column: Int)
    /// Rows and columns of the non-zero pixels' bounding box; nil if the gradient is zero everywhere.
    public let extent: (rows: ClosedRange<Int>, columns: ClosedRange<Int>)?
    /// The centre of mass of |map| per axis (row, column).
    public let centre: (row: Double, column: Double)
    /// The standard deviation of |map| per axis, the field's effective radius (row, column).
    public let spread: (row: Double, column: Double)
    /// The smallest number of pixels that together hold 95% of the gradient mass |map|.
    public let pixelsFor95Percent: Int

    /// The size of the non-zero extent (0×0 when the gradient vanishes).
    public var extentSize: Size2D {
        guard let extent else { return Size2D(h: 0, w: 0) }
        return Size2D(h: extent.rows.count, w: extent.columns.count)
    }

    /// Computes the map from a gradient with respect to the input, shape [1, C, H, W].
    public init(inputGradient: Tensor, position: (row: Int, column: Int)) {
        let (c, h, w) = (inputGradient.shape[1], inputGradient.shape[2], inputGradient.shape[3])
        var map = Array(repeating: Array(repeating: 0.0, count: w), count: h)
        for channel in 0..<c {
            for i in 0..<h { for j in 0..<w { map[i][j] += Double(inputGradient.scalars[(channel * h + i) * w + j]) } }
        }
        self.map = map
        self.position = position
        var rows: [Int] = [], columns: [Int] = []
        var mass = 0.0, sumI = 0.0, sumJ = 0.0, sumII = 0.0, sumJJ = 0.0
        var magnitudes: [Double] = []
        for i in 0..<h {
            for j in 0..<w where map[i][j] != 0 {
                rows.append(i)
                columns.append(j)
                let m = abs(map[i][j])
                magnitudes.append(m)
                mass += m
                sumI += m * Double(i); sumJ += m * Double(j)
                sumII += m * Double(i * i); sumJJ += m * Double(j * j)
            }
        }
        if let top = rows.min(), let bottom = rows.max(), let left = columns.min(), let right = columns.max() {
            extent = (top...bottom, left...right)
        } else {
            extent = nil
        }
        let meanI = mass > 0 ? sumI / mass : 0, meanJ = mass > 0 ? sumJ / mass : 0
        centre = (meanI, meanJ)
        spread = mass > 0 ? (max(0, sumII / mass - meanI * meanI).squareRoot(), max(0, sumJJ / mass - meanJ * meanJ).squareRoot()) : (0, 0)
        var cumulative = 0.0, pixels = 0
        for m in magnitudes.sorted(by: >) where cumulative < 0.95 * mass {
            cumulative += m
            pixels += 1
        }
        pixelsFor95Percent = pixels
    }

    /// The share of the theoretical field's area (clipped to the image) that holds 95% of
    /// the gradient mass: near 1 for a flat field, small when the mass is concentrated.
    public func fractionOfArea(holding95PercentOf field: ReceptiveField) -> Double {
        let h = map.count, w = map.first?.count ?? 0
        let rows = field.rows(forOutput: position.row).clamped(to: 0...(h - 1))
        let columns = field.columns(forOutput: position.column).clamped(to: 0...(w - 1))
        return Double(pixelsFor95Percent) / Double(rows.count * columns.count)
    }

    /// Runs `network` forward on `input` [1, C, H, W], sets the gradient to 1 at the output
    /// position (every output channel, or only `channel`) and 0 elsewhere, and runs backward.
    /// The output position defaults to the centre, ((H_out − 1)/2, (W_out − 1)/2).
    public static func measure(_ network: any Layer, input: Tensor, position: (row: Int, column: Int)? = nil,
                               channel: Int? = nil) throws(ReceptiveFieldError) -> EffectiveReceptiveField {
        guard input.rank == 4, input.shape[0] == 1 else { throw .badInput(shape: input.shape) }
        let output = network.forward(input)
        guard output.rank == 4 else { throw .outputNotAnImage(shape: output.shape) }
        let (c, h, w) = (output.shape[1], output.shape[2], output.shape[3])
        let chosen = position ?? ((h - 1) / 2, (w - 1) / 2)
        guard (0..<h).contains(chosen.row), (0..<w).contains(chosen.column) else {
            throw .positionOutside(row: chosen.row, column: chosen.column, outputShape: output.shape)
        }
        if let channel, !(0..<c).contains(channel) { throw .channelOutside(channel, channels: c) }
        var seed = [Float](repeating: 0, count: output.count)
        for k in 0..<c where channel == nil || channel == k { seed[(k * h + chosen.row) * w + chosen.column] = 1 }
        let gradient = network.backward(Tensor(shape: output.shape, scalars: seed))
        return EffectiveReceptiveField(inputGradient: gradient, position: chosen)
    }
}

/// Why an effective receptive field cannot be measured.
public enum ReceptiveFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input is not one image [1, C, H, W].
    case badInput(shape: [Int])
    /// The network ends in a flat vector: there is no output position to choose.
    case outputNotAnImage(shape: [Int])
    /// The requested output position lies outside the output map.
    case positionOutside(row: Int, column: Int, outputShape: [Int])
    /// The requested output channel does not exist.
    case channelOutside(Int, channels: Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case let .badInput(shape): "the input has shape \(shape); pass one image [1, C, H, W]"
        case let .outputNotAnImage(shape): "the network's output has shape \(shape); measure a network that ends before flatten/linear layers"
        case let .positionOutside(r, c, shape): "output position (\(r), \(c)) is outside the output of shape \(shape)"
        case let .channelOutside(k, channels): "output channel \(k) does not exist; the output has \(channels) channels"
        }
    }
}
