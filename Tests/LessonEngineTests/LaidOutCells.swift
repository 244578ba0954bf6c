@testable import LessonEngine

/// Cells laid out as in the markdown file `file`: each fence 2 lines after the previous
/// cell's end, so that errors and traps land on lines a test can predict.
func laidOutCells(_ specs: [(String, CellOptions)], file: String) -> [Cell] {
    var line = 3
    return specs.enumerated().map { index, spec in
        let cell = Cell(id: "c\(index + 1)", index: index, options: spec.1, code: spec.0,
                        fence: SourceLocation(file: file, line: line))
        line += spec.0.split(separator: "\n", omittingEmptySubsequences: false).count + 3
        return cell
    }
}
