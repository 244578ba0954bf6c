import Foundation
@testable import ConvLab

/// One configuration of `Tests/Fixtures/conv-crosscheck/cases.json`, written by JAX
/// (`generate.py` beside it). Tensors are flat, row-major: input and outputs NCHW, weight OIHW.
struct CrosscheckCase: Decodable, Sendable {
    var name: String
    var batch, inChannels, outChannels, height, width, groups: Int
    var kernel, stride, dilation, outputShape: [Int]
    /// top, bottom, left, right
    var padding: [Int]
    var bias: Bool
    /// JAX's own float32 error, max|f32 − f64| / max|f64|, per tensor name.
    var float32Noise: [String: Double]
    var input, weight, gradOutput, output, gradInput, gradWeight: [Float]
    /// Present exactly when `bias` is true.
    var biasValues: [Float]?
    var gradBias: [Float]?

    /// What is wrong with the stored sizes, if anything; checked before any `Tensor` is built,
    /// because `Tensor(shape:scalars:)` stops the process on a count mismatch.
    var sizeProblems: [String] {
        let (kh, kw) = (kernel.first ?? 0, kernel.last ?? 0)
        guard kernel.count == 2, stride.count == 2, dilation.count == 2, padding.count == 4,
              outputShape.count == 4, groups >= 1, inChannels % groups == 0 else {
            return ["malformed configuration"]
        }
        let outCount = outputShape.reduce(1, *)
        let expected: [(String, Int, Int?)] = [
            ("input", batch * inChannels * height * width, input.count),
            ("weight", outChannels * (inChannels / groups) * kh * kw, weight.count),
            ("gradOutput", outCount, gradOutput.count), ("output", outCount, output.count),
            ("gradInput", input.count, gradInput.count), ("gradWeight", weight.count, gradWeight.count),
            ("biasValues", bias ? outChannels : 0, biasValues?.count ?? 0),
            ("gradBias", bias ? outChannels : 0, gradBias?.count ?? 0),
        ]
        return expected.compactMap { name, want, got in
            got == want ? nil : "\(name) has \(got ?? 0) values, expected \(want)"
        }
    }

    var inputTensor: Tensor { Tensor(shape: [batch, inChannels, height, width], scalars: input) }
    var weightTensor: Tensor { Tensor(shape: [outChannels, inChannels / groups, kernel[0], kernel[1]], scalars: weight) }
    var biasTensor: Tensor? { biasValues.map { Tensor(shape: [outChannels], scalars: $0) } }
    var gradOutputTensor: Tensor { Tensor(shape: outputShape, scalars: gradOutput) }
    var strideSize: Size2D { Size2D(h: stride[0], w: stride[1]) }
    var dilationSize: Size2D { Size2D(h: dilation[0], w: dilation[1]) }
    var paddingSides: Padding2D { Padding2D(top: padding[0], bottom: padding[1], left: padding[2], right: padding[3]) }
}

/// The whole fixture file.
struct CrosscheckFixture: Decodable, Sendable {
    var jax: String
    var cases: [CrosscheckCase]

    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/conv-crosscheck/cases.json")

    /// Loaded once for the suite; a missing or malformed file is reported by a test, not a crash.
    static let loaded: Result<CrosscheckFixture, any Error> = Result {
        try JSONDecoder().decode(CrosscheckFixture.self, from: Data(contentsOf: url))
    }
}
