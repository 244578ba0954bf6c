import Testing
@testable import ConvLab

/// Checks a layer's backward pass against central finite differences, for the input and for
/// every parameter, so that a gradient test is one line: `checkGradients(layer, input: x)`.
///
/// The scalar loss is L = Σ g·layer(x) with a fixed random upstream gradient g, summed in
/// `Double`. Each element is moved by ±`step` in Float and the slope is divided by the
/// difference actually made (x⁺ − x⁻, read back as Double), so the rounding of x ± h does not
/// bias the estimate. Tolerance: float32 outputs carry a relative error of about 6e-8 each,
/// so L carries an absolute noise of about 6e-8·Σ|g·y| and the slope that divided by 2h; the
/// noise floor allows 50 times that. `relative` = 1e-2 covers the O(h²) truncation error of
/// smooth nonlinearities (sigmoid, tanh, batch norm) at h = 1e-2. Inputs must keep ±h away
/// from kinks (ReLU at 0, ties in max pooling): the callers choose such inputs.
func checkGradients(_ layer: any Layer, input: Tensor, step: Float = 1e-2, relative: Double = 1e-2,
                    seed: UInt64 = 7, sourceLocation: SourceLocation = #_sourceLocation) {
    var generator = SeededGenerator(seed: seed)
    var x = input
    let upstream = Tensor.normal(layer.forward(x).shape, using: &generator)
    layer.zeroGradients()
    _ = layer.forward(x)
    let analyticInput = layer.backward(upstream)
    let parameters = layer.parameters
    let analyticParameters = parameters.map(\.grad)
    #expect(analyticInput.shape == input.shape, "∂L/∂input must have the input's shape", sourceLocation: sourceLocation)

    func loss() -> (value: Double, magnitude: Double) {
        let y = layer.forward(x)
        var value = 0.0, magnitude = 0.0
        for i in 0..<y.count {
            let term = Double(upstream.scalars[i]) * Double(y.scalars[i])
            value += term
            magnitude += abs(term)
        }
        return (value, magnitude)
    }

    /// Compares `analytic` with the slope of the loss along each element that `read`/`write` access;
    /// reports the first mismatch only, so one bug gives one readable failure.
    func probe(_ name: String, _ analytic: Tensor, read: (Int) -> Float, write: (Int, Float) -> Void) {
        for i in 0..<analytic.count {
            let original = read(i)
            write(i, original + step)
            let up = Double(read(i)), plus = loss()
            write(i, original - step)
            let down = Double(read(i)), minus = loss()
            write(i, original)
            let numeric = (plus.value - minus.value) / (up - down)
            let exact = Double(analytic.scalars[i])
            let noiseFloor = 50 * 6e-8 * Swift.max(plus.magnitude, minus.magnitude) / Double(2 * step)
            if abs(numeric - exact) > relative * Swift.max(abs(numeric), abs(exact)) + noiseFloor {
                Issue.record("\(layer.spec): ∂L/∂\(name)[\(i)] is \(exact) by backward but \(numeric) by finite differences",
                             sourceLocation: sourceLocation)
                return
            }
        }
    }

    probe("input", analyticInput, read: { x.scalars[$0] }, write: { x.scalars[$0] = $1 })
    for (k, (parameter, analytic)) in zip(parameters, analyticParameters).enumerated() {
        probe("\(parameter.name)#\(k)", analytic, read: { parameter.value.scalars[$0] },
              write: { parameter.value.scalars[$0] = $1 })
    }
}

/// A tensor of the given shape whose elements are distinct, at least `spacing` apart, and at
/// least spacing/2 away from zero, in a seeded random order: safe for finite differences
/// through ReLU and max pooling (no element crosses a kink or ties another within ±h).
func kinkFreeInput(_ shape: [Int], spacing: Float = 0.05, seed: UInt64 = 3) -> Tensor {
    let count = shape.reduce(1, *)
    var values = (0..<count).map { Float($0 - count / 2) * spacing + spacing / 2 }
    var generator = SeededGenerator(seed: seed)
    values.shuffle(using: &generator)
    return Tensor(shape: shape, scalars: values)
}

/// A seeded normal tensor, for layers without kinks.
func randomInput(_ shape: [Int], seed: UInt64 = 5) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.normal(shape, using: &generator)
}
