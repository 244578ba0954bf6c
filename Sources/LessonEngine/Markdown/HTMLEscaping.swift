extension HTMLRenderer {
    /// Text for HTML content or attributes: `&`, `<`, `>` and `"` escaped, as cmark does.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A URL for `href`/`src`: empty for `javascript:`, `vbscript:`, `file:` and non-image
    /// `data:` URLs (cmark-gfm's safe mode, and ours); otherwise percent-encoded where a URL
    /// needs it, keeping existing `%XX` escapes, with `&` and `'` as entities.
    public static func safeURL(_ url: String) -> String {
        isDangerous(url) ? "" : escapeURL(url)
    }

    private static func isDangerous(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("data:") {
            return !["image/png", "image/gif", "image/jpeg", "image/webp"].contains { lower.dropFirst(5).hasPrefix($0) }
        }
        return lower.hasPrefix("javascript:") || lower.hasPrefix("vbscript:") || lower.hasPrefix("file:")
    }

    private static func escapeURL(_ url: String) -> String {
        var result = ""
        for byte in url.utf8 {
            if isSafeInURL(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: "&") {
                result += "&amp;"
            } else if byte == UInt8(ascii: "'") {
                result += "&#x27;"
            } else {
                let digits = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0F)]))
            }
        }
        return result
    }

    /// Letters, digits and `-_.+!*(),%#@?=;:/$~` pass through unchanged (cmark's set).
    private static func isSafeInURL(_ byte: UInt8) -> Bool {
        if (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { return true }
        return "-_.+!*(),%#@?=;:/$~".utf8.contains(byte)
    }
}
