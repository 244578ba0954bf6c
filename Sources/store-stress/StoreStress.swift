import Foundation
import LessonStore

/// A child process for the store's "nothing lost" tests: real processes writing one real
/// file at once, or killed in the middle of a write. Not part of the product.
///
///     store-stress progress DB LEARNER COUNT   record COUNT steps and COUNT attempts
@main
enum StoreStress {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "progress" where arguments.count == 4:
                try progress(db: arguments[1], learner: arguments[2], count: count(arguments[3]))
            default:
                fail("usage: store-stress progress DB LEARNER COUNT")
            }
        } catch {
            fail("\(error)")
        }
    }

    /// One write transaction per step, as the stepper does, to interleave with other writers.
    static func progress(db path: String, learner name: String, count: Int) throws {
        let db = try LessonDatabase.open(at: path)
        let learner = try db.learner(named: name)
        for index in 0..<count {
            try db.record(
                ProgressStep(chapter: "stress", cellID: "c\(index)", status: .seen, at: Date()),
                for: learner)
            try db.recordAttempt(
                for: learner, chapter: "stress", exercise: "e\(index)", code: "// \(name) \(index)",
                passed: index % 2 == 0)
        }
    }

    static func count(_ text: String) -> Int {
        guard let value = Int(text), value >= 0 else { fail("not a count: \(text)") }
        return value
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("store-stress: " + message + "\n").utf8))
        exit(2)
    }
}
