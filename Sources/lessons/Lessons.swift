import ArgumentParser
import Foundation
import LessonEngine

/// `lessons`: runs a book of markdown lessons whose Swift cells are compiled and run.
@main
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Run a book of markdown lessons whose ```swift cells are compiled against ConvLab.",
        discussion: "Exit status: 0 all good, 1 something in the book failed, 2 bad usage or unreadable input.",
        subcommands: [ListCommand.self, RunCommand.self, VerifyCommand.self, HistoryCommand.self,
                      StepCommand.self, CheckCommand.self, HintCommand.self, ResetCommand.self, BuildCommand.self, ProgressCommand.self, NewCommand.self, ExportCommand.self,
                      MergeCommand.self])

    /// Parses and runs, mapping every outcome to the documented exit codes: ArgumentParser's
    /// own usage errors (status 64) and unreadable input become 2; `BookFailed` becomes 1.
    static func main() {
        ProcessRunner.installInterruptHandler()
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            // Bare `lessons`: where the learner is and what to do next, not the usage text.
            if arguments.isEmpty {
                return print(try Orientation.load(environment: ProcessInfo.processInfo.environment).text, terminator: "")
            }
            try CommandNames.check(arguments[0], known: configuration.subcommands.map { $0._commandName })
            var command = try parseAsRoot()
            if DryRun.requested { return try DryRun.perform(command) }
            try command.run()
        } catch let failed as BookFailed {
            _ = failed
            Foundation.exit(1)
        } catch let input as InputError {
            FileHandle.standardError.write(Data("lessons: error: \(input.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version: printed by ArgumentParser
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Something in the book failed; the report was already printed. Exit status 1.
struct BookFailed: Error {}

/// The user's input cannot be used (no such book or chapter, unreadable file, no compiler).
/// Exit status 2, with a message saying what to do.
struct InputError: Error, CustomStringConvertible {
    /// The message, without the `lessons: error:` prefix.
    var message: String
    var description: String { message }

    /// `body`'s value, with any error it throws (the store's, the engine's, the loader's)
    /// turned into an `InputError` carrying that error's own message: every such error is
    /// the user's input that cannot be used, so every command reports it the same way.
    static func wrap<T, Failure: Error & CustomStringConvertible>(
        _ body: () throws(Failure) -> T
    ) throws(InputError) -> T {
        do {
            return try body()
        } catch {
            throw InputError(message: error.description)
        }
    }
}
