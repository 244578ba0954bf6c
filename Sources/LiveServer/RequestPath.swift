import Foundation

/// A request's target as a path inside the site, or nil when it names nothing the site can
/// hold. The site is served from memory, so no path reaches the disk; refusing `..`, NUL and
/// backslashes here anyway keeps a future file-backed snapshot from escaping its folder.
public enum RequestPath {
    /// `"/two-3x3.html?x=1"` → `"two-3x3.html"`; `"/"` and folders → their `index.html`.
    /// Percent escapes are decoded before the check, so `%2e%2e` is refused like `..`.
    public static func sitePath(_ target: String) -> String? {
        let withoutQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let withoutFragment = withoutQuery.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let decoded = withoutFragment.removingPercentEncoding else { return nil }
        guard !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        let path = segments.joined(separator: "/")
        if path.isEmpty { return "index.html" }
        return decoded.hasSuffix("/") ? path + "/index.html" : path
    }
}
