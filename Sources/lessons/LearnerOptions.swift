import ArgumentParser
import Foundation

/// `--learner`, shared by `step`, `check`, `hint` and `reset` (`--db` is one of the book options).
struct LearnerOptions: ParsableArguments {
    @Option(help: "Whose workspace and progress to use (default: $LESSONS_LEARNER, else your user name).")
    var learner: String?

    func validate() throws {
        if let learner, learner.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--learner needs a name")
        }
    }

    /// The learner: `--learner`, else `$LESSONS_LEARNER`, else the OS user name (`$USER`,
    /// else the account's name), else `learner`.
    func name(environment: [String: String]) -> String {
        learner ?? Self.defaultName(environment: environment)
    }

    /// The learner when none is named: the one rule `lessons` alone and every learner
    /// command follow.
    static func defaultName(environment: [String: String]) -> String {
        for key in ["LESSONS_LEARNER", "USER"] {
            if let value = environment[key], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        let account = ProcessInfo.processInfo.userName
        return account.isEmpty ? "learner" : account
    }
}
