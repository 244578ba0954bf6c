/// A small append-only SVG text builder: escaping and fixed coordinate formatting in one
/// place, so that every chart is valid XML and byte-for-byte deterministic.
struct SVGWriter {
    private(set) var text = ""

    /// `&`, `<`, `>`, `"` and `'` escaped: safe in element content and in quoted attributes.
    static func escape(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for character in raw.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Control characters other than tab/newline are not allowed in XML 1.0.
            case _ where character.value < 0x20 && character != "\t" && character != "\n": out += "\u{FFFD}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A coordinate with one decimal, trailing `.0` dropped (`12`, `12.5`).
    static func number(_ value: Double) -> String {
        ChartNumber.fixed((value * 10).rounded() / 10, decimals: 1)
    }

    mutating func line(_ raw: String) {
        text += raw
        text += "\n"
    }

    /// `<text>` with escaped content; `extra` holds further attributes, already formatted.
    mutating func label(_ content: String, x: Double, y: Double, anchor: String = "middle",
                        extra: String = "") {
        let more = extra.isEmpty ? "" : " " + extra
        line("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\"\(more)>"
            + Self.escape(content) + "</text>")
    }

    /// `<text>` of several lines (`<tspan>`s `lineHeight` apart), the first at `y`.
    mutating func lines(_ lines: [String], x: Double, y: Double, lineHeight: Double, anchor: String = "start") {
        guard lines.count > 1 else { return label(lines.first ?? "", x: x, y: y, anchor: anchor) }
        let spans = lines.enumerated().map { index, text in
            "<tspan x=\"\(Self.number(x))\"" + (index == 0 ? "" : " dy=\"\(Self.number(lineHeight))\"") + ">"
                + Self.escape(text) + "</tspan>"
        }
        line("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\">" + spans.joined() + "</text>")
    }

    mutating func segment(x1: Double, y1: Double, x2: Double, y2: Double, extra: String) {
        line("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
            + "y2=\"\(Self.number(y2))\" \(extra)/>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, extra: String, title: String? = nil) {
        let open = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" "
            + "height=\"\(Self.number(max(0, height)))\" \(extra)"
        if let title {
            line(open + "><title>" + Self.escape(title) + "</title></rect>")
        } else {
            line(open + "/>")
        }
    }
}

/// The colours of series: CSS custom properties (`--lb-series-N`) that a page can set per
/// theme, each with a mid-tone fallback readable on light and dark backgrounds alike.
public enum ChartPalette {
    /// The fallback colours, in series order: Tableau 10's hues, darkened where needed so each
    /// has at least 3:1 contrast (WCAG 1.4.11, graphics) on white and on the dark theme's
    /// #16181b alike; Tableau's own orange, teal and yellow fall to 2.4, 2.3 and 1.6 on white.
    public static let fallback = ["#4e79a7", "#c85a00", "#d03538", "#3d8a34", "#a05d94", "#2f8a84", "#9a7b00", "#8b6550"]

    /// `var(--lb-series-N, #rrggbb)` for series `index` (colours repeat after eight).
    public static func color(_ index: Int) -> String {
        let slot = index % fallback.count
        return "var(--lb-series-\(slot), \(fallback[slot]))"
    }
}
