import Foundation
import LessonEngine

extension StepServices {
    /// The hint `h` shows for `exercise`: the one place hints come from, for the stepper and
    /// `lessons watch`. Chapters do not have hint blocks yet, so it says what the exercise is
    /// judged on (its claims, as written) and where errors are reported; once per-exercise
    /// hints are recorded, this is what returns the learner's next one.
    public func hint(for exercise: Cell, of chapter: Chapter) -> [String] {
        let file = workspace.path(chapter: chapter.id, cell: exercise.id)
        let claims = exercise.code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("claim(") }
        var lines = claims.isEmpty
            ? ["It passes when \(exercise.id) runs to its end without an error."]
            : ["It passes when \(claims.count == 1 ? "this claim holds" : "these claims hold"):"] + claims.map { "  " + $0 }
        lines.append("Errors are reported at lines of \(file); the cells before it are in scope.")
        return lines
    }
}
