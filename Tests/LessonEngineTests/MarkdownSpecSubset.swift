/// The CommonMark spec sections our parser covers, and the examples left out, with why.
enum SpecSubset {
    static let sections: Set<String> = [
        "Tabs", "Backslash escapes", "Entity and numeric character references", "Precedence", "Thematic breaks",
        "ATX headings", "Setext headings", "Indented code blocks", "Fenced code blocks", "HTML blocks",
        "Link reference definitions", "Paragraphs", "Blank lines", "Block quotes", "List items", "Lists", "Inlines",
        "Code spans", "Emphasis and strong emphasis", "Links", "Images", "Autolinks", "Raw HTML",
        "Hard line breaks", "Soft line breaks", "Textual content",
    ]

    /// Example number → reason.
    static let excluded: [Int: String] = [:]
}
