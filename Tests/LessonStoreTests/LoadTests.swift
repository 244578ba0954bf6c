import Foundation
import Testing
@testable import LessonStore

/// A class at work: 30 learners' processes writing to one store at once, each step its own
/// transaction, as `lessons step` writes them. Nothing may be lost, on either backend.
@Suite("Thirty learners at once", .timeLimit(.minutes(5)))
struct LoadTests {
    static let learners = 30, events = 200

    @Test(arguments: TestBackend.all)
    func everyProgressEventOfThirtyLearnersArrives(on backend: TestBackend) throws {
        let folder = try TemporaryFolder()
        // A store nobody has opened yet: the processes also race to create its schema.
        let address = backend.isServer ? try backend.freshAddress(in: folder) : folder.file(".lessons/class.sqlite")
        let children = try (0..<Self.learners).map { index in
            try ChildProcess.start("store-stress", ["progress", address, "learner \(index)", "\(Self.events)"])
        }
        for child in children {
            let (status, errors) = child.finish()
            #expect(status == 0, "store-stress failed: \(errors)")
        }
        let store = try TestStore(opening: address, in: folder)
        let db = store.database
        let learners = try db.learners()
        #expect(Set(learners.map(\.name)) == Set((0..<Self.learners).map { "learner \($0)" }))
        var rows = 0
        for learner in learners {
            let steps = try db.steps(of: learner)
            #expect(steps.map(\.cellID) == (0..<Self.events).map { "c\($0)" })
            let attempts = try db.attempts(of: learner)
            #expect(attempts.map(\.cellID) == (0..<Self.events).map { "e\($0)" })
            #expect(attempts.allSatisfy { $0.code == "// \(learner.name) \($0.cellID.dropFirst())" })
            rows += steps.count
        }
        #expect(rows == Self.learners * Self.events)
        try expectSound(db)
    }
}
