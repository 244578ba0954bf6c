extension LayerSpec {
    /// A runnable layer for this description, with weights drawn from `generator` by
    /// `initializer` (biases by its bias rule; batch norm starts at γ = 1, β = 0).
    public func instantiate(initializer: Initializer = .pytorchDefault, using generator: inout SeededGenerator) -> any Layer {
        switch self {
        case .conv(let spec):
            return Conv2D(spec, initializer: initializer, using: &generator)
        case .batchNorm(let channels):
            return BatchNorm2D(channels: channels)
        case .activation(let activation):
            return ActivationLayer(activation)
        case .maxPool(let spec):
            return MaxPool2D(spec)
        case .avgPool(let spec):
            return AvgPool2D(spec)
        case .adaptiveAvgPool(let output):
            return AdaptiveAvgPool2D(outputSize: output)
        case .flatten:
            return Flatten()
        case .linear(let inFeatures, let outFeatures, let bias):
            return Linear(inFeatures: inFeatures, outFeatures: outFeatures, bias: bias, initializer: initializer, using: &generator)
        case .dropout(let probability):
            return Dropout(probability: probability, using: &generator)
        case .sequential(let specs):
            return Sequential(specs.map { $0.instantiate(initializer: initializer, using: &generator) })
        case .residual(let body, let shortcut, let branchScale):
            let bodyLayer = body.instantiate(initializer: initializer, using: &generator)
            let shortcutLayer = shortcut?.instantiate(initializer: initializer, using: &generator)
            return Residual(body: bodyLayer, shortcut: shortcutLayer, branchScale: branchScale)
        case .highway(let body, let gate, let gateBias):
            let bodyLayer = body.instantiate(initializer: initializer, using: &generator)
            return Highway(body: bodyLayer, gate: gate, gateBias: gateBias, initializer: initializer, using: &generator)
        case .concat(let specs):
            return Concat(specs.map { $0.instantiate(initializer: initializer, using: &generator) })
        case .named(let name, let spec):
            return NamedLayer(name, spec.instantiate(initializer: initializer, using: &generator))
        case .functional(let name, let spec):
            return NamedLayer(name, spec.instantiate(initializer: initializer, using: &generator), isFunctional: true)
        }
    }

    /// A runnable layer for this description, with weights from the process-wide generator
    /// (`manualSeed`), like constructing a PyTorch module after `torch.manual_seed`.
    public func instantiate(initializer: Initializer = .pytorchDefault) -> any Layer {
        var generator = withGlobalGenerator { SeededGenerator(seed: $0.next()) }
        return instantiate(initializer: initializer, using: &generator)
    }
}
