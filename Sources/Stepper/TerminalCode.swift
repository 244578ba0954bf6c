import Charts
import LessonEngine
import Terminal

/// Code for the terminal: Swift highlighted with `SwiftLexer`, other languages plain, each
/// line behind a gutter with its markdown line number (when known), so that an error at
/// `file:line:column` can be found on screen.
public enum TerminalCode {
    /// Palette colours per token kind; plain text and identifiers keep the default colour.
    static func colour(_ kind: SwiftTokenKind) -> Int? {
        switch kind {
        case .keyword: 170
        case .type: 73
        case .number: 179
        case .string: 114
        case .comment: 244
        case .attribute: 140
        case .identifier, .plain: nil
        }
    }

    /// `code` as lines behind a `NN │` gutter (or `│` without `firstLine`); no trailing newline.
    public static func render(_ code: String, swift: Bool, firstLine: Int?, style: TerminalStyle) -> String {
        let highlighted = swift && style.usesColour ? highlight(code, style: style) : code
        var lines = highlighted.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        let last = (firstLine ?? 0) + lines.count - 1
        let gutterWidth = firstLine == nil ? 0 : String(last).count
        // A line wider than the terminal continues under a dotted gutter, rather than being
        // folded by the terminal across the line numbers.
        let room = style.width - (firstLine == nil ? 0 : gutterWidth + 1) - 2
        let continuation = style.dim(String(repeating: " ", count: firstLine == nil ? 0 : gutterWidth + 1) + "┆") + " "
        return lines.enumerated().flatMap { offset, line in
            let number = firstLine.map { TerminalText.padLeft(String($0 + offset), gutterWidth) + " " } ?? ""
            return TerminalText.chunks(line, width: room).enumerated().map { piece in
                (piece.offset == 0 ? style.dim(number + "│") + " " : continuation) + piece.element
            }
        }.map(TerminalPlot.trimmedRight).joined(separator: "\n")
    }

    /// The source with each token in its colour. A token spanning lines (block comment,
    /// multi-line string) is coloured line by line so that every line ends reset.
    public static func highlight(_ code: String, style: TerminalStyle) -> String {
        SwiftLexer.tokens(code).map { token in
            guard let colour = colour(token.kind) else { return token.text }
            return token.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { style.paint(String($0), colour) }.joined(separator: "\n")
        }.joined()
    }
}
