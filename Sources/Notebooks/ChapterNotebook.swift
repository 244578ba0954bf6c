import Foundation
import LessonEngine
import LessonRuntime

/// A chapter and its run as a Jupyter notebook: the prose as markdown cells with every
/// `{{ name }}` filled as the site fills it, each ```swift cell as a code cell with the
/// outputs the run recorded, and the run's provenance in the notebook's metadata.
public enum ChapterNotebook {
    /// The notebook of `chapter` (whose file's text is `source`) and its `run`.
    public static func make(_ chapter: Chapter, source: String, run: ChapterRun) -> Notebook {
        let values = run.metrics.mapValues { ValueText.metric($0.value, unit: $0.unit) }
        let results = Dictionary(run.cells.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ids = NotebookIDs()
        var cells: [NotebookCell] = []
        for piece in ChapterPiece.split(chapter, source: source) {
            switch piece {
            case let .prose(text, firstLine):
                cells.append(NotebookCell(id: ids.next("prose-\(firstLine)"), kind: .markdown,
                                          source: fill(text, firstLine: firstLine, chapter: chapter, values: values)))
            case let .cell(cell):
                let id = ids.next(cell.id)
                let result = results[cell.id]
                cells.append(NotebookCell(
                    id: id, kind: .code(outputs: result.map { CellOutputs.outputs($0, cellID: id) } ?? []),
                    source: cell.code.hasSuffix("\n") ? String(cell.code.dropLast()) : cell.code,
                    metadata: metadata(cell, result: result)))
            }
        }
        return Notebook(cells: cells, metadata: NotebookMetadata(lessonbook: provenance(chapter, run)))
    }

    /// Each line with its references replaced. Only the places the parser read as references
    /// are filled (a `{{ }}` in inline code stays as written, as on the site); an unknown name
    /// stays as written too.
    private static func fill(_ text: String, firstLine: Int, chapter: Chapter, values: [String: String]) -> String {
        let placed = Set(chapter.references.map(\.location))
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { offset, line in
            References.scan(String(line), file: chapter.file, line: firstLine + offset, column: 1).segments.map { segment in
                switch segment {
                case .text(let plain): plain
                case .reference(let reference, let source):
                    placed.contains(reference.location) ? values[reference.name] ?? source : source
                }
            }.joined()
        }.joined(separator: "\n")
    }

    private static func metadata(_ cell: Cell, result: CellResult?) -> CellMetadata {
        let o = cell.options
        let flags = [("hidden", o.hidden), ("norun", o.norun), ("exercise", o.exercise),
                     ("solution", o.solution), ("fails", o.fails)].filter(\.1).map(\.0)
        var fields = ["id": cell.id, "line": "\(cell.fence.line)", "status": result?.status.rawValue ?? CellStatus.notRun.rawValue]
        if !flags.isEmpty { fields["options"] = flags.joined(separator: " ") }
        return CellMetadata(jupyter: o.hidden ? ["source_hidden": true] : nil, lessonbook: fields)
    }

    /// Where the outputs come from: which run, of which code, with which compiler, when.
    private static func provenance(_ chapter: Chapter, _ run: ChapterRun) -> [String: String] {
        [
            "chapter": chapter.id,
            "title": chapter.title,
            "file": chapter.file,
            "status": run.status.rawValue,
            "toolchain": run.toolchain,
            "cacheKey": run.cacheKey,
            "startedAt": ISO8601DateFormatter().string(from: run.startedAt),
            "durationMs": ValueText.number(run.durationMs),
        ]
    }
}

/// Cell ids as nbformat 4.5 wants them: 1–64 letters, digits, `-` or `_`, unique in the notebook.
struct NotebookIDs {
    private var taken: Set<String> = []

    /// `wanted` with other characters as `-`, cut to fit, and `-2`, `-3`, … on a repeat.
    mutating func next(_ wanted: String) -> String {
        let cleaned = String(wanted.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
                ? Character(scalar) : "-"
        }.prefix(56))
        let base = cleaned.isEmpty ? "cell" : cleaned
        var id = base
        var count = 1
        while taken.contains(id) {
            count += 1
            id = "\(base)-\(count)"
        }
        taken.insert(id)
        return id
    }
}
