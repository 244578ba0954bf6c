import Testing
import Foundation
@testable import ConvLab

/// Signal probes against the closed-form theory for ReLU networks at initialisation.
@Suite struct ProbeTests {
    static let initializers: [(String, Initializer)] = [("He", .kaimingNormal()), ("Xavier", .xavierNormal()), ("PyTorch default", .pytorchDefault)]

    /// 1×1 convolutions C→C without bias: every unit has the full fan, so the theory is exact
    /// up to finite width; 20 seeds keep the estimate within a few percent.
    static func bands(_ kind: SignalNetwork, _ initializer: Initializer, depth: Int = 8, channels: Int = 32) -> [LayerSignalBand] {
        SignalProbe.sweep(seeds: Array(0..<20)) { seed in
            var generator = SeededGenerator(seed: seed)
            let blocks = kind.blocks(depth: depth, channels: channels, kernel: 1, initializer: initializer, using: &generator)
            return (blocks, Tensor.normal([4, channels, 4, 4], using: &generator), SignalProbe.randomProjection(seed: seed &+ 1000))
        }
    }

    @Test(arguments: [SignalNetwork.plain, .residual(branchScale: 1), .residual(branchScale: 0.5)])
    func gradientRatioFollowsTheory(_ kind: SignalNetwork) throws {
        for (name, initializer) in Self.initializers {
            let bands = Self.bands(kind, initializer)
            let measured = bands[0].activationGradientNorm.mean / bands[7].activationGradientNorm.mean
            let predicted = try #require(kind.predictedGradientRatio(depth: 8, initializer: initializer, fanIn: 32, fanOut: 32))
            #expect(abs(measured / predicted - 1) < 0.1, "\(kind) \(name): measured \(measured), predicted \(predicted)")
            // Forward shrinkage and backward growth cancel in the weight gradient.
            let weightRatio = bands[0].weightGradientNorm.mean / bands[7].weightGradientNorm.mean
            #expect(weightRatio > 0.75 && weightRatio < 1.33, "\(kind) \(name): weight-gradient ratio \(weightRatio)")
        }
    }

    @Test func predictedFactors() throws {
        // Plain, depth 8: He 1, Xavier (1/2)^3.5, PyTorch default (1/6)^3.5; residual α = 1 with He: 2^3.5.
        let he = try #require(SignalNetwork.plain.predictedGradientRatio(depth: 8, initializer: .kaimingNormal(), fanIn: 9, fanOut: 9))
        #expect(abs(he - 1) < 1e-12)
        let xavier = try #require(SignalNetwork.plain.predictedGradientRatio(depth: 8, initializer: .xavierUniform(), fanIn: 9, fanOut: 9))
        #expect(abs(xavier - pow(0.5, 3.5)) < 1e-12)
        let pytorch = try #require(SignalNetwork.plain.predictedGradientRatio(depth: 8, initializer: .pytorchDefault, fanIn: 9, fanOut: 9))
        #expect(abs(pytorch - pow(1.0 / 6, 3.5)) < 1e-12)
        let residual = try #require(SignalNetwork.residual(branchScale: 1).predictedGradientRatio(depth: 8, initializer: .kaimingUniform(), fanIn: 9, fanOut: 9))
        #expect(abs(residual - pow(2, 3.5)) < 1e-12)
        #expect(SignalNetwork.plain.predictedGradientRatio(depth: 8, initializer: .constant(1), fanIn: 9, fanOut: 9) == nil)
    }

    @Test func activationsVanishInPlainXavierButGrowInResidualHe() {
        let plain = Self.bands(.plain, .xavierNormal())
        #expect(plain.last!.activationStd.mean < 0.15 * plain.first!.activationStd.mean)
        let residual = Self.bands(.residual(branchScale: 1), .kaimingNormal())
        #expect(residual.last!.activationStd.mean > 5 * residual.first!.activationStd.mean)
        // Bands bracket their means.
        #expect(plain.allSatisfy { $0.activationGradientNorm.low <= $0.activationGradientNorm.mean && $0.activationGradientNorm.mean <= $0.activationGradientNorm.high })
    }

    @Test func bandPercentiles() {
        let band = Band((1...101).map(Double.init))
        #expect(band.mean == 51 && band.low == 6 && band.high == 96)
        #expect(Band([]).mean == 0 && Band([4]).low == 4)
    }
}
