import Charts
import LessonEngine
import LessonRuntime
import Terminal

/// The text of each of the stepper's screens. Pure: chapter, cell and result in, text out.
struct StepScreens {
    let chapter: Chapter
    let steps: [Cell]
    let style: TerminalStyle

    /// Top-level blocks before each step's cell (after the previous step's), and after the last.
    private var proseBefore: [[Block]] {
        var groups = Array(repeating: [Block](), count: steps.count + 1)
        for block in chapter.document.blocks {
            if case .cell = block { continue }
            let line = block.position.line
            let slot = steps.firstIndex { $0.fence.line > line } ?? steps.count
            groups[slot].append(block)
        }
        return groups
    }

    func title() -> String {
        let rule = style.dim(String(repeating: "━", count: min(style.width, 60)))
        var text = rule + "\n" + style.bold(chapter.title) + style.dim("  (\(chapter.id), \(Wording.count(steps.count, "cell")))")
        if let summary = chapter.summary {
            text += "\n" + TerminalProse(style: style).wrap(summary, width: style.width).map(style.italic).joined(separator: "\n")
        }
        return text + "\n" + rule
    }

    func resuming(at cell: Cell, _ standing: LearnerStanding) -> String {
        note("resuming at \(cell.id): \(standing.cellsSeen) of \(standing.cells) cells seen, "
             + "\(Wording.count(standing.exercisesPassed, "exercise")) passed")
    }

    /// The prose before cell `index` and the cell's code (or a line saying it is hidden).
    func cell(_ index: Int, metrics: [String: Metric]) -> String {
        let cell = steps[index]
        var parts: [String] = []
        let prose = TerminalProse(style: style, metrics: metrics).render(proseBefore[index])
        if !prose.isEmpty { parts.append(prose) }
        var tags = [cell.id]
        if cell.options.exercise { tags.append("exercise") }
        if cell.options.norun { tags.append("not run") }
        if cell.options.fails { tags.append("expected to fail") }
        let header = style.paint("▌", 75) + style.bold(" Cell \(index + 1)/\(steps.count)") + style.dim(" · " + tags.joined(separator: " · "))
        parts.append(header)
        parts.append(cell.options.hidden ? style.dim("(code hidden)")
            : TerminalCode.render(cell.code, swift: true, firstLine: cell.firstCodeLine, style: style))
        return parts.joined(separator: "\n\n")
    }

    func trailingProse(metrics: [String: Metric]) -> String {
        TerminalProse(style: style, metrics: metrics).render(proseBefore[steps.count])
    }

    func outputs(_ result: CellResult) -> String {
        CellOutputView(style: style).render(result)
    }

    func problems(_ diagnostics: [CellError]) -> String {
        diagnostics.map { CellOutputView(style: style).errorText($0, expected: false) + "\n" }.joined()
    }

    func exerciseHint(file: String, passed: Bool) -> String {
        let state = passed ? style.paint("✓ passed", 34) + " — you may still improve it\n" : ""
        return state + style.paint("✎ ", 178) + "Your turn: edit " + style.bold(file)
            + "\n  " + style.dim("e opens it in $EDITOR · saving it checks it (c checks now) · h hint · Enter runs the exercise as written")
    }

    /// The outcome of a check; `then` says what comes after a pass, `retry` after a failure.
    func checked(_ outcome: ExerciseOutcome, then: String = "Enter goes on",
                 retry: String = "and press c again (or save it)") -> String {
        let view = CellOutputView(style: style)
        var text = view.render(outcome.result)
        if outcome.passed {
            text += "\n" + style.paint("✓ exercise \(outcome.cell) passed", 34) + " — " + then
        } else {
            text += "\n" + style.paint("✗ not yet", 160) + ": edit \(outcome.file) " + retry
        }
        return text
    }

    /// The chapter's trailing prose and the learner's standing: the same cells seen,
    /// exercises and percent as `lessons progress` and the site's progress page.
    func end(prose: String, standing: LearnerStanding, passed: Set<String>, next: Chapter?) -> String {
        var parts = prose.isEmpty ? [] : [prose]
        var summary = style.bold("End of \(chapter.title).")
            + " Cells seen: \(standing.cellsSeen) of \(standing.cells) (\(standing.percent)%)."
        if standing.exercises > 0 {
            summary += " Exercises passed: \(standing.exercisesPassed) of \(standing.exercises)"
            let open = steps.filter { $0.options.exercise && !passed.contains($0.id) }.map(\.id)
            if !open.isEmpty { summary += style.dim(" (open: \(open.joined(separator: ", ")))") }
        }
        parts.append(summary)
        if let next {
            parts.append(style.paint("→ ", 75) + "Next: " + style.bold(next.title) + style.dim(" (\(next.id))")
                         + " — Enter starts it, q stops here")
        }
        return parts.joined(separator: "\n\n")
    }

    func prompt(cell: Cell?, outputsShown: Bool, next: Chapter?) -> String {
        let keys: String
        if cell == nil {
            keys = next == nil ? "Enter/q quit · p previous" : "Enter next chapter · p previous · q quit"
        } else if outputsShown {
            keys = "Enter next · p previous · r re-run" + (cell?.options.exercise == true ? " · e edit · c check · h hint" : "") + " · q quit"
        } else if cell?.options.exercise == true {
            keys = "Enter run · e edit · c check · h hint · p previous · q quit"
        } else {
            keys = "Enter run · p previous · q quit"
        }
        return style.dim("[\(keys)] ") + style.paint("›", 75) + " "
    }

    func help() -> String {
        """
        Enter or n  run the cell, or go to the next one once its outputs are shown
        p           previous cell
        r           run this cell again (with the cells before it) and show its outputs
        e           open the exercise file in $EDITOR
        c           check your exercise code (saving the file checks it too)
        h           a hint for the exercise
        ?           these keys
        q           quit (your place is saved)
        """
    }

    /// The last line: where the learner stands (as `lessons progress` and the site say it).
    func goodbye(learner: String?, standing: LearnerStanding) -> String {
        guard let learner else { return note("bye") }
        return note("progress saved for \(learner): \(standing.cellsSeen) of \(standing.cells) cells seen "
                    + "(\(standing.percent)%), \(standing.exercisesPassed) of \(standing.exercises) exercises passed; "
                    + "`lessons step \(chapter.id)` resumes here")
    }

    func note(_ text: String) -> String { Self.note(text, style: style) }

    /// A dimmed `· text` line: the stepper's and the watch's passing remarks.
    static func note(_ text: String, style: TerminalStyle) -> String { style.dim("· " + text) }

    /// A hint's lines, marked as one.
    func hint(_ lines: [String]) -> String {
        style.paint("💡 ", 178) + lines.joined(separator: "\n   ")
    }
}

/// Words shared by the stepper's screens and the `check` command.
public enum Wording {
    /// `1 exercise`, `2 exercises`.
    public static func count(_ number: Int, _ noun: String) -> String {
        ValueText.count(number, noun)
    }
}
