import Charts
import Foundation
import LessonEngine
import LessonRuntime
import Terminal

/// A chapter run as plain text for the terminal: each cell's outputs, its claims as ✓/✗ and
/// its failure as `file:line:column: error: message` with the markdown line under it.
struct ChapterReport {
    let run: ChapterRun
    /// Print stdout, metrics and outputs (`run`), or only failures and the summary (`verify`).
    let verbose: Bool
    /// The chapter's lines, read once for all the report's errors.
    let sources = SourceLines()

    var text: String {
        var lines = ["━━ \(run.chapter) — \(run.file)"]
        for problem in run.diagnostics { lines += errorLines(problem) }
        for cell in run.cells { lines += cellLines(cell) }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `basics: passed — 4 cells: 3 passed, 1 not run; 16 claims: 14 hold, 2 in exercises that fail
    /// as expected (812 ms)`: an exercise's claims fail as written, which is no failure.
    var summary: String {
        var counts: [CellStatus: Int] = [:]
        for cell in run.cells { counts[cell.status, default: 0] += 1 }
        let parts = CellStatus.allCases.compactMap { status in
            counts[status].map { "\($0) \(status.label)" }
        }
        let claims = ClaimTally(run)
        var text = "\(run.chapter): \(run.status.rawValue) — \(ValueText.count(run.cells.count, "cell")): "
            + (parts.isEmpty ? "none" : parts.joined(separator: ", "))
        if claims.total > 0 { text += "; \(ValueText.count(claims.total, "claim")): \(claims.phrase)" }
        if !run.diagnostics.isEmpty { text += "; \(ValueText.count(run.diagnostics.count, "problem")) in the text" }
        return text + " (\(TerminalText.milliseconds(run.durationMs)))"
    }

    /// One cell's lines (header, outputs, claims, failure), as in `text`.
    func cellLines(_ cell: CellResult) -> [String] {
        // A cell that failed as expected is no news for `verify`, nor are its failing claims.
        let interesting = verbose || !cell.status.isSuccess
            || (cell.status != .expectedFailure && cell.claims.contains { !$0.passed })
        guard interesting else { return [] }
        var lines = ["▸ \(cell.id) · line \(cell.line) · \(cell.status.label)"
            + (cell.status == .notRun ? "" : " · \(TerminalText.milliseconds(cell.durationMs))")]
        if verbose {
            // Printed text and shown outputs in call order (`CellResult.pieces`).
            for piece in cell.pieces {
                switch piece {
                case .printed(let text): lines += indented(text)
                case .shown(let output): lines += outputLines(output)
                }
            }
        } else if !cell.status.isSuccess {
            lines += indented(cell.stdout)
        }
        if verbose || !cell.status.isSuccess, !cell.stderr.isEmpty {
            lines.append("  stderr:")
            lines += indented(cell.stderr, by: 4)
        }
        for claim in cell.claims {
            lines.append("  \(claim.passed ? "✓" : "✗") \(Self.describe(claim))")
        }
        if verbose {
            for metric in cell.metrics {
                lines.append("  \(metric.name) = \(ValueText.number(metric.value))" + (metric.unit.map { " \($0)" } ?? ""))
            }
        }
        if let error = cell.error {
            // An expected failure's message is the lesson, not a problem: shown, not as an error.
            lines += cell.status == .expectedFailure
                ? ["  failed as expected: \(error.description)"] : errorLines(error)
        }
        return lines
    }

    private func outputLines(_ output: Output) -> [String] {
        switch output {
        case .text(let text):
            return indented(text)
        case .table(let table):
            // A row may be longer than the header (cells write what they like): size every column.
            let columns = ([table.header] + table.rows).map(\.count).max() ?? 0
            let widths = (0..<columns).map { column in
                ([table.header] + table.rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
            }
            func row(_ cells: [String]) -> String {
                TerminalPlot.trimmedRight("  " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: " │ "))
            }
            let rule = "  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")
            return [row(table.header), rule]
                + table.rows.map(row)
        case .plot(let plot):
            let names = plot.series.map(\.name).joined(separator: ", ")
            return ["  [\(plot.kind.rawValue) plot] \(plot.title)" + (names.isEmpty ? "" : " — \(names)")]
        }
    }

    /// `file:line:column: error: message`, then the markdown line with a caret under the column.
    func errorLines(_ error: CellError) -> [String] {
        var lines = ["\(error.file):\(error.line):\(error.column): error: \(error.message)"]
        if let source = sources.line(error.line, of: error.file) {
            let number = String(error.line)
            lines.append("  \(number) │ \(source)")
            lines.append("  \(String(repeating: " ", count: number.count)) │ "
                + String(repeating: " ", count: max(0, error.column - 1)) + "^")
        }
        return lines
    }

    private func indented(_ text: String, by spaces: Int = 2) -> [String] {
        guard !text.isEmpty else { return [] }
        let pad = String(repeating: " ", count: spaces)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    static func describe(_ claim: Claim) -> String {
        ValueText.detail(of: claim).map { "\(claim.statement) (\($0))" } ?? claim.statement
    }
}
