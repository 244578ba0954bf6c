import Foundation

/// One complete build of the site, held in memory and swapped in whole: a request reads
/// either the previous snapshot or this one, never a page half written.
public struct SiteSnapshot: Sendable {
    /// One file of the site and how to label it.
    public struct File: Sendable, Hashable {
        /// The bytes served.
        public var body: Data
        /// The `Content-Type` header.
        public var contentType: String
    }

    /// Files by their path inside the site (`index.html`, `two-3x3.html`, `style.css`).
    public private(set) var files: [String: File]
    /// Counts the builds; pages carry it, so a page reloads only when a newer build exists.
    public var generation: Int
    /// Problems of the whole build (a book that cannot be loaded, a misnamed chapter file),
    /// one per line with file and line, shown at the top of every served page; nil when none.
    public var notice: String?

    /// A snapshot of `files` (path, UTF-8 text) as build number `generation`.
    public init(files: [(path: String, contents: String)], generation: Int, notice: String? = nil) {
        var byPath: [String: File] = [:]
        for file in files {
            byPath[file.path] = File(body: Data(file.contents.utf8), contentType: Self.contentType(of: file.path))
        }
        self.files = byPath
        self.generation = generation
        self.notice = notice
    }

    /// The file at `path` (as `RequestPath.sitePath` gives it), or nil.
    public func file(at path: String) -> File? { files[path] }

    /// The media type a browser needs for each kind of file the site writes.
    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
