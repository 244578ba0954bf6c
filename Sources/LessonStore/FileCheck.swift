import Foundation
import GRDB

/// Checks on the database file made before SQLite touches it, and the mapping of SQLite's
/// failures to ``StoreError``.
enum FileCheck {
    /// The 16 bytes every SQLite 3 database file starts with.
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// The size of the file at `path`, 0 when there is none.
    static func existingSize(_ path: String) throws(StoreError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return 0 }
            throw .cannotOpen(path: path, detail: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw .cannotOpen(path: path, detail: "it is a folder; --db needs a file path")
        }
        return Int(info.st_size)
    }

    /// Throws ``StoreError/notADatabase(path:)`` unless the file starts with SQLite's header.
    static func requireSQLiteHeader(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(path: path, detail: "the file cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: sqliteHeader.count)) ?? Data()
        if Array(head) != sqliteHeader {
            throw .notADatabase(path: path)
        }
    }

    /// Whether this process may create files in (or write) `path`.
    static func isWritable(_ path: String) -> Bool {
        access(path, W_OK) == 0
    }

    /// `path` itself if it exists, else its closest existing ancestor folder.
    static func nearestExistingAncestor(of path: String) -> String {
        var url = URL(fileURLWithPath: path)
        while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }
}

extension StoreError {
    /// Maps a failure while opening or migrating the database at `path`.
    init(opening path: String, _ error: any Error) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self = .cannotOpen(path: path, detail: "\(error)")
            return
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            self = .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            self = .damaged(path: path, detail: detail)
        case .SQLITE_READONLY, .SQLITE_PERM:
            self = .readOnly(path: path, detail: detail)
        case .SQLITE_CANTOPEN:
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileCheck.isWritable(folder) || FileManager.default.fileExists(atPath: path)
                && !FileCheck.isWritable(path) {
                self = .readOnly(path: path, detail: detail)
            } else {
                self = .cannotOpen(path: path, detail: detail)
            }
        default:
            self = .cannotOpen(path: path, detail: detail)
        }
    }

    /// Maps a failure of a read or write on an open database.
    init(using path: String, _ error: any Error) {
        if let error = error as? StoreError {
            self = error
        } else if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                self = .damaged(path: path, detail: error.message ?? "\(error.resultCode)")
            case .SQLITE_READONLY:
                self = .readOnly(path: path, detail: error.message ?? "read-only")
            default:
                self = .sqlite(path: path, detail: error.message ?? "\(error.resultCode)")
            }
        } else {
            self = .sqlite(path: path, detail: "\(error)")
        }
    }
}
