import Foundation

/// What `StepLoop` drives: a chapter (`StepSession`) or a whole course of exercises
/// (`WatchSession`). Each takes events and returns the text to show.
public protocol StepDriven: AnyObject {
    /// The first screen.
    func start() -> String
    /// Handles one event and returns what to show.
    func handle(_ event: StepEvent) -> String
    /// The prompt for the current state.
    var prompt: String { get }
    /// Whether the session is over.
    var finished: Bool { get }
    /// The learner's exercise file whose saving is an event (`.fileSaved`), if any.
    var watchedFile: String? { get }
}

/// The loop of `lessons step` and `lessons watch`: show, wait for a key, a line or a save
/// of the watched file, turn it into a `StepEvent`, handle it, until the session ends or the
/// input does. Keys come one by one from a terminal and as lines from a pipe (which is how
/// most tests drive it), through the same handling.
public enum StepLoop {
    /// Runs `session` on events from `input`, writing to `output`. On a terminal the cursor
    /// stays after the prompt; otherwise each prompt ends its line, so a transcript reads well.
    public static func run(_ session: some StepDriven, input: KeyInput, output: (String) -> Void) {
        output(session.start() + "\n\n")
        var watch: FileWatch?
        while !session.finished {
            // A new watch whenever the watched file is another: only saves from now on count.
            if watch?.path != session.watchedFile { watch = session.watchedFile.map(FileWatch.init(path:)) }
            output(session.prompt + (input.singleKeys ? "" : "\n"))
            guard let event = input.next(watching: &watch) else {
                output(session.handle(.quit) + "\n")
                return
            }
            let text = session.handle(event)
            // A newline first even on a terminal: the prompt's line is left as it stands.
            output("\n" + text + "\n\n")
        }
    }
}
