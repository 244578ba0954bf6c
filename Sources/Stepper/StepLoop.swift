import Foundation

/// The loop of `lessons step`: show, read a line, turn it into a `StepEvent`, handle it,
/// until the learner quits or the input ends. Line by line, so that it works the same on
/// a terminal and with commands piped in (which is how the tests drive it).
public enum StepLoop {
    /// Runs `session` reading lines from `input` (nil at the end) and writing to `output`.
    /// `interactive` (stdin is a terminal) leaves the cursor after the prompt; otherwise
    /// each prompt ends its line, so that a transcript reads well.
    public static func run(_ session: StepSession, input: () -> String?, output: (String) -> Void, interactive: Bool) {
        output(session.start() + "\n\n")
        while !session.finished {
            output(session.prompt + (interactive ? "" : "\n"))
            guard let line = input() else {
                output(session.handle(.quit) + "\n")
                return
            }
            let text = session.handle(StepEvent(line: line))
            // A newline first even on a terminal: keys typed ahead are echoed before the prompt.
            output("\n" + text + "\n\n")
        }
    }
}
