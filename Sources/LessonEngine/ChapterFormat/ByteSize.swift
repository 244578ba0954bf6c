/// Sizes as cell options write them (`512K`, `64M`, `2G`, or plain bytes) and as messages
/// show them (`64 MiB`): binary units both ways.
enum ByteSize {
    private static let units: [(suffix: Character, shift: Int)] = [("K", 10), ("M", 20), ("G", 30), ("T", 40)]

    /// The bytes `text` names, or nil when it is not a positive whole number with an
    /// optional `K`, `M`, `G` or `T` suffix (`KiB` … also accepted: `512KiB`, `2GB`).
    static func parse(_ text: String) -> Int? {
        var digits = Substring(text)
        for tail in ["iB", "B"] where digits.uppercased().hasSuffix(tail.uppercased()) {
            digits = digits.dropLast(tail.count)
            break
        }
        var shift = 0
        if let last = digits.last, let unit = units.first(where: { $0.suffix == Character(last.uppercased()) }) {
            shift = unit.shift
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let count = Int(digits), count > 0,
              count <= Int.max >> shift else { return nil }
        return count << shift
    }

    /// `64 MiB`, `1.5 GiB`, `512 KiB`, `100 bytes`: the largest unit with a whole or
    /// one-decimal number.
    static func describe(_ bytes: Int) -> String {
        for unit in units.reversed() where bytes >= 1 << unit.shift {
            let value = Double(bytes) / Double(1 << unit.shift)
            let shown = value == value.rounded() ? String(Int(value)) : String(format1(value))
            return "\(shown) \(unit.suffix)iB"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }

    private static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
