import Foundation

/// The git commit a book folder is checked out at, read from `.git` files directly.
///
/// Reading three small files costs microseconds where starting `git rev-parse HEAD` costs
/// milliseconds, and the cached `lessons run` must stay well under 0.3 s. Handles plain
/// repositories, worktrees (`.git` is a file naming the real folder), loose and packed refs,
/// and a detached HEAD; anything else gives nil (no commit is recorded, nothing fails).
enum GitCommit {
    /// The commit of HEAD of the work tree containing `path`, or nil.
    static func head(containing path: String) -> String? {
        guard let gitDir = gitDirectory(containing: path),
              let head = read(gitDir + "/HEAD")
        else { return nil }
        if isCommitHash(head) { return head }
        guard head.hasPrefix("ref: ") else { return nil }
        let ref = String(head.dropFirst(5))
        // Worktrees keep their HEAD but share refs with the main repository (`commondir`).
        var folders = [gitDir]
        if let common = read(gitDir + "/commondir") {
            folders.append(common.hasPrefix("/") ? common : gitDir + "/" + common)
        }
        for folder in folders {
            if let hash = read(folder + "/" + ref), isCommitHash(hash) { return hash }
            if let hash = packedRef(ref, in: folder) { return hash }
        }
        return nil
    }

    private static func gitDirectory(containing path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(".git").path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder) {
                if isFolder.boolValue { return candidate }
                guard let line = read(candidate), line.hasPrefix("gitdir: ") else { return nil }
                let target = String(line.dropFirst(8))
                return target.hasPrefix("/") ? target : url.appendingPathComponent(target).path
            }
            if url.path == "/" { return nil }
            url.deleteLastPathComponent()
        }
    }

    private static func packedRef(_ ref: String, in folder: String) -> String? {
        guard let text = try? String(contentsOfFile: folder + "/packed-refs", encoding: .utf8)
        else { return nil }
        for line in text.split(separator: "\n") where line.hasSuffix(" " + ref) {
            let hash = String(line.prefix { $0 != " " })
            if isCommitHash(hash) { return hash }
        }
        return nil
    }

    private static func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isCommitHash(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}
