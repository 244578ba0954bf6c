import ArgumentParser

/// Where the book and its results database are: what every command that reads the book
/// needs, whether or not it runs chapters.
protocol BookPlace {
    /// The book folder.
    var book: String { get }
    /// The results database named with `--db`, if any.
    var db: String? { get }
}

/// Options of the commands that run chapters (`run`, `verify`, `build`, `step`, `check`,
/// `export`): the book and the database as for every command, and `--no-cache`.
struct BookOptions: ParsableArguments, BookPlace {
    @OptionGroup var place: ReadingOptions

    @Flag(name: .customLong("no-cache"), help: "Run every chapter even if a stored run has the same cache key.")
    var noCache = false

    /// The book folder (`--book`).
    var book: String { place.book }
    /// The results database (`--db`), if named.
    var db: String? { place.db }
}

/// Options of the commands that only read the book and the store (`list`, `progress`,
/// `history`): no `--no-cache`, which would mean nothing there, so it is not offered.
struct ReadingOptions: ParsableArguments, BookPlace {
    @Option(name: .long, help: "The book folder: NN-slug.md chapters and an optional index.md.")
    var book = "Lessons"

    @Option(name: .long, help: "The results database (default: .lessons/lessons.sqlite beside the book, or $LESSONS_DB).")
    var db: String?
}
