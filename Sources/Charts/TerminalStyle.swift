import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much colour the terminal gets.
public enum TerminalColour: String, Sendable, Hashable {
    /// No escape sequences at all: piped output, `NO_COLOR`, golden files.
    case none
    /// The xterm 256-colour palette, which every current terminal understands.
    case ansi256
    /// 24-bit colour (`COLORTERM=truecolor`), used for smooth heat maps.
    case trueColour
}

/// What the terminal can show: its width and its colours. Renderers take it as a value, so
/// tests render at a fixed width without a terminal.
public struct TerminalStyle: Sendable, Hashable {
    /// The colour mode.
    public var colour: TerminalColour
    /// Columns available for one line.
    public var width: Int

    /// A style given in full; widths below 30 columns are raised to 30, where charts still fit.
    public init(colour: TerminalColour, width: Int) {
        self.colour = colour
        self.width = max(30, width)
    }

    /// No colour, `width` columns: for files, pipes and golden tests.
    public static func plain(width: Int = 80) -> TerminalStyle {
        TerminalStyle(colour: .none, width: width)
    }

    /// Whether escape sequences may be written.
    public var usesColour: Bool { colour != .none }

    /// The style for standard output: no colour unless it is a terminal and `NO_COLOR` is
    /// unset (https://no-color.org); the width from the terminal, else `COLUMNS`, else 80.
    public static func detect(environment: [String: String], isTerminal: Bool, terminalWidth: Int?) -> TerminalStyle {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        let colour: TerminalColour
        if !isTerminal || noColour {
            colour = .none
        } else if let name = environment["COLORTERM"], name == "truecolor" || name == "24bit" {
            colour = .trueColour
        } else {
            colour = .ansi256
        }
        let fromEnvironment = environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        return TerminalStyle(colour: colour, width: terminalWidth ?? fromEnvironment ?? 80)
    }

    /// The style for this process's standard output.
    public static func current(environment: [String: String]) -> TerminalStyle {
        let terminal = isatty(STDOUT_FILENO) == 1
        return detect(environment: environment, isTerminal: terminal,
                      terminalWidth: terminal ? windowWidth() : nil)
    }

    /// The terminal's columns from `ioctl(TIOCGWINSZ)`, or nil when it does not say.
    public static func windowWidth() -> Int? {
        var size = winsize()
        #if canImport(Glibc)
        let request = UInt(TIOCGWINSZ)
        #else
        let request = TIOCGWINSZ
        #endif
        guard ioctl(STDOUT_FILENO, request, &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    // MARK: Painting

    /// `text` in palette colour `index` (foreground); unchanged without colour.
    public func paint(_ text: String, _ index: Int) -> String {
        usesColour && !text.isEmpty ? "\u{1B}[38;5;\(index)m\(text)\u{1B}[0m" : text
    }

    /// `text` in bold; unchanged without colour.
    public func bold(_ text: String) -> String {
        usesColour && !text.isEmpty ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    /// `text` dimmed (axes, frames, secondary notes); unchanged without colour.
    public func dim(_ text: String) -> String {
        usesColour && !text.isEmpty ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    /// `text` in italics; unchanged without colour.
    public func italic(_ text: String) -> String {
        usesColour && !text.isEmpty ? "\u{1B}[3m\(text)\u{1B}[0m" : text
    }

    /// `text` underlined; unchanged without colour.
    public func underline(_ text: String) -> String {
        usesColour && !text.isEmpty ? "\u{1B}[4m\(text)\u{1B}[0m" : text
    }

    /// Palette colours for series: blue, orange, green, red, purple, yellow, cyan, pink —
    /// far apart in hue so that neighbouring lines stay distinguishable.
    public static let seriesColours = [33, 208, 34, 160, 135, 178, 37, 205]

    /// The colour of series `index`, cycling.
    public static func seriesColour(_ index: Int) -> Int { seriesColours[index % seriesColours.count] }

    /// Markers that tell series apart without colour, cycling.
    public static let seriesMarkers: [Character] = ["●", "×", "+", "○", "◆", "■", "▲", "*"]
}

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

    /// A number as an axis or value label: `ChartNumber.compact` (at most 4 significant
    /// digits, no trailing zeros), with the exponent from ±10⁵ and below 10⁻³ so that labels
    /// stay narrow in a terminal's gutter.
    public static func number(_ value: Double) -> String {
        ChartNumber.compact(value, exponentFrom: 1e5, exponentBelow: 1e-3)
    }

    /// A duration as `812 ms`; `? ms` for one that is not a number (a damaged store), where
    /// an `Int` conversion would trap.
    public static func milliseconds(_ ms: Double) -> String {
        ms.isFinite && abs(ms) < 1e15 ? "\(Int(ms.rounded())) ms" : "? ms"
    }
}
