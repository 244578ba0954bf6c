/// Entity references (`&amp;`, `&#35;`, `&#x22;`) and backslash escapes.
enum Entities {
    /// Name to replacement text, built once from `entityTable`.
    static let named: [String: String] = {
        var table: [String: String] = [:]
        for line in entityTable {
            for entry in line.unicodeScalars.split(separator: "\u{1}") {
                let parts = entry.split(separator: "\u{2}", maxSplits: 1)
                guard parts.count == 2 else { continue }
                table[String(String.UnicodeScalarView(parts[0]))] = String(String.UnicodeScalarView(parts[1]))
            }
        }
        return table
    }()

    /// The entity reference starting with `&` at `start`: its text and its length in bytes.
    static func reference(_ bytes: [UInt8], at start: Int) -> (text: String, length: Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let hex = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
            if hex { index += 1 }
            let digitsStart = index
            var value = 0
            // cmark-gfm 0.29 takes up to 8 digits (the spec says 7, or 6 in hex); out of range is U+FFFD.
            while index < bytes.count, let digit = digitValue(bytes[index], hex: hex), index - digitsStart < 8 {
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                index += 1
            }
            guard index > digitsStart, index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return nil }
            let scalar = value == 0 ? nil : Unicode.Scalar(UInt32(value))
            return (String(Character(scalar ?? "\u{FFFD}")), index + 1 - start)
        }
        let nameStart = index
        while index < bytes.count, index - nameStart < 32, isAlphanumeric(bytes[index]) { index += 1 }
        guard index > nameStart, index < bytes.count, bytes[index] == UInt8(ascii: ";"),
              let text = named[bytes[nameStart..<index].string] else { return nil }
        return (text, index + 1 - start)
    }

    /// `bytes` with entity references, then backslash escapes, decoded (for destinations,
    /// titles and info strings). Two passes in that order, as cmark does: `\&amp;` is `&`.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        let array = Array(bytes)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(array.count)
        var index = 0
        while index < array.count {
            if array[index] == UInt8(ascii: "&"), let (text, length) = reference(array, at: index) {
                decoded += Array(text.utf8)
                index += length
            } else {
                decoded.append(array[index])
                index += 1
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(decoded.count)
        index = 0
        while index < decoded.count {
            if decoded[index] == UInt8(ascii: "\\"), index + 1 < decoded.count, LinkSyntax.isEscapable(decoded[index + 1]) {
                index += 1
            }
            result.append(decoded[index])
            index += 1
        }
        return result.string
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x61...0x66 where hex: Int(byte - 0x61 + 10)
        case 0x41...0x46 where hex: Int(byte - 0x41 + 10)
        default: nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}
