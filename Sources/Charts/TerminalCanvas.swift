import Terminal
/// A grid of braille characters, each a 2×4 block of dots, with the series that last drew
/// in each character (for its colour, or its marker without colour).
struct TerminalCanvas {
    /// Characters across.
    let columns: Int
    /// Characters down.
    let rows: Int
    /// Dot bits per character (U+2800 + bits).
    private(set) var dots: [UInt8]
    /// The series that last drew in each character, nil where nothing was drawn.
    private(set) var owner: [Int?]

    /// An empty canvas of `columns` × `rows` characters.
    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        dots = Array(repeating: 0, count: columns * rows)
        owner = Array(repeating: nil, count: columns * rows)
    }

    /// Dots across (2 per character).
    var pixelWidth: Int { columns * 2 }
    /// Dots down (4 per character).
    var pixelHeight: Int { rows * 4 }

    /// The braille bit of the dot at (column 0–1, row 0–3) within a character; the dots of
    /// the bottom row came last to Unicode and have the high bits.
    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at pixel (`x`, `y`), `y` counted from the top; outside dots are ignored.
    mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let index = (y / 4) * columns + x / 2
        dots[index] |= Self.bits[x % 2][y % 4]
        owner[index] = series
    }

    /// Draws a straight line of dots from one pixel to another (Bresenham).
    mutating func line(from start: (Int, Int), to end: (Int, Int), series: Int) {
        var (x, y) = start
        let dx = abs(end.0 - x), dy = -abs(end.1 - y)
        let sx = x < end.0 ? 1 : -1, sy = y < end.1 ? 1 : -1
        var error = dx + dy
        // Bounded by the longer side, so that a bad coordinate cannot loop for long.
        for _ in 0...(max(dx, -dy) + 1) {
            set(x, y, series: series)
            if x == end.0 && y == end.1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += sx }
            if doubled <= dx { error += dx; y += sy }
        }
    }

    /// The character at (`column`, `row`): braille dots, or with `markers` the series'
    /// marker wherever a series drew (plain output with several series).
    func character(_ column: Int, _ row: Int, markers: Bool) -> Character {
        let index = row * columns + column
        if markers, let series = owner[index] {
            return TerminalStyle.seriesMarkers[series % TerminalStyle.seriesMarkers.count]
        }
        let bits = dots[index]
        if bits == 0 { return " " }
        return Character(Unicode.Scalar(0x2800 + UInt32(bits)) ?? " ")
    }

    /// The series drawn last at (`column`, `row`).
    func series(_ column: Int, _ row: Int) -> Int? { owner[row * columns + column] }
}
