import Foundation
import LessonEngine
import LessonStore

/// `lessons progress --export FILE` and `--import FILE`: a learner's record between stores.
enum ProgressRecords {
    /// Writes `learner`'s record to `file` (replacing it), as `LearnerRecord` JSON.
    static func export(learner name: String, to file: String, options: BookOptions) throws(InputError) {
        let database = try StoreAccess.database(options)
        let known = try InputError.wrap { () throws(StoreError) in try database.learners() }
        let learner = try ProgressCommand.existing(name, in: database, known: known)
        let record = try InputError.wrap { () throws(StoreError) in try database.record(of: learner) }
        do {
            try record.encoded().write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw InputError(message: "cannot write \(file): \((error as NSError).localizedDescription)")
        }
        print("exported \(learner.name): \(record.steps.count) steps, \(record.attempts.count) attempts, "
            + "\(record.help.count) hints and solutions to \(file)")
    }

    /// Adds the record in `file` to the store (created when missing); rows it already holds are skipped.
    static func importRecord(from file: String, options: BookOptions) throws(InputError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw InputError(message: "cannot read \(file): \((error as NSError).localizedDescription)")
        }
        let record = try InputError.wrap { () throws(StoreError) in try LearnerRecord.decode(data, path: file) }
        let database = try StoreAccess.open(options)
        let result = try InputError.wrap { () throws(StoreError) in try database.importRecord(record) }
        print("imported \(result.learner.name) into \(database.path): \(result.steps) steps, \(result.attempts) attempts, "
            + "\(result.help) hints and solutions added; \(result.alreadyPresent) already there")
    }
}
