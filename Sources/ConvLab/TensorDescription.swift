import Foundation

/// Prints like numpy: nested brackets, aligned columns, and `...` for the middle of long axes.
extension Tensor: CustomStringConvertible {
    /// Tensors with more elements than this are summarised (numpy's `threshold`).
    static let summaryThreshold = 1000
    /// How many leading and trailing items a summarised axis keeps (numpy's `edgeitems`).
    static let edgeItems = 3

    /// A numpy-style rendering; large tensors show their edges and a shape line.
    public var description: String {
        let summarise = count > Tensor.summaryThreshold
        let texts = scalars.map(Tensor.format)
        let width = texts.map(\.count).max() ?? 1
        let body = render(axis: 0, offset: 0, indent: 1, summarise: summarise, texts: texts, width: width)
        return summarise ? "\(body)  shape \(shape)" : body
    }

    private static func format(_ x: Float) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e7 { return String(format: "%.0f.", Double(x)) }
        let magnitude = abs(x)
        if magnitude >= 1e-4 && magnitude < 1e7 { return String(format: "%.4g", Double(x)) }
        return String(format: "%.4e", Double(x))
    }

    private func render(axis: Int, offset: Int, indent: Int, summarise: Bool, texts: [String], width: Int) -> String {
        let extent = shape[axis]
        let stride = shape[(axis + 1)...].reduce(1, *)
        let items: [Int?] = summarise && extent > 2 * Tensor.edgeItems
            ? Array(0..<Tensor.edgeItems) + [nil] + Array((extent - Tensor.edgeItems)..<extent)
            : Array(0..<extent)
        if axis == rank - 1 {
            let cells = items.map { i in i.map { String(repeating: " ", count: width - texts[offset + $0].count) + texts[offset + $0] } ?? "..." }
            return "[" + cells.joined(separator: ", ") + "]"
        }
        let separator = ",\n" + String(repeating: "\n", count: rank - axis - 2) + String(repeating: " ", count: indent)
        let rows = items.map { i in
            i.map { render(axis: axis + 1, offset: offset + $0 * stride, indent: indent + 1, summarise: summarise, texts: texts, width: width) } ?? "..."
        }
        return "[" + rows.joined(separator: separator) + "]"
    }
}
