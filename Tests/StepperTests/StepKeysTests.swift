import CLIHarness
import Foundation
import Testing

/// `lessons step` and `lessons watch` at a real (pseudo-)terminal: single keys without
/// Enter, the screen they bring, and the terminal's modes put back however `lessons` ends.
@Suite(.serialized) struct StepKeysTests {
    /// No colour, 80 columns, no editor, the database beside the book.
    static let environment: [String: String?] = [
        "NO_COLOR": "1", "COLUMNS": "80", "EDITOR": nil, "VISUAL": nil, "LESSONS_DB": nil,
    ]
    /// How long a compile of the tiny chapter may take on a loaded 2-core machine.
    static let compileSeconds = 180.0

    /// The line-editing, echo and signal flags, and the input flags raw mode clears.
    static func cooked(_ modes: termios) -> [UInt32] {
        [modes.c_lflag & UInt32(ICANON | ECHO | ISIG | IEXTEN), modes.c_iflag & UInt32(IXON | ICRNL), modes.c_oflag]
    }

    /// Whether the stepper is reading keys (raw mode) within 5 s. It is in cooked mode while
    /// it draws or runs, so a key sent then is echoed by the terminal: wait before each key.
    static func waitForRawMode(_ terminal: PseudoTerminal) -> Bool {
        for _ in 0..<500 {
            if terminal.modes().c_lflag & UInt32(ICANON | ECHO) == 0 { return true }
            usleep(10_000)
        }
        return false
    }

    @Test func singleKeysNeedNoEnterAndQPutsTheTerminalBack() throws {
        let folder = try StepCommandTests.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let terminal = try PseudoTerminal.start(["step", "--book", "book", "--learner", "ada"], in: folder,
                                                environment: Self.environment)
        #expect(Self.cooked(terminal.initialModes)[0] == UInt32(ICANON | ECHO | ISIG | IEXTEN))
        #expect(terminal.wait(for: "[Enter run · p previous · q quit] › "), "\(terminal.screen)")
        #expect(Self.waitForRawMode(terminal), "the terminal never went raw")
        var mark = terminal.screen.count
        terminal.send("n")
        #expect(terminal.wait(for: "weights: 18", after: mark, seconds: Self.compileSeconds), "\(terminal.screen)")
        #expect(terminal.wait(for: "[Enter next · p previous · r re-run · q quit] › ", after: mark))
        mark = terminal.screen.count
        #expect(Self.waitForRawMode(terminal), "the stepper never read keys again")
        terminal.send("?")
        #expect(terminal.wait(for: "?           these keys", after: mark), "\(terminal.screen)")
        mark = terminal.screen.count
        #expect(Self.waitForRawMode(terminal), "the stepper never read keys again")
        terminal.send("n")
        #expect(terminal.wait(for: "▌ Cell 2/3 · c2", after: mark))
        mark = terminal.screen.count
        #expect(Self.waitForRawMode(terminal), "the stepper never read keys again")
        terminal.send("p")
        #expect(terminal.wait(for: "▌ Cell 1/3 · c1", after: mark))
        mark = terminal.screen.count
        #expect(Self.waitForRawMode(terminal), "the stepper never read keys again")
        terminal.send("q")
        #expect(terminal.wait(for: "progress saved for ada", after: mark), "\(terminal.screen)")
        let end = try #require(terminal.finish())
        #expect(end.status == 0 && !end.signalled)
        #expect(Self.cooked(terminal.modes()) == Self.cooked(terminal.initialModes))
        // No key was echoed as a line: raw mode kept `n`, `?` and `p` off the screen.
        #expect(!terminal.screen.contains("\n?\r") && !terminal.screen.contains("› n"))
    }

    @Test func ctrlCAsAKeyQuitsAndSIGINTRestoresTheTerminal() throws {
        let folder = try StepCommandTests.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Ctrl-C typed in raw mode arrives as the byte 3: a quit, with the goodbye.
        let typed = try PseudoTerminal.start(["step", "--book", "book", "--learner", "ada"], in: folder,
                                             environment: Self.environment)
        #expect(typed.wait(for: " › ") && Self.waitForRawMode(typed))
        typed.send("\u{03}")
        #expect(typed.wait(for: "progress saved for ada"), "\(typed.screen)")
        let quit = try #require(typed.finish())
        #expect(quit.status == 0)
        #expect(Self.cooked(typed.modes()) == Self.cooked(typed.initialModes))

        // SIGINT from outside (a `kill`, or Ctrl-C while the terminal is not raw): the
        // handler puts the terminal back before `lessons` dies of the signal.
        let killed = try PseudoTerminal.start(["step", "--book", "book", "--learner", "bob"], in: folder,
                                              environment: Self.environment)
        #expect(killed.wait(for: " › ") && Self.waitForRawMode(killed))
        killed.signal(SIGINT)
        let end = try #require(killed.finish())
        #expect(end.signalled && end.status == SIGINT, "\(end)")
        #expect(Self.cooked(killed.modes()) == Self.cooked(killed.initialModes))

        // SIGTERM too.
        let terminated = try PseudoTerminal.start(["step", "--book", "book", "--learner", "cy"], in: folder,
                                                  environment: Self.environment)
        #expect(terminated.wait(for: " › ") && Self.waitForRawMode(terminated))
        terminated.signal(SIGTERM)
        let gone = try #require(terminated.finish())
        #expect(gone.signalled && gone.status == SIGTERM)
        #expect(Self.cooked(terminated.modes()) == Self.cooked(terminated.initialModes))
    }

    @Test func aCrashPutsTheTerminalBackBeforeTheCrashIsReported() throws {
        let folder = try StepCommandTests.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // SIGSEGV and SIGABRT as a crash raises them: restored, then the default (or Swift's
        // backtracer) ends the process by that signal.
        for crash in [SIGSEGV, SIGABRT] {
            let terminal = try PseudoTerminal.start(["step", "--book", "book", "--learner", "ada"], in: folder,
                                                    environment: Self.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 })
            #expect(terminal.wait(for: " › ") && Self.waitForRawMode(terminal))
            terminal.signal(crash)
            let end = try #require(terminal.finish())
            #expect(end.signalled && end.status == crash, "\(crash): \(end)")
            #expect(Self.cooked(terminal.modes()) == Self.cooked(terminal.initialModes), "after signal \(crash)")
        }
    }

    /// The tiny chapter's exercise solved, its claim kept (the check holds the learner to it).
    static let solution = """
        func weights(kernel: Int, from: Int, to: Int) -> Int {
            kernel * kernel * from * to
        }
        claim("a 5×5 kernel, 2 → 4 channels, has 200 weights", Double(weights(kernel: 5, from: 2, to: 4)), equals: 200, within: 0)

        """

    /// The learner's file named on the screen (`Your turn: edit FILE`).
    static func exerciseFile(on screen: String) throws -> String {
        let line = try #require(screen.split(whereSeparator: \.isNewline).last { $0.contains("Your turn: edit ") })
        return String(line[line.range(of: "Your turn: edit ")!.upperBound...]).trimmingCharacters(in: .whitespaces)
    }

    @Test func watchChecksEachSaveAndEndsWithASummaryOncePassed() throws {
        let folder = try StepCommandTests.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let terminal = try PseudoTerminal.start(["watch", "--book", "book", "--learner", "ada"], in: folder,
                                                environment: Self.environment)
        #expect(terminal.wait(for: "[save the file to check"), "\(terminal.screen)")
        #expect(terminal.screen.contains("0 of 1 exercise passed so far"))
        #expect(terminal.screen.contains("(tiny/c3)"))
        let file = try Self.exerciseFile(on: terminal.screen)
        #expect(file.hasSuffix("c3.swift") && FileManager.default.fileExists(atPath: file), "\(file)")
        #expect(Self.waitForRawMode(terminal))

        var mark = terminal.screen.count
        terminal.send("h")
        #expect(terminal.wait(for: "It passes when this claim holds:", after: mark), "\(terminal.screen)")

        // A save with a mistake: checked without a key, the error at the learner's line.
        mark = terminal.screen.count
        try "func weights(kernel: Int, from: Int, to: Int) -> Int {\n    kernel * undefinedName\n}\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(terminal.wait(for: "✗ not yet", after: mark, seconds: Self.compileSeconds), "\(terminal.screen)")
        #expect(terminal.screen.dropFirst(mark).contains("· saved; checking"))
        #expect(terminal.screen.dropFirst(mark).contains("\(file):2:14: error: cannot find 'undefinedName' in scope"))

        // It compiles, but the claim does not hold: still not passed.
        mark = terminal.screen.count
        try Self.solution.replacingOccurrences(of: "kernel * kernel * from * to", with: "kernel * from * to")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(terminal.wait(for: "✗ not yet", after: mark, seconds: Self.compileSeconds), "\(terminal.screen)")
        #expect(terminal.screen.dropFirst(mark).contains("✗ a 5×5 kernel, 2 → 4 channels, has 200 weights (measured 40"))

        // The fix: passed, and with no exercise left, the summary and the end.
        mark = terminal.screen.count
        try Self.solution
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(terminal.wait(for: "✓ exercise c3 passed", after: mark, seconds: Self.compileSeconds), "\(terminal.screen)")
        #expect(terminal.wait(for: "Exercises passed: 1 of 1", after: mark))
        let end = try #require(terminal.finish())
        #expect(end.status == 0, "\(terminal.screen)")
        #expect(Self.cooked(terminal.modes()) == Self.cooked(terminal.initialModes))

        // The pass is the learner's progress: a second watch has nothing left to do.
        let again = try StepCommandTests.lessons(["watch", "--book", "book", "--learner", "ada"], in: folder)
        #expect(again.status == 0 && again.stdout.contains("1 of 1 exercise passed so far"), "\(again.stdout)")
        #expect(again.stdout.contains("Every exercise passed."))
    }

    @Test func watchWithNothingToWatchExitsTwoSayingWhy() throws {
        let folder = try StepCommandTests.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/plain", withIntermediateDirectories: true)
        try "# Only code\n\n```swift\nprint(1)\n```\n".write(toFile: folder + "/plain/01-plain.md", atomically: true, encoding: .utf8)
        let none = try StepCommandTests.lessons(["watch", "--book", "plain"], in: folder)
        #expect(none.status == 2 && none.stderr.contains("the book at plain has no exercise cells to watch"), "\(none.stderr)")
        let missing = try StepCommandTests.lessons(["watch", "--book", "missing"], in: folder)
        #expect(missing.status == 2 && missing.stderr.contains("no file or folder at 'missing'"))
        // Piped input that ends at once: the exercise is shown, the summary closes, exit 1 (open).
        let piped = try StepCommandTests.lessons(["watch", "--book", "book", "--learner", "ada"], in: folder)
        #expect(piped.status == 1 && piped.stdout.contains("Exercises passed: 0 of 1"), "\(piped.stdout)")
        #expect(piped.stdout.contains("· tiny: 0 of 1 (open: c3)"))
    }

    @Test func savingTheExerciseFileInStepChecksIt() throws {
        let folder = try StepCommandTests.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let terminal = try PseudoTerminal.start(["step", "--book", "book", "--learner", "ada"], in: folder,
                                                environment: Self.environment)
        #expect(terminal.wait(for: " › "))
        // n n: run c1 (a compile) and go on; n: c2 from the kept run; n: on to the exercise.
        for (key, shown) in [("n", "weights: 18"), ("n", "▌ Cell 2/3"), ("n", "Weights against kernel size"), ("n", "Your turn: edit ")] {
            let mark = terminal.screen.count
            terminal.send(key)
            #expect(terminal.wait(for: shown, after: mark, seconds: Self.compileSeconds), "\(key) → \(shown): \(terminal.screen)")
        }
        let file = try Self.exerciseFile(on: terminal.screen)
        #expect(terminal.wait(for: "h hint · p previous · q quit] › "))
        let mark = terminal.screen.count
        try Self.solution
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(terminal.wait(for: "✓ exercise c3 passed", after: mark, seconds: Self.compileSeconds), "\(terminal.screen)")
        terminal.send("q")
        let end = try #require(terminal.finish())
        #expect(end.status == 0)
        #expect(terminal.screen.contains("1 of 1 exercises passed"))
    }
}
