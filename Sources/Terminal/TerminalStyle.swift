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

    /// The columns of the terminal on `descriptor` (standard output unless named) from
    /// `ioctl(TIOCGWINSZ)`, or nil when it does not say.
    public static func windowWidth(of descriptor: Int32 = STDOUT_FILENO) -> Int? {
        var size = winsize()
        #if canImport(Glibc)
        let request = UInt(TIOCGWINSZ)
        #else
        let request = TIOCGWINSZ
        #endif
        guard ioctl(descriptor, request, &size) == 0, size.ws_col > 0 else { return nil }
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
