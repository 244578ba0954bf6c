/// A highway layer (Srivastava, Greff and Schmidhuber, "Training Very Deep Networks", 2015):
/// a transform gate T = σ(gate(x)) mixes the body's output with the unchanged input,
/// y = T·H(x) + (1 − T)·x. The paper initialises the gate's bias negative ("e.g. −1, −3 etc."),
/// so the layer starts by mostly carrying x through; the default here is −1, the paper's
/// first example value.
public final class Highway: Layer {
    /// H, the transform; its output must have the input's shape.
    public let body: any Layer
    /// The gate's convolution (C → C, same spatial size); T = σ(gate(x)).
    public let gate: Conv2D
    /// The gate bias the layer was initialised with.
    public let gateBias: Float
    private var lastInput: Tensor?
    private var lastBody: Tensor?
    private var lastGate: Tensor?

    /// A highway layer whose gate is described by `gate` (it must have a bias) and whose gate
    /// bias starts at `gateBias`; gate weights come from `initializer` and `generator`.
    public init(body: any Layer, gate: ConvSpec, gateBias: Float = -1, initializer: Initializer = .pytorchDefault,
                using generator: inout SeededGenerator) {
        guard gate.bias else {
            fatalError("Highway: the gate convolution needs a bias (the negative gate bias is what makes the layer start by carrying x)")
        }
        guard gate.inChannels == gate.outChannels else {
            fatalError("Highway: the gate must map C channels to C channels to match the carried input, got \(gate.inChannels)→\(gate.outChannels)")
        }
        self.body = body
        self.gate = Conv2D(gate, initializer: initializer, using: &generator)
        self.gate.bias?.value = Tensor.filled([gate.outChannels], with: gateBias)
        self.gateBias = gateBias
    }

    /// A highway layer with a "same"-padded `gateKernel`×`gateKernel` gate over `channels`
    /// channels, drawn from the process-wide generator (`manualSeed`).
    public convenience init(body: any Layer, channels: Int, gateKernel: Int = 1, gateBias: Float = -1,
                            initializer: Initializer = .pytorchDefault) {
        if gateKernel < 1 || gateKernel % 2 == 0 {
            fatalError("Highway: the gate kernel must be odd and at least 1 so \"same\" padding keeps the size, got \(gateKernel)")
        }
        let spec = ConvSpec(inChannels: channels, outChannels: channels, kernel: Size2D(integerLiteral: gateKernel),
                            padding: Padding2D(integerLiteral: gateKernel / 2))
        var generator = withGlobalGenerator { SeededGenerator(seed: $0.next()) }
        self.init(body: body, gate: spec, gateBias: gateBias, initializer: initializer, using: &generator)
    }

    /// `.highway` of body, gate and initial gate bias.
    public var spec: LayerSpec { .highway(body: body.spec, gate: gate.convSpec, gateBias: gateBias) }
    /// The body, then the gate.
    public var sublayers: [any Layer] { [body, gate] }

    /// T·H(x) + (1 − T)·x.
    public func forward(_ input: Tensor) -> Tensor {
        let h = body.forward(input)
        let t = Tensor(shape: input.shape, scalars: activationForward(.sigmoid, gate.forward(input).scalars))
        guard h.shape == input.shape, t.shape == input.shape else {
            fatalError("Highway: body output \(h.shape) and gate output \(t.shape) must both equal the input shape \(input.shape)")
        }
        lastInput = input
        lastBody = h
        lastGate = t
        var y = [Float](repeating: 0, count: input.count)
        for i in 0..<y.count { y[i] = t.scalars[i] * h.scalars[i] + (1 - t.scalars[i]) * input.scalars[i] }
        return Tensor(shape: input.shape, scalars: y)
    }

    /// ∂H = dy·T, ∂(gate pre-activation) = dy·(H − x)·T·(1 − T), ∂x = dy·(1 − T) + H′ + gate′.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let x = remembered(lastInput, "Highway"), h = remembered(lastBody, "Highway"), t = remembered(lastGate, "Highway")
        requireShape(gradOutput, x.shape, "Highway")
        let count = x.count
        var gradBody = [Float](repeating: 0, count: count), gradGate = gradBody, gradCarry = gradBody
        for i in 0..<count {
            let (dy, ti) = (gradOutput.scalars[i], t.scalars[i])
            gradBody[i] = dy * ti
            gradGate[i] = dy * (h.scalars[i] - x.scalars[i]) * ti * (1 - ti)
            gradCarry[i] = dy * (1 - ti)
        }
        let viaBody = body.backward(Tensor(shape: x.shape, scalars: gradBody))
        let viaGate = gate.backward(Tensor(shape: x.shape, scalars: gradGate))
        return Tensor(shape: x.shape, scalars: addScaled(1, viaBody.scalars, addScaled(1, viaGate.scalars, gradCarry)))
    }
}
