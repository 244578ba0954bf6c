import ArgumentParser
import Foundation
import LessonEngine

/// `lessons list`: the chapters of the book, in order, with their cells and problems.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the book's chapters in order.")

    @OptionGroup var options: BookOptions

    func run() throws {
        let book = try BookSession.load(options.book)
        print(book.title)
        for chapter in book.chapters {
            let number = chapter.number.map { String(format: "%02d", $0) } ?? "--"
            let exercises = chapter.cells.filter(\.options.exercise).count
            var line = "\(number)  \(chapter.id)  \(chapter.title)  (\(chapter.steppedCells.count) cells"
            line += exercises > 0 ? ", \(exercises) exercises)" : ")"
            print(line)
        }
        for diagnostic in book.allDiagnostics {
            FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
        }
    }
}
