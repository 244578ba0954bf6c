/// Why the API reference could not be made; the site is written without it and says why.
public enum APIReferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The toolchain has no `swift-symbolgraph-extract` next to `swiftc`.
    case toolMissing(searched: String)
    /// The module's `.swiftmodule` is not in the build folder.
    case moduleMissing(path: String)
    /// The extractor ran and failed (or wrote no graph).
    case extractionFailed(reason: String)
    /// The graph file could not be read or decoded.
    case unreadableGraph(path: String, reason: String)

    /// A message the user can act on.
    public var description: String {
        switch self {
        case .toolMissing(let searched):
            "swift-symbolgraph-extract was not found (looked for \(searched)); install a full Swift toolchain"
        case .moduleMissing(let path): "no compiled module at '\(path)'; build the package first (`swift build`)"
        case .extractionFailed(let reason): "swift-symbolgraph-extract failed: \(reason)"
        case .unreadableGraph(let path, let reason): "cannot read the symbol graph '\(path)': \(reason)"
        }
    }
}
