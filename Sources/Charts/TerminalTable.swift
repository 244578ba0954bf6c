import LessonRuntime
import Terminal

/// A table drawn with box-drawing characters; numeric columns right-aligned; columns cut
/// with `…` (widest first) when the table would be wider than the terminal.
public enum TerminalTable {
    /// The table as lines of text (no trailing newline).
    public static func render(_ table: Table, style: TerminalStyle) -> String {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return style.dim("(empty table)") }
        func cell(_ row: [String], _ column: Int) -> String { row.indices.contains(column) ? row[column] : "" }
        var widths = (0..<columns).map { column in
            ([table.header] + table.rows).map { cell($0, column).count }.max() ?? 0
        }
        // Borders take 3 columns per column plus 1; shrink the widest until it fits.
        while widths.reduce(0, +) + 3 * columns + 1 > style.width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 3 {
            widths[widest] -= 1
        }
        let numeric = (0..<columns).map { column in
            !table.rows.isEmpty && table.rows.allSatisfy { Double(cell($0, column).trimmedOfSpaces()) != nil || cell($0, column).isEmpty }
        }
        func line(_ left: String, _ middle: String, _ right: String) -> String {
            style.dim(left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right)
        }
        func row(_ values: [String], header: Bool) -> String {
            let bar = style.dim("│")
            let cells = (0..<columns).map { column -> String in
                let text = cell(values, column)
                let fitted = numeric[column] && !header ? TerminalText.padLeft(text, widths[column]) : TerminalText.pad(text, widths[column])
                return " " + (header ? style.bold(fitted) : fitted) + " "
            }
            return bar + cells.joined(separator: bar) + bar
        }
        var lines = [line("┌", "┬", "┐"), row(table.header, header: true), line("├", "┼", "┤")]
        lines += table.rows.map { row($0, header: false) }
        lines.append(line("└", "┴", "┘"))
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The text without surrounding spaces (Foundation-free, for the number check).
    func trimmedOfSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
