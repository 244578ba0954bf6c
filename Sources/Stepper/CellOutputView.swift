import Charts
import Foundation
import LessonEngine
import LessonRuntime
import Terminal

/// One cell's result for the terminal: status, printed text, shown values, tables and plots,
/// claims as ✓/✗, and an error as `file:line:column: error: message` with its source line.
public struct CellOutputView {
    /// Width and colours.
    public var style: TerminalStyle
    /// Reads a file's lines for showing the line of an error; nil when it cannot be read.
    public var sourceLines: (String) -> [Substring]?

    /// A view for `style`, reading sources from disk (each file once).
    public init(style: TerminalStyle, sourceLines: @escaping (String) -> [Substring]? = SourceLines().lines) {
        self.style = style
        self.sourceLines = sourceLines
    }

    /// The lines of the file at `path`, or nil.
    public static func readLines(_ path: String) -> [Substring]? {
        SourceLines().lines(of: path)
    }

    /// The result as text, no trailing newline.
    public func render(_ result: CellResult) -> String {
        var parts = [statusLine(result)]
        // Printed text and shown outputs in call order (`CellResult.pieces`).
        for piece in result.pieces {
            switch piece {
            case .printed(let text): parts.append(capped(TerminalPlot.trimmedLines(text)))
            case .shown(.text(let text)): parts.append(TerminalPlot.trimmedLines(text))
            case .shown(.table(let table)): parts.append(TerminalTable.render(table, style: style))
            case .shown(.plot(let plot)): parts.append(TerminalPlot.render(plot, style: style))
            }
        }
        if !result.stderr.isEmpty, result.error == nil || !result.stderr.contains(result.error?.message ?? "\u{0}") {
            parts.append(style.paint(TerminalPlot.trimmedLines(result.stderr), 173))
        }
        for metric in result.metrics {
            parts.append(style.dim("recorded ") + metric.name + " = " + style.bold(ValueText.number(metric.value)
                + (metric.unit.map { " \($0)" } ?? "")))
        }
        parts += result.claims.map(claimLine)
        if let error = result.error { parts.append(errorText(error, expected: result.status == .expectedFailure)) }
        return parts.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Printed lines shown at most: a cell may print a megabyte, which buries the step.
    static let maximumLines = 200

    /// `text` cut after `maximumLines` lines, with a line saying how many were left out.
    func capped(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > Self.maximumLines else { return text }
        return lines.prefix(Self.maximumLines).joined(separator: "\n") + "\n"
            + style.dim("… \(lines.count - Self.maximumLines) more lines (`lessons run` prints them all)")
    }

    /// `── c2 · passed · 12 ms`, coloured by outcome.
    func statusLine(_ result: CellResult) -> String {
        let (label, colour) = Self.label(result.status)
        let time = result.status == .notRun ? "" : " · \(TerminalText.milliseconds(result.durationMs))"
        return style.dim("── \(result.id) · ") + style.paint(label, colour) + style.dim(time)
    }

    /// `✓ statement (measured …, expected … ± …)`; `?` for an inconclusive timing claim.
    public func claimLine(_ claim: Claim) -> String {
        let mark = claim.inconclusive ? style.paint("?", 178)
            : claim.passed ? style.paint("✓", 34) : style.paint("✗", 160)
        var text = mark + " " + claim.statement
        if let detail = ValueText.detail(of: claim) { text += style.dim(" (\(detail))") }
        return text
    }

    /// The error line and, when the file can be read, the source line with a caret.
    public func errorText(_ error: CellError, expected: Bool) -> String {
        let head = expected ? style.dim("failed as expected: ") + error.description
            : style.paint("\(error.file):\(error.line):\(error.column): error:", 160) + " " + error.message
        guard let lines = sourceLines(error.file), lines.indices.contains(error.line - 1) else { return head }
        let number = String(error.line)
        let caret = String(repeating: " ", count: number.count) + " │ " + String(repeating: " ", count: max(0, error.column - 1))
        return head + "\n" + style.dim(number + " │ ") + lines[error.line - 1] + "\n" + style.dim(caret) + style.paint("^", 160)
    }

    /// A status in words (`CellStatus.label`, as every report words it) and its colour.
    static func label(_ status: CellStatus) -> (String, Int) {
        let colour = switch status {
        case .passed: 34
        case .failed, .compileError, .timedOut: 160
        case .notRun: 244
        case .expectedFailure: 178
        }
        return (status.label, colour)
    }
}
