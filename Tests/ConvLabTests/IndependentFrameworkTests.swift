import Foundation
import Testing
@testable import ConvLab

/// ConvLab's convolution and its three gradients against JAX (issue 2's acceptance):
/// `Tests/Fixtures/conv-crosscheck/cases.json`, written by `generate.py` beside it with
/// `jax.lax.conv_general_dilated` (float32, explicit per-side padding, `rhs_dilation`,
/// `feature_group_count`) and `jax.vjp`, over 41 configurations of every kind: stride and
/// dilation per axis, symmetric and asymmetric padding (zero on some sides, larger than the
/// kernel's half), groups 1/2/4 and depthwise with multiplier 1 and 2, with and without bias.
///
/// "Agree to 1e-5 relative" means, per tensor (output, grad input, grad weight, grad bias),
///     max_i |ours_i − jax_i|  ≤  1e-5 · max_i |jax_i|,
/// the error measured in units of the tensor's largest magnitude. Element-wise, that implies
/// `numpy.allclose(ours, jax, rtol=1e-5, atol=1e-5·max|jax|)`. A per-element relative error
/// would be meaningless for entries that cancel to near zero; scaling by the tensor's
/// maximum still catches a wrong or missing tap, which moves an entry by about one product,
/// ~1/√m of the maximum (m ≤ 784 terms here), hundreds of times the tolerance.
/// JAX's own float32 error against float64 (stored per case) is at most ~1e-6 on this scale.
@Suite struct IndependentFrameworkTests {
    static let tolerance = 1e-5

    /// max|a − b| / max|b|; `.infinity` when the sizes differ.
    static func relativeError(_ ours: [Float], _ jax: [Float]) -> Double {
        guard ours.count == jax.count else { return .infinity }
        var maxDiff = 0.0, maxRef = 0.0
        for (a, b) in zip(ours, jax) {
            maxDiff = max(maxDiff, abs(Double(a) - Double(b)))
            maxRef = max(maxRef, abs(Double(b)))
        }
        return maxRef > 0 ? maxDiff / maxRef : (maxDiff == 0 ? 0 : .infinity)
    }

    /// The four errors of one implementation on one case, by tensor name.
    typealias Errors = [String: Double]

    /// Runs one implementation (fast or reference) on a case and measures it against JAX.
    static func errors(
        _ c: CrosscheckCase,
        forward: (Tensor, Tensor, Tensor?, Size2D, Padding2D, Size2D, Int) -> Tensor,
        backward: (Tensor, Tensor, Tensor, Bool, Size2D, Padding2D, Size2D, Int) -> ConvGradients
    ) -> (Errors, [String]) {
        let (x, w) = (c.inputTensor, c.weightTensor)
        let y = forward(x, w, c.biasTensor, c.strideSize, c.paddingSides, c.dilationSize, c.groups)
        let g = backward(x, w, c.gradOutputTensor, c.bias, c.strideSize, c.paddingSides, c.dilationSize, c.groups)
        var shapeProblems: [String] = []
        if y.shape != c.outputShape { shapeProblems.append("output shape \(y.shape), JAX \(c.outputShape)") }
        if (g.bias != nil) != c.bias { shapeProblems.append("bias gradient present: \(g.bias != nil), expected \(c.bias)") }
        var result: Errors = [
            "output": relativeError(y.scalars, c.output),
            "gradInput": relativeError(g.input.scalars, c.gradInput),
            "gradWeight": relativeError(g.weight.scalars, c.gradWeight),
        ]
        if let ours = g.bias, let jax = c.gradBias { result["gradBias"] = relativeError(ours.scalars, jax) }
        return (result, shapeProblems)
    }

    /// Checks every case with one implementation; returns the worst error per tensor kind.
    static func check(
        _ label: String,
        forward: (Tensor, Tensor, Tensor?, Size2D, Padding2D, Size2D, Int) -> Tensor,
        backward: (Tensor, Tensor, Tensor, Bool, Size2D, Padding2D, Size2D, Int) -> ConvGradients
    ) throws -> Errors {
        let fixture = try CrosscheckFixture.loaded.get()
        var worst: Errors = [:], worstCase: [String: String] = [:]
        for c in fixture.cases {
            let problems = c.sizeProblems
            guard problems.isEmpty else {
                Issue.record("fixture case \"\(c.name)\" is malformed: \(problems.joined(separator: "; "))")
                continue
            }
            let (errors, shapeProblems) = self.errors(c, forward: forward, backward: backward)
            for problem in shapeProblems { Issue.record("\(label), \(c.name): \(problem)") }
            for (tensor, error) in errors.sorted(by: { $0.key < $1.key }) {
                if error >= worst[tensor] ?? 0 { (worst[tensor], worstCase[tensor]) = (error, c.name) }
                #expect(error <= tolerance, """
                    \(label) \(tensor) differs from JAX by \(error) of its max (tolerance \(tolerance); \
                    JAX's own float32 noise \(c.float32Noise[tensor] ?? .nan)) on "\(c.name)": \
                    n\(c.batch) \(c.inChannels)→\(c.outChannels) \(c.height)×\(c.width) k\(c.kernel) \
                    s\(c.stride) p\(c.padding) d\(c.dilation) g\(c.groups) bias \(c.bias)
                    """)
            }
        }
        // Printed so that the measured agreement is visible in the test log, not just pass/fail.
        let summary = worst.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value) (\(worstCase[$0.key] ?? ""))" }
        print("\(label) vs JAX \(fixture.jax), worst max|Δ|/max|ref| over \(fixture.cases.count) cases: \(summary.joined(separator: ", "))")
        return worst
    }

    @Test func fastPathAgreesWithJAX() throws {
        let worst = try Self.check("conv2d/conv2dBackward",
            forward: { conv2d($0, $1, bias: $2, stride: $3, padding: $4, dilation: $5, groups: $6) },
            backward: { conv2dBackward($0, $1, gradOutput: $2, hasBias: $3, stride: $4, padding: $5, dilation: $6, groups: $7) })
        #expect(Set(worst.keys) == ["output", "gradInput", "gradWeight", "gradBias"])
    }

    @Test func referenceAgreesWithJAX() throws {
        let worst = try Self.check("conv2dReference/conv2dBackwardReference",
            forward: { conv2dReference($0, $1, bias: $2, stride: $3, padding: $4, dilation: $5, groups: $6) },
            backward: { conv2dBackwardReference($0, $1, gradOutput: $2, hasBias: $3, stride: $4, padding: $5, dilation: $6, groups: $7) })
        #expect(Set(worst.keys) == ["output", "gradInput", "gradWeight", "gradBias"])
    }

    @Test func fixtureCoversEveryKindOfConfiguration() throws {
        let cases = try CrosscheckFixture.loaded.get().cases
        #expect(cases.count >= 40)
        #expect(Set(cases.map(\.stride)).isSuperset(of: [[1, 1], [2, 2], [1, 2], [3, 1]]))
        #expect(Set(cases.map(\.dilation)).isSuperset(of: [[1, 1], [2, 2], [1, 3]]))
        #expect(Set(cases.map(\.kernel)).isSuperset(of: [[1, 1], [3, 3], [5, 5], [1, 7], [7, 1], [2, 3]]))
        #expect(cases.contains { $0.padding[0] != $0.padding[1] || $0.padding[2] != $0.padding[3] })
        #expect(cases.contains { $0.padding.contains(0) && $0.padding.contains { $0 > 0 } })
        #expect(cases.contains { zip($0.padding, [$0.kernel[0], $0.kernel[0], $0.kernel[1], $0.kernel[1]]).contains { p, k in p > k / 2 } })
        #expect(Set(cases.map(\.groups)).isSuperset(of: [1, 2, 4]))
        let depthwise = cases.filter { $0.groups == $0.inChannels && $0.groups > 1 }
        #expect(Set(depthwise.map { $0.outChannels / $0.inChannels }) == [1, 2])
        #expect(cases.contains(where: \.bias) && cases.contains { !$0.bias })
        #expect(Set(cases.map(\.batch)) == [1, 2, 3])
    }

    /// The tolerance is tight enough to see one wrong tap: zeroing a single weight of the
    /// realistic 16→32 case (784 terms per gradient entry) moves the output far beyond it.
    @Test func oneMissingTapIsCaught() throws {
        let c = try #require(CrosscheckFixture.loaded.get().cases.first { $0.name == "realistic 16->32 28x28" })
        var weight = c.weight
        let largest = try #require(weight.indices.max { abs(weight[$0]) < abs(weight[$1]) })
        weight[largest] = 0
        let w = Tensor(shape: c.weightTensor.shape, scalars: weight)
        let y = conv2d(c.inputTensor, w, bias: c.biasTensor, stride: c.strideSize, padding: c.paddingSides,
                       dilation: c.dilationSize, groups: c.groups)
        #expect(Self.relativeError(y.scalars, c.output) > 100 * Self.tolerance)
    }
}
