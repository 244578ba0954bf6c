import ArgumentParser

/// Options every command that reads the book accepts.
struct BookOptions: ParsableArguments {
    @Option(name: .long, help: "The book folder: NN-slug.md chapters and an optional index.md.")
    var book = "Lessons"

    @Flag(name: .customLong("no-cache"), help: "Run every chapter even if a stored run has the same cache key.")
    var noCache = false

    @Option(name: .long, help: "The results database (default: .lessons/lessons.sqlite beside the book, or $LESSONS_DB).")
    var db: String?
}
