import ArgumentParser

/// Options every command that reads the book accepts.
struct BookOptions: ParsableArguments {
    @Option(name: .long, help: "The book folder: NN-slug.md chapters and an optional index.md.")
    var book = "Lessons"

    @Option(name: .long, help: "The SQLite store (default: $LESSONS_DB, else .lessons/lessons.sqlite beside the book).")
    var db: String?

    @Flag(name: .customLong("no-cache"), help: "Run every chapter even if a stored run has the same cache key.")
    var noCache = false
}
