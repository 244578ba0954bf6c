/// A plain-text table with aligned columns, for terminals, logs and lesson `show` output.
public struct TextTable: Sendable, CustomStringConvertible {
    /// Column titles.
    public let header: [String]
    /// Cells, row by row; every row has `header.count` cells.
    public let rows: [[String]]
    /// Per column, whether cells align right (numbers) rather than left (names).
    public let alignRight: [Bool]

    /// A table; rows shorter than the header are padded with empty cells.
    public init(header: [String], rows: [[String]], alignRight: [Bool]? = nil) {
        self.header = header
        self.rows = rows.map { $0.count >= header.count ? Array($0.prefix(header.count)) : $0 + Array(repeating: "", count: header.count - $0.count) }
        self.alignRight = alignRight ?? Array(repeating: false, count: header.count)
    }

    /// The table with a rule under the header and columns separated by two spaces.
    public var description: String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let pad = String(repeating: " ", count: widths[column] - cells[column].count)
                return alignRight[column] ? pad + cells[column] : cells[column] + pad
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

/// Integer formatting with thousands separators, as torchinfo prints counts (`138,357,544`).
public func groupedDigits(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return value < 0 ? "-" + out : out
}
