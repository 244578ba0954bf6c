import ArgumentParser
import Foundation
import LessonEngine

/// `lessons new TITLE [--book DIR]`: writes the next numbered chapter, a draft that already
/// passes `lessons verify`, and prints its path.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write the next numbered chapter (NN-slug.md) as a draft that passes `lessons verify`.",
        discussion: "Exit status: 0 written, 2 the title gives an empty or existing file name, or the book cannot be read.")

    @Argument(help: "The chapter's title; the file name's slug is made from it.")
    var title: String

    @Option(name: .long, help: "The book folder.")
    var book = "Lessons"

    func run() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: book, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError(message: "no book folder at \(book): create it first, or name another with --book DIR")
        }
        let loaded: Book
        do {
            loaded = try BookLoader().load(path: book)
        } catch {
            throw InputError(message: error.description)
        }
        let scaffold: ChapterScaffold
        do {
            scaffold = try ChapterScaffold(title: title, book: loaded)
        } catch {
            throw InputError(message: error.description)
        }
        let path = URL(fileURLWithPath: book).appendingPathComponent(scaffold.fileName).path
        // The number is one past the book's highest, but a file the loader skipped (a name
        // it does not read as a chapter) could still be there: never overwrite.
        guard !FileManager.default.fileExists(atPath: path) else {
            throw InputError(message: "\(path) already exists; choose another title or edit that chapter")
        }
        do {
            try Data(scaffold.markdown.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw InputError(message: "cannot write \(path): \(error.localizedDescription)")
        }
        print(path)
    }
}
