/// The CommonMark spec sections our parser covers, and the examples left out, with why.
///
/// All 26 sections are covered and no example is excluded. Raw HTML (the "HTML blocks" and
/// "Raw HTML" sections) is compared with `HTMLRenderer(rawHTML: .omit)`, which writes
/// `<!-- raw HTML omitted -->` where cmark-gfm's default safe mode does: the parse is the
/// same as the product's, only the rendering of author HTML differs (escaped text there).
enum SpecSubset {
    static let sections: Set<String> = [
        "Tabs", "Backslash escapes", "Entity and numeric character references", "Precedence", "Thematic breaks",
        "ATX headings", "Setext headings", "Indented code blocks", "Fenced code blocks", "HTML blocks",
        "Link reference definitions", "Paragraphs", "Blank lines", "Block quotes", "List items", "Lists", "Inlines",
        "Code spans", "Emphasis and strong emphasis", "Links", "Images", "Autolinks", "Raw HTML",
        "Hard line breaks", "Soft line breaks", "Textual content",
    ]

    /// Example number → reason. Empty: every example of the sections above matches.
    static let excluded: [Int: String] = [:]
}
