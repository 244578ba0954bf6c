/// Every layer prints usefully: a leaf as one line with its parameter count
/// (`Conv2D(64→64, kernel 3×3, padding 1, 36,928 params)`), a network as a `LayerTable`.
extension Layer {
    /// One line for a leaf layer, the table of its layers for a network.
    public var description: String {
        let spec = self.spec
        if spec.isComposite { return LayerTable(spec).description }
        let count = spec.parameterCount
        guard count > 0 else { return spec.oneLine }
        // The count goes inside the parentheses, after the settings, as the last setting.
        return String(spec.oneLine.dropLast()) + ", \(groupedDigits(count)) " + (count == 1 ? "param)" : "params)")
    }
}
