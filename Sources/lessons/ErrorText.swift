import Foundation
import Terminal

/// Error messages as they go to standard error. On a terminal, a line longer than the
/// window is broken at spaces (`TerminalText.wrap`), since the terminal itself would break
/// it in the middle of a word; elsewhere (a pipe, a file, a test) the text is left whole.
enum ErrorText {
    /// `text` ready for stderr.
    static func forStandardError(_ text: String) -> String {
        guard isatty(STDERR_FILENO) == 1 else { return text }
        return wrapped(text, width: TerminalStyle.windowWidth(of: STDERR_FILENO) ?? 80)
    }

    /// Every line longer than `width` broken at spaces; lines that fit (a source line with
    /// its caret under it) keep their spacing.
    static func wrapped(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            TerminalText.stripANSI(String(line)).count <= width ? [String(line)] : TerminalText.wrap(String(line), width: width)
        }.joined(separator: "\n")
    }
}
