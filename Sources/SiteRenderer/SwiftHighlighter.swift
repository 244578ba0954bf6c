import LessonEngine

/// Swift cells as HTML: the engine's `SwiftLexer` tokens, each classified one wrapped in a
/// `<span class="hl-KIND">` (names and punctuation stay plain text), the rest escaped. The
/// terminal paints the same tokens (`Stepper.TerminalCode`), so site and stepper agree.
public enum SwiftHighlighter {
    /// The source as HTML; with the tags removed and the entities decoded, it is the source.
    public static func html(_ source: String) -> String {
        SwiftLexer.tokens(source).map { token in
            switch token.kind {
            case .identifier, .plain: HTMLText.escape(token.text)
            default: "<span class=\"hl-\(token.kind.rawValue)\">\(HTMLText.escape(token.text))</span>"
            }
        }.joined()
    }
}
