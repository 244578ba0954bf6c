import Foundation

/// Text measures for layout: one column per `Character`, which holds for the Latin text,
/// digits, box drawing and braille the renderers write.
public enum TerminalText {
    /// `text` padded with spaces to `width` columns (left aligned), or cut with `…`.
    public static func pad(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return fitted + String(repeating: " ", count: max(0, width - fitted.count))
    }

    /// `text` padded on the left to `width` columns (right aligned), or cut with `…`.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return String(repeating: " ", count: max(0, width - fitted.count)) + fitted
    }

    /// `text` cut to at most `width` columns, its last kept column a `…` when cut.
    public static func fit(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 0 else { return "" }
        return String(text.prefix(width - 1)) + "…"
    }

    /// Removes ANSI escape sequences (`ESC [ … letter`): for measuring and for tests.
    public static func stripANSI(_ text: String) -> String {
        var out = ""
        var inEscape = false
        var sawBracket = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if !sawBracket { sawBracket = true; continue }
                if (0x40...0x7E).contains(scalar.value) { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; sawBracket = false; continue }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// `text` cut into pieces of at most `width` visible columns, escape sequences kept: a
    /// colour open at a cut is closed at the end of the piece and reopened in the next. A cut
    /// goes after the last space of the piece when that is in its second half.
    public static func chunks(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var pieces: [String] = [], current = "", active = "", visible = 0
        var escape: String?
        // After the piece's last space: where it is in `current`, the columns before it, the colour.
        var space: (index: String.Index, visible: Int, active: String)?
        for character in text {
            if var sequence = escape {
                sequence.append(character)
                escape = sequence
                if sequence.count > 1, let ascii = character.asciiValue, (0x40...0x7E).contains(ascii), character != "[" {
                    current += sequence
                    active = sequence == "\u{1B}[0m" ? "" : active + sequence
                    escape = nil
                }
                continue
            }
            if character == "\u{1B}" { escape = "\u{1B}"; continue }
            if visible == width {
                if let space, space.visible > width / 2 {
                    pieces.append(String(current[..<space.index]) + (space.active.isEmpty ? "" : "\u{1B}[0m"))
                    current = space.active + String(current[space.index...])
                    visible -= space.visible
                } else {
                    pieces.append(current + (active.isEmpty ? "" : "\u{1B}[0m"))
                    current = active
                    visible = 0
                }
                space = nil
            }
            current.append(character)
            visible += 1
            if character == " " { space = (current.endIndex, visible, active) }
        }
        pieces.append(current + (escape ?? ""))
        return pieces
    }

    /// The escape sequences still in force after `text`, given those in force before it:
    /// every sequence since the last reset (`ESC[0m`). Used to carry a style across a line break.
    public static func activeStyle(after text: String, before: String = "") -> String {
        var active = before, sequence: String?
        for character in text {
            if var current = sequence {
                current.append(character)
                sequence = current
                if current.count > 2, let ascii = character.asciiValue, (0x40...0x7E).contains(ascii) {
                    active = current == "\u{1B}[0m" ? "" : active + current
                    sequence = nil
                }
            } else if character == "\u{1B}" {
                sequence = "\u{1B}"
            }
        }
        return active
    }

    /// Breaks `text` into lines of at most `width` visible columns at spaces (a word longer
    /// than the width gets a line of its own); `\n` in the text always breaks. A style open
    /// at a break is closed at the line's end and reopened on the next line, so that the
    /// prefixes of quotes and lists never take it on.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var active = ""
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = active, visible = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let length = stripANSI(String(word)).count
                if visible > 0, visible + 1 + length > width {
                    lines.append(line + (active.isEmpty ? "" : "\u{1B}[0m"))
                    line = active
                    visible = 0
                }
                active = activeStyle(after: String(word), before: active)
                if visible > 0 { line += " "; visible += 1 }
                line += word
                visible += length
            }
            lines.append(line + (active.isEmpty ? "" : "\u{1B}[0m"))
        }
        return lines
    }

    /// A duration as `812 ms`; `? ms` for one that is not a number (a damaged store), where
    /// an `Int` conversion would trap.
    public static func milliseconds(_ ms: Double) -> String {
        ms.isFinite && abs(ms) < 1e15 ? "\(Int(ms.rounded())) ms" : "? ms"
    }
}
