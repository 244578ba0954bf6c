import LessonRuntime

/// Finds values a chapter's prose shows that no claim checks — the book's promise is that
/// every number it states is measured and pinned by a claim (`lessons verify` runs this).
///
/// What counts as stated, and what pins it:
/// - a `{{ name }}` placeholder: pinned when a claim of a regular cell (not `exercise`,
///   `solution` or `fails`) lists `name` in its `pins:`;
/// - a literal number in prose with a decimal point (`0.72`), a percentage (`28%`) or a
///   fraction (`6/9`): pinned when, at the digits shown, it equals the value of a metric an
///   equality claim pins, the expected or measured value of an equality claim, the bound of
///   a bound or timing claim, or a timing claim's 95% confidence. A percentage p% also
///   matches p/100 and 1 − p/100 ("28% fewer" for a ratio of 0.72).
///
/// Not checked: integers (channel counts, years, run counts are the experiment's settings,
/// and a measured integer is expected to come through `{{ }}`), numbers right after a
/// letter, `§`, `/`, `.` or `_` (versions `V1.5`, sections `§3.2`), inline code and code.
public enum PinCheck {
    /// One diagnostic per unpinned value in `chapter`'s prose, given the chapter's run.
    public static func problems(chapter: Chapter, run: ChapterRun) -> [CellError] {
        let regular = Set(chapter.cells.filter {
            !($0.options.exercise || $0.options.solution || $0.options.fails)
        }.map(\.id))
        let claims = run.cells.filter { regular.contains($0.id) }.flatMap(\.claims)
        let pinned = Set(claims.flatMap(\.pins))
        var values: [Double] = []
        let metrics = run.metrics
        for claim in claims {
            if claim.tolerance != nil {
                values += [claim.expected, claim.measured].compactMap { $0 }
                values += claim.pins.compactMap { metrics[$0]?.value }
            } else if claim.bound != nil || claim.isTiming {
                // An ordering's bound may be stated ("at least 60% of peak", "below 1"), and a
                // timing claim's interval is a 95% one; the measured value itself is noise.
                values += [claim.expected].compactMap { $0 }
                if claim.isTiming { values.append(TimeComparison.confidence) }
            }
        }
        var problems: [CellError] = []
        for reference in chapter.references where !pinned.contains(reference.name) {
            problems.append(CellError(reference.location, "the prose shows {{ \(reference.name) }} but "
                + "no claim pins it; add pins: \"\(reference.name)\" to a claim that checks its value"))
        }
        for literal in ProseNumbers.find(in: chapter.document) where !literal.matches(any: values) {
            problems.append(CellError(literal.position.location(in: chapter.file),
                "the prose states \(literal.text) but no claim checks that value; pin it with a claim "
                + "(claim(…, equals:, within:, pins: …)) or show it as {{ name }}"))
        }
        return problems
    }
}

/// A number written in prose, with where it stands.
struct ProseNumber: Hashable {
    /// What it states.
    enum Form: Hashable {
        /// `0.72`: `decimals` digits after the point.
        case decimal(Double, decimals: Int)
        /// `28%` or `28.5%`.
        case percent(Double, decimals: Int)
        /// `6/9`.
        case fraction(Double)
    }

    /// The value and how it was written.
    var form: Form
    /// The text as written.
    var text: String
    /// Where the number starts.
    var position: SourcePosition

    /// Whether one of `values`, shown at this number's precision, reads as this number.
    func matches(any values: [Double]) -> Bool {
        values.contains { value in
            switch form {
            case .decimal(let number, let decimals):
                return Self.rounds(value, to: number, decimals: decimals)
            case .percent(let number, let decimals):
                return [value * 100, (1 - value) * 100, value].contains {
                    Self.rounds($0, to: number, decimals: decimals)
                }
            case .fraction(let number):
                return abs(value - number) <= 1e-6 * max(1, abs(number))
            }
        }
    }

    /// Whether `value` rounded to `decimals` places is `number` (with slack for binary noise).
    static func rounds(_ value: Double, to number: Double, decimals: Int) -> Bool {
        var half = 0.5
        for _ in 0..<decimals { half /= 10 }
        return abs(value - number) <= half * (1 + 1e-9)
    }
}

/// Finds the numbers of a markdown document's prose (not its code).
enum ProseNumbers {
    /// Every decimal, percentage and fraction in the prose of `document`, in order.
    static func find(in document: MarkdownDocument) -> [ProseNumber] {
        document.blocks.flatMap(numbers(in:))
    }

    private static func numbers(in block: Block) -> [ProseNumber] {
        switch block {
        case .paragraph(let inlines, _), .heading(_, _, let inlines, _):
            return inlines.flatMap(numbers(in:))
        case .blockQuote(let blocks, _):
            return blocks.flatMap(numbers(in:))
        case .list(let list, _):
            return list.items.flatMap { $0.blocks.flatMap(numbers(in:)) }
        case .table(let table, _):
            return (table.header + table.rows.flatMap { $0 }).flatMap { $0.flatMap(numbers(in:)) }
        case .thematicBreak, .code, .cell, .html:
            return []
        }
    }

    private static func numbers(in inline: Inline) -> [ProseNumber] {
        switch inline {
        case .text(let text, let at):
            return scan(text, at: at)
        case .emphasis(let children, _), .strong(let children, _), .link(_, _, let children, _),
             .image(_, _, let children, _):
            return children.flatMap(numbers(in:))
        case .softBreak, .hardBreak, .code, .html, .reference:
            return []
        }
    }

    /// The numbers of one text node. A text node's position is its first character, and its
    /// text has no line breaks (those are `softBreak` nodes), so a column is an offset.
    static func scan(_ text: String, at start: SourcePosition) -> [ProseNumber] {
        let characters = Array(text)
        var found: [ProseNumber] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isASCIIDigit else { index += 1; continue }
            let begin = index
            let exempt = begin > 0 && isExemptPrefix(characters[begin - 1])
            var end = digits(characters, from: index)
            var form: ProseNumber.Form?
            var decimals = 0
            if end + 1 < characters.count, characters[end] == ".", characters[end + 1].isASCIIDigit {
                let fractionEnd = digits(characters, from: end + 1)
                decimals = fractionEnd - end - 1
                end = fractionEnd
                form = .decimal(Double(String(characters[begin..<end]))!, decimals: decimals)
            }
            if end < characters.count, characters[end] == "%" {
                form = .percent(Double(String(characters[begin..<end]))!, decimals: decimals)
                end += 1
            } else if form == nil, end + 1 < characters.count, characters[end] == "/",
                      characters[end + 1].isASCIIDigit {
                let denominatorEnd = digits(characters, from: end + 1)
                let numerator = Double(String(characters[begin..<end]))!
                let denominator = Double(String(characters[(end + 1)..<denominatorEnd]))!
                if denominator != 0 { form = .fraction(numerator / denominator) }
                end = denominatorEnd
            }
            if let form, !exempt {
                // Columns count UTF-8 bytes, as the parser's positions do.
                let column = start.column + String(characters[0..<begin]).utf8.count
                found.append(ProseNumber(form: form, text: String(characters[begin..<end]),
                                         position: SourcePosition(line: start.line, column: column)))
            }
            // Past the whole token, so `1.2.3` or `3/4/5` is not read again from the middle.
            while end < characters.count, characters[end].isASCIIDigit || characters[end] == "."
                    || characters[end] == "/" {
                end += 1
            }
            index = max(end, begin + 1)
        }
        return found
    }

    private static func digits(_ characters: [Character], from start: Int) -> Int {
        var end = start
        while end < characters.count, characters[end].isASCIIDigit { end += 1 }
        return end
    }

    private static func isExemptPrefix(_ character: Character) -> Bool {
        character.isLetter || ["§", "/", ".", "_", "#", ":"].contains(character)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
