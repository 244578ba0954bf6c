/// The layers of a network by path, each with its one-line description and parameters, and
/// the total: what `print(network)` shows, as PyTorch's `print(model)` and torchinfo do.
///
/// No input shape is needed. The rows and their paths come from `NetworkTrace`'s walk (with
/// shape inference off), so a layer has the same name here as in `costTable()` and
/// `receptiveFieldTable()` (`layer1.0.conv1`, `layer1.0.add`).
public struct LayerTable: Sendable, CustomStringConvertible {
    /// One leaf layer, or the merge of a residual, highway or concat.
    public struct Row: Hashable, Sendable {
        /// The layer's path, as `TraceRow.path` names it.
        public let path: String
        /// The layer's description; for a merge row, the whole residual, highway or concat.
        public let spec: LayerSpec
        /// Learnable scalars of this layer alone (0 for a merge).
        public let parameters: Int
    }

    /// The rows in execution order (branches in order, then their merge).
    public let rows: [Row]

    /// The table of `spec`'s layers.
    public init(_ spec: LayerSpec) {
        var walker = TraceWalker(input: .image(channels: 0, height: 0, width: 0))
        walker.infersShapes = false
        // Without shape inference every flow keeps the placeholder shape, so branches always
        // agree; only a concat of no branches still throws, and its merge row is then left out.
        _ = try? walker.walk(spec, Flow(shape: walker.input, field: nil), path: "", depth: 0)
        rows = walker.rows.map { Row(path: $0.path, spec: $0.spec, parameters: $0.parameters) }
    }

    /// All learnable scalars.
    public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }

    /// Path, description and parameters per row, then `Total params: N`.
    public var description: String {
        let body = rows.map { [$0.path, $0.spec.oneLine, groupedDigits($0.parameters)] }
        let table = TextTable(header: ["Layer", "Description", "Params"], rows: body, alignRight: [false, false, true])
        return table.description + "\nTotal params: \(groupedDigits(totalParameters))"
    }
}
