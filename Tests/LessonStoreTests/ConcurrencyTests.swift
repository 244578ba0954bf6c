import Foundation
import GRDB
import Testing
@testable import LessonStore

/// "Nothing lost": real processes writing one real file at once.
@Suite("Many processes, one database")
struct ConcurrencyTests {
    @Test func everyProgressRowOfManyProcessesArrives() throws {
        let folder = try TemporaryFolder()
        // A new file: the processes also race to create it and to apply the migrations.
        let path = folder.file(".lessons/lessons.sqlite")
        let writers = 8, steps = 40
        let children = try (0..<writers).map { index in
            try ChildProcess.start("store-stress", ["progress", path, "learner \(index % 4)", "\(steps)"])
        }
        for child in children {
            let (status, errors) = child.finish()
            #expect(status == 0, "store-stress failed: \(errors)")
        }
        let db = try LessonDatabase.open(at: path)
        #expect(try db.learners().map(\.name).sorted() == (0..<4).map { "learner \($0)" })
        for learner in try db.learners() {
            // Two processes wrote as each learner: every step and attempt of both is there.
            let steps = try db.steps(of: learner)
            #expect(steps.count == 2 * 40)
            #expect(Set(steps.map(\.cellID)) == Set((0..<40).map { "c\($0)" }))
            let attempts = try db.attempts(of: learner)
            #expect(attempts.count == 2 * 40)
            #expect(attempts.filter(\.passed).count == 40)
        }
        #expect(try db.integrityCheck() == ["ok"])
    }
}
