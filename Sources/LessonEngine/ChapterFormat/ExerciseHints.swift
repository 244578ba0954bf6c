/// An exercise's help: its hints and its solution.
///
/// A hint is a fenced block whose info string starts with `hint` (```` ```hint ````), at the
/// top level of the chapter, after an `exercise` cell (or its `solution`) and before the next
/// cell; an exercise may have several, shown one at a time in order (`lessons hint`). Hints
/// are prose, never compiled. A hint block anywhere else belongs to no exercise.
extension Chapter {
    /// The hints of `exercise` (a cell id), in order; empty when it has none.
    public func hints(for exercise: String) -> [String] {
        var current: String?
        var hints: [String] = []
        for block in document.blocks {
            switch block {
            case .cell(let cell, _):
                // A solution keeps its exercise current; any other cell ends it.
                if cell.options.exercise {
                    current = cell.id
                } else if !cell.options.solution {
                    current = nil
                }
            case .code(let info, let code, _) where Self.isHint(info: info) && current == exercise:
                hints.append(code)
            default:
                break
            }
        }
        return hints
    }

    /// The `solution` cell of `exercise` (a cell id): the cell right after it, when it is one.
    public func solution(for exercise: String) -> Cell? {
        guard let cell = cells.first(where: { $0.id == exercise }), cell.options.exercise,
              cells.indices.contains(cell.index + 1), cells[cell.index + 1].options.solution
        else { return nil }
        return cells[cell.index + 1]
    }

    /// Whether a fence's info string marks a hint: its first word is `hint`.
    public static func isHint(info: String) -> Bool {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first == "hint"
    }
}
