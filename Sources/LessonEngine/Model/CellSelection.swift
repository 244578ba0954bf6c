/// Which cells of a chapter a run compiles: the chapter as written, the chapter with a
/// learner's code in place of one exercise, or the cells up to one cell.
public enum CellSelection: Hashable, Sendable {
    /// Every cell, as the markdown has it.
    case asWritten
    /// The exercise `exercise` (a cell id) replaced by `code` as an ordinary cell, and its
    /// solution left out: the learner's code sees the cells before it, as the exercise would.
    case learnerCode(exercise: String, code: String)
    /// The cells as written up to and including `cell` (an id): the cells it depends on, since
    /// cells run in order and share state, and nothing after it (`lessons run --cell`).
    case through(cell: String)

    /// The cells to compile for `chapter`. The learner's cell keeps the exercise's fence, so
    /// that its errors and claims are reported at the exercise's markdown lines.
    public func cells(of chapter: Chapter) -> [Cell] {
        if case .through(let id) = self {
            guard let end = chapter.cells.firstIndex(where: { $0.id == id }) else { return chapter.cells }
            return Array(chapter.cells[...end])
        }
        guard case .learnerCode(let exerciseID, let code) = self,
              let exercise = chapter.cells.first(where: { $0.id == exerciseID }) else { return chapter.cells }
        var cells: [Cell] = []
        for cell in chapter.cells {
            if cell.id == exercise.id {
                var learner = cell
                learner.code = code
                learner.options.exercise = false
                cells.append(learner)
            } else if cell.options.solution, cell.index == exercise.index + 1 {
                continue
            } else {
                cells.append(cell)
            }
        }
        return cells
    }
}
