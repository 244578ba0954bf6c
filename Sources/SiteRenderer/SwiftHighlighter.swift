import LessonEngine

/// Swift cells as HTML: the engine's `SwiftLexer` tokens, each classified one wrapped in a
/// `<span class="hl-KIND">` (names and punctuation stay plain text), the rest escaped. The
/// terminal paints the same tokens (`Stepper.TerminalCode`), so site and stepper agree.
public enum SwiftHighlighter {
    /// The source as HTML; with the tags removed and the entities decoded, it is the source.
    /// `link` may give a name token (by its index in the tokens) a place to link to, such as
    /// its API reference page; the token is then wrapped in `<a class="api-link">`.
    public static func html(_ source: String, link: ((Int, [SwiftToken]) -> String?)? = nil) -> String {
        let tokens = SwiftLexer.tokens(source)
        return tokens.enumerated().map { index, token in
            let text = switch token.kind {
            case .identifier, .plain: HTMLText.escape(token.text)
            default: "<span class=\"hl-\(token.kind.rawValue)\">\(HTMLText.escape(token.text))</span>"
            }
            guard let href = link?(index, tokens) else { return text }
            return "<a class=\"api-link\" href=\"\(HTMLText.escape(href))\">\(text)</a>"
        }.joined()
    }
}
