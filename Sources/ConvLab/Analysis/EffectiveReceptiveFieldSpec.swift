extension EffectiveReceptiveField {
    /// Measures a network given by its description: weights drawn by `initializer` from
    /// `seed`, the input a seeded standard normal image of `input`'s shape (or all ones, which
    /// makes linear stacks count paths), and the gradient of the centre unit (or `position`).
    /// Returns the measurement with the theoretical field of the same unit beside it.
    public static func measure(_ spec: LayerSpec, input: FeatureShape, initializer: Initializer = .kaimingNormal(),
                               onesInput: Bool = false, position: (row: Int, column: Int)? = nil,
                               seed: UInt64 = 0) throws -> (effective: EffectiveReceptiveField, theoretical: ReceptiveField?) {
        let trace = try NetworkTrace(spec, input: input)
        guard case .image = input else { throw ReceptiveFieldError.badInput(shape: input.tensorShape(batch: 1)) }
        var generator = SeededGenerator(seed: seed)
        let network = spec.instantiate(initializer: initializer, using: &generator)
        network.setTraining(false)
        let shape = input.tensorShape(batch: 1)
        let image = onesInput ? Tensor.ones(shape) : Tensor.normal(shape, using: &generator)
        return (try measure(network, input: image, position: position), trace.receptiveField)
    }
}
