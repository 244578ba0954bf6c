import Foundation
import Stepper

/// What `step` and `watch` share on the terminal: the status line for slow work, and the
/// loop over single keys (a terminal) or lines (a pipe) on stdin.
enum StepTerminal {
    /// The session's services, with "running…" shown on stderr's line while a compile runs
    /// when stderr is a terminal (elsewhere nothing, so transcripts stay the same).
    static func services(_ session: LearnerSession, noCache: Bool) -> StepServices {
        var services = session.services(noCache: noCache)
        if isatty(STDERR_FILENO) == 1 {
            services.announce = { text in
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text.isEmpty ? "" : "· " + text)).utf8))
            }
        }
        return services
    }

    /// Runs `session` on stdin to its end, writing to stdout.
    static func run(_ session: some StepDriven, input: KeyInput) {
        StepLoop.run(session, input: input) { text in FileHandle.standardOutput.write(Data(text.utf8)) }
    }
}
