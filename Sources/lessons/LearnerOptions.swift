import ArgumentParser

/// `--learner`, shared by `step` and `check` (`--db` is one of the book options).
struct LearnerOptions: ParsableArguments {
    @Option(help: "Whose progress to use and save (default: $USER).")
    var learner: String?

    func validate() throws {
        if let learner, learner.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--learner needs a name")
        }
    }
}
