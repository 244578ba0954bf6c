/// Stochastic gradient descent with momentum, weight decay and optional Nesterov momentum,
/// with exactly PyTorch's `torch.optim.SGD` update for each parameter p with gradient g:
///
///     d = g + weightDecay·p
///     buf = d                       on the first step
///     buf = momentum·buf + (1 − dampening)·d   afterwards
///     d = d + momentum·buf  (Nesterov)   or   d = buf
///     p = p − learningRate·d
///
/// With momentum 0 it is plain SGD: p −= lr·(g + wd·p).
public final class SGD {
    /// The parameters this optimiser updates.
    public let parameters: [Parameter]
    /// The step size; may be changed between steps (learning-rate schedules).
    public var learningRate: Float
    /// μ, the fraction of the previous step kept.
    public let momentum: Float
    /// Dampening of the new gradient in the momentum buffer (PyTorch's default 0).
    public let dampening: Float
    /// L2 penalty coefficient, added to the gradient as weightDecay·p.
    public let weightDecay: Float
    /// Whether to use Nesterov momentum (requires momentum > 0 and dampening 0, as in PyTorch).
    public let nesterov: Bool
    private var buffers: [[Float]?]

    /// An optimiser over `parameters` (typically `network.parameters`).
    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) {
        guard learningRate >= 0, momentum >= 0, weightDecay >= 0 else {
            fatalError("SGD: learning rate (\(learningRate)), momentum (\(momentum)) and weight decay (\(weightDecay)) must not be negative")
        }
        if nesterov && (momentum <= 0 || dampening != 0) {
            fatalError("SGD: Nesterov momentum requires a positive momentum and zero dampening (got momentum \(momentum), dampening \(dampening))")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        buffers = Array(repeating: nil, count: parameters.count)
    }

    /// Updates every parameter from its accumulated gradient (call `zeroGradients()` before
    /// the next backward pass, as in PyTorch).
    public func step() {
        for (k, parameter) in parameters.enumerated() {
            let count = parameter.value.count
            var direction = parameter.grad.scalars
            direction.withUnsafeMutableBufferPointer { d in
                parameter.value.scalars.withUnsafeBufferPointer { p in
                    if weightDecay != 0 { for i in 0..<count { d[i] += weightDecay * p[i] } }
                }
            }
            if momentum != 0 {
                var buffer = buffers[k] ?? direction
                if buffers[k] != nil {
                    for i in 0..<count { buffer[i] = momentum * buffer[i] + (1 - dampening) * direction[i] }
                }
                buffers[k] = buffer
                if nesterov {
                    for i in 0..<count { direction[i] += momentum * buffer[i] }
                } else {
                    direction = buffer
                }
            }
            let lr = learningRate
            parameter.value.scalars.withUnsafeMutableBufferPointer { p in
                direction.withUnsafeBufferPointer { d in
                    for i in 0..<count { p[i] -= lr * d[i] }
                }
            }
        }
    }

    /// Resets every parameter's gradient to zero.
    public func zeroGradients() { parameters.forEach { $0.zeroGradient() } }
}
