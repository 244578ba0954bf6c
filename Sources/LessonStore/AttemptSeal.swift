import Foundation
import LessonEngine

/// The hashes that let a teacher trust a passed attempt without trusting the learner's
/// machine: the chapter's digest says which cells the code was checked against, and the
/// seal ties learner, exercise, code, that digest and the toolchain together, so that a
/// record edited afterwards (in the database or in an exported file) no longer matches.
///
/// A seal is not a signature (anyone can compute one); `lessons progress --reverify` is
/// what a teacher relies on, and the seal only points it at records changed since.
public enum AttemptSeal {
    /// SHA-256 of the chapter's cells (id, options, code, in order): what an exercise is
    /// checked against. The prose is left out: rewording a chapter changes no outcome.
    public static func digest(of chapter: Chapter) -> String {
        var sha = SHA256()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        sha.update(chapter.id + "\n")
        for cell in chapter.cells {
            let options = (try? encoder.encode(cell.options)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            sha.update("\(cell.id)\n\(options)\n\(cell.code.utf8.count)\n")
            sha.update(cell.code)
        }
        return sha.finalize()
    }

    /// The seal of an attempt: each field length-prefixed, so no two field lists give the same text.
    public static func seal(
        learner: String, chapter: String, cell: String, code: String, provenance: AttemptProvenance
    ) -> String {
        var sha = SHA256()
        for field in [learner, chapter, cell, code, provenance.chapterDigest, provenance.toolchain] {
            sha.update("\(field.utf8.count):")
            sha.update(field)
        }
        return sha.finalize()
    }
}
