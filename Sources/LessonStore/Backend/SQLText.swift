import Foundation

/// What the PostgreSQL backend does to the store's SQL text, which is written once for both
/// backends: number the `?` placeholders, split a migration into statements, and swap the
/// schema's SQLite column types for PostgreSQL's.
///
/// One scanner walks the text so that a `?`, `;` or type name inside a string literal, a
/// quoted identifier or a comment is never touched.
enum SQLText {
    /// `sql` with each `?` replaced by `$1`, `$2`, … cast to `types[i]`: a NULL parameter
    /// needs a type in PostgreSQL (`$1 IS NULL` cannot otherwise be planned).
    static func numberingPlaceholders(_ sql: String, types: [String]) -> String {
        var number = 0
        return rewrite(sql, keepComments: true) { character in
            guard character == "?" else { return String(character) }
            number += 1
            let type = types.indices.contains(number - 1) ? "::" + types[number - 1] : ""
            return "$\(number)" + type
        }
    }

    /// The statements of a script, comments removed, without empty ones.
    static func statements(_ sql: String) -> [String] {
        let separator: Character = "\u{1}"
        return rewrite(sql, keepComments: false) { $0 == ";" ? String(separator) : String($0) }
            .split(separator: separator)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// A schema statement written for SQLite, for PostgreSQL: `INTEGER PRIMARY KEY` (SQLite's
    /// row id) becomes `BIGSERIAL PRIMARY KEY`, `INTEGER` a 64-bit `BIGINT` as in SQLite, and
    /// `REAL` an 8-byte `DOUBLE PRECISION` (PostgreSQL's REAL has 4 bytes: `started_at_exact`
    /// must read back to the bit).
    static func postgresSchema(_ statement: String) -> String {
        statement
            .replacing(/\bINTEGER PRIMARY KEY\b/, with: "BIGSERIAL PRIMARY KEY")
            .replacing(/\bINTEGER\b/, with: "BIGINT")
            .replacing(/\bREAL\b/, with: "DOUBLE PRECISION")
    }

    /// Copies `sql`, passing each character outside literals, quoted identifiers and comments
    /// through `code`; comments are copied or dropped.
    private static func rewrite(_ sql: String, keepComments: Bool, code: (Character) -> String) -> String {
        var output = ""
        var index = sql.startIndex
        func rest(from start: String.Index) -> Substring { sql[start...] }
        while index < sql.endIndex {
            let character = sql[index]
            let next = sql.index(after: index)
            let following: Character? = next < sql.endIndex ? sql[next] : nil
            var end: String.Index
            var isComment = false
            switch (character, following) {
            case ("'", _), ("\"", _):
                // Up to the closing quote; a doubled quote inside is part of the text and
                // is crossed as two quoted pieces in a row.
                end = sql[next...].firstIndex(of: character).map { sql.index(after: $0) } ?? sql.endIndex
            case ("-", "-"):
                end = sql[index...].firstIndex(of: "\n") ?? sql.endIndex
                isComment = true
            case ("/", "*"):
                end = rest(from: next).range(of: "*/")?.upperBound ?? sql.endIndex
                isComment = true
            default:
                output += code(character)
                index = next
                continue
            }
            if !isComment || keepComments { output += sql[index..<end] }
            index = end
        }
        return output
    }
}
