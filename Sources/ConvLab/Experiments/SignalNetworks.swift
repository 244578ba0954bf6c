import Foundation

/// The networks of the signal-probe lessons: a stack of C→C convolutions, plain or residual.
public enum SignalNetwork: Sendable, Equatable {
    /// Blocks [conv, ReLU].
    case plain
    /// Blocks x + α·conv(ReLU(x)) (pre-activation, no batch norm), α = `branchScale`.
    case residual(branchScale: Float)

    /// The blocks as descriptions: `depth` convolutions of `channels`→`channels`, "same" padded, without bias.
    public func blockSpecs(depth: Int, channels: Int, kernel: Int = 3) -> [LayerSpec] {
        let conv = LayerSpec.conv(ConvSpec(inChannels: channels, outChannels: channels, kernel: Size2D(integerLiteral: kernel),
                                           padding: Padding2D(integerLiteral: kernel / 2), bias: false))
        switch self {
        case .plain:
            return Array(repeating: .sequential([conv, .activation(.relu)]), count: depth)
        case let .residual(alpha):
            return Array(repeating: .residual(body: .sequential([.activation(.relu), conv]), shortcut: nil, branchScale: alpha), count: depth)
        }
    }

    /// The blocks with weights drawn by `initializer` from `generator`.
    public func blocks(depth: Int, channels: Int, kernel: Int = 3, initializer: Initializer,
                       using generator: inout SeededGenerator) -> [any Layer] {
        blockSpecs(depth: depth, channels: channels, kernel: kernel).map { $0.instantiate(initializer: initializer, using: &generator) }
    }

    /// The closed-form ratio ‖∂L/∂(output of block 1)‖ / ‖∂L/∂(output of block `depth`)‖ at
    /// initialisation, for a loss gradient independent of the weights.
    ///
    /// Backward through conv and ReLU, Var[g_in] = fan_out · Var[w] · ½ · Var[g_out] (ReLU passes
    /// half the units). Call c = fan_out·Var[w]/2 the per-layer factor. A plain block multiplies
    /// the gradient variance by c, a residual block x + α·F(x) by (1 + α²·c), so over the
    /// depth − 1 blocks between the first and the last output the norm ratio is
    /// c^((depth−1)/2), or (1 + α²c)^((depth−1)/2). Exact when every unit has the full fan
    /// (1×1 kernels, or away from the zero padding) and in the wide limit.
    public func predictedGradientRatio(depth: Int, initializer: Initializer, fanIn: Int, fanOut: Int) -> Double? {
        guard let c = SignalNetwork.reluFactor(initializer, fanIn: fanIn, fanOut: fanOut) else { return nil }
        let steps = Double(depth - 1) / 2
        switch self {
        case .plain: return pow(c, steps)
        case let .residual(alpha): return pow(1 + Double(alpha * alpha) * c, steps)
        }
    }

    /// c = fan_out·Var[w]/2 for an initialiser: He 1·fan_out/fan_in (gain² = 2), Xavier
    /// gain²·fan_out/(fan_in + fan_out), PyTorch's default fan_out/(6·fan_in) (weights uniform
    /// in ±1/√fan_in have variance 1/(3·fan_in)). Nil for constant and custom initialisers.
    public static func reluFactor(_ initializer: Initializer, fanIn: Int, fanOut: Int) -> Double? {
        let (fi, fo) = (Double(fanIn), Double(fanOut))
        let variance: Double
        switch initializer {
        case .pytorchDefault: variance = 1 / (3 * fi)
        case let .kaimingNormal(mode, nonlinearity), let .kaimingUniform(mode, nonlinearity):
            variance = nonlinearity.gain * nonlinearity.gain / (mode == .fanIn ? fi : fo)
        case let .xavierNormal(gain), let .xavierUniform(gain): variance = gain * gain * 2 / (fi + fo)
        case .constant, .custom: return nil
        }
        return fo * variance / 2
    }
}
