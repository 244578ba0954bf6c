import LessonRuntime

/// One piece of what a cell printed and showed, in call order: every view (terminal, site,
/// stepper) walks `CellResult.pieces` so that `print` and `show`/`plot`/`table` read in the
/// order the cell made them.
public enum CellPiece: Hashable, Sendable {
    /// Text the cell printed to stdout between two outputs.
    case printed(String)
    /// A `show`, `table` or `plot`.
    case shown(Output)
}

extension CellResult {
    /// Stdout and outputs in call order; when the run did not record where each output
    /// fell (older stored runs), all of stdout first, then the outputs.
    public var pieces: [CellPiece] {
        guard let offsets = outputOffsets, offsets.count == outputs.count else {
            return (stdout.isEmpty ? [] : [.printed(stdout)]) + outputs.map(CellPiece.shown)
        }
        let bytes = Array(stdout.utf8)
        var pieces: [CellPiece] = []
        var start = 0
        for (output, offset) in zip(outputs, offsets) {
            // Offsets past a cut stdout (the cap) fall at its end.
            let end = min(max(offset, start), bytes.count)
            if end > start { pieces.append(.printed(String(decoding: bytes[start..<end], as: UTF8.self))) }
            start = end
            pieces.append(.shown(output))
        }
        if start < bytes.count { pieces.append(.printed(String(decoding: bytes[start...], as: UTF8.self))) }
        return pieces
    }
}
