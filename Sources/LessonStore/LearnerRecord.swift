import Foundation

/// A learner's whole record — steps, attempts (sealed), help taken — as a versioned JSON file,
/// so that a learner who worked offline can bring their record into the class store
/// (`lessons progress --export FILE` / `--import FILE`). Times are UTC ISO 8601 to the
/// millisecond, the precision every store keeps.
public struct LearnerRecord: Codable, Sendable, Hashable {
    /// The `format` every record file carries.
    public static let formatName = "lessonbook-learner-record"
    /// The version this build writes and reads.
    public static let currentVersion = 1

    /// One step (`progress` row).
    public struct Step: Codable, Sendable, Hashable {
        /// The chapter id.
        public var chapter: String
        /// The cell id.
        public var cell: String
        /// What happened (`seen`, `ran`, `passed`, `failed`).
        public var status: StepStatus
        /// When.
        public var at: Date
    }

    /// One exercise attempt, with what checked it and its seal when it has them.
    public struct Attempt: Codable, Sendable, Hashable {
        /// The chapter id.
        public var chapter: String
        /// The exercise cell's id.
        public var cell: String
        /// The learner's code, exactly as submitted.
        public var code: String
        /// Whether it solved the exercise.
        public var passed: Bool
        /// When it was submitted.
        public var at: Date
        /// The toolchain that checked it (`null` before schema v5).
        public var toolchain: String?
        /// `AttemptSeal.digest(of:)` of the chapter when checked (`null` before schema v5).
        public var chapterDigest: String?
        /// `AttemptSeal.seal`, as stored: an edited file no longer matches it.
        public var seal: String?

        private enum CodingKeys: String, CodingKey {
            case chapter, cell, code, passed, at, toolchain, chapterDigest = "chapter_digest", seal
        }
    }

    /// One hint shown or solution revealed.
    public struct Help: Codable, Sendable, Hashable {
        /// The chapter id.
        public var chapter: String
        /// The exercise cell's id.
        public var cell: String
        /// `hint` or `solution`.
        public var kind: String
        /// The 0-based number of the hint shown; `null` for a solution.
        public var hintIndex: Int?
        /// When.
        public var at: Date

        private enum CodingKeys: String, CodingKey { case chapter, cell, kind, hintIndex = "hint_index", at }
    }

    /// Always `formatName`.
    public var format: String
    /// The version of the format.
    public var version: Int
    /// The learner's name.
    public var learner: String
    /// Steps, oldest first.
    public var steps: [Step]
    /// Attempts, oldest first.
    public var attempts: [Attempt]
    /// Help taken, oldest first.
    public var help: [Help]

    /// The record as pretty-printed JSON with sorted keys (stable, so two exports diff well).
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.timestamp.string(from: date))
        }
        // Encoding strings, numbers and dates cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The record in `data` read from `path`; an unreadable, foreign or newer file is
    /// `StoreError.badRecord` naming the path and what is wrong.
    public static func decode(_ data: Data, path: String) throws(StoreError) -> LearnerRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = timestamp.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not a UTC time like 2026-12-05T17:30:00.123Z")
            }
            // To the millisecond, as stored: an imported time compares equal to the original.
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
        }
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? decoder.decode(Header.self, from: data), header.format == formatName else {
            throw .badRecord(path: path, detail: "not a learner record (a JSON object with \"format\": \"\(formatName)\")")
        }
        guard let version = header.version, version <= currentVersion, version >= 1 else {
            throw .badRecord(path: path, detail: "record version \(header.version.map(String.init) ?? "missing") is not one "
                + "this Lessonbook reads (1 to \(currentVersion)); update Lessonbook")
        }
        do {
            return try decoder.decode(LearnerRecord.self, from: data)
        } catch let error as DecodingError {
            throw .badRecord(path: path, detail: Self.describe(error))
        } catch {
            throw .badRecord(path: path, detail: error.localizedDescription)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }

    /// A formatter per use: formatters are classes, and records may be read on any thread.
    private static var timestamp: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
