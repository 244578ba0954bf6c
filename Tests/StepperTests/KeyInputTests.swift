import CLIHarness
import Foundation
import Stepper
import Testing

/// Keys, lines and saves becoming events, in this process: `KeyInput` on a pipe and on a
/// pseudo-terminal, `RawTerminal` switching a terminal and putting it back, `FileWatch`.
@Suite(.serialized) struct KeyInputTests {
    @Test func keysBecomeEvents() {
        #expect(StepEvent(key: 0x0D) == .advance)  // Enter in raw mode
        #expect(StepEvent(key: UInt8(ascii: "n")) == .advance)
        #expect(StepEvent(key: UInt8(ascii: " ")) == .advance)
        #expect(StepEvent(key: UInt8(ascii: "p")) == .previous)
        #expect(StepEvent(key: UInt8(ascii: "R")) == .rerun)
        #expect(StepEvent(key: UInt8(ascii: "h")) == .hint)
        #expect(StepEvent(key: UInt8(ascii: "?")) == .help)
        #expect(StepEvent(key: 0x03) == .quit)  // Ctrl-C
        #expect(StepEvent(key: 0x04) == .quit)  // Ctrl-D
        #expect(StepEvent(key: UInt8(ascii: "x")) == .unknown("x"))
        #expect(StepEvent(key: 0x1B) == nil)
        #expect(StepEvent(line: "h") == .hint)
        #expect(StepEvent(line: "help") == .help)
    }

    @Test func linesFromAPipeAndASaveOfTheWatchedFile() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let input = KeyInput(fd: ends[0])
        #expect(!input.singleKeys)
        let file = NSTemporaryDirectory() + "key-input-\(UUID().uuidString).swift"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "0\n".write(toFile: file, atomically: true, encoding: .utf8)
        var watch: FileWatch? = FileWatch(path: file)
        _ = "c\nr".withCString { write(ends[1], $0, 3) }
        #expect(input.next(watching: &watch) == .check)
        // No whole line yet ("r" waits for its newline): the save comes first.
        try "1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let start = Date()
        #expect(input.next(watching: &watch) == .fileSaved)
        #expect(Date().timeIntervalSince(start) < 1)
        _ = "\n".withCString { write(ends[1], $0, 1) }
        #expect(input.next(watching: &watch) == .rerun)
        _ = "q".withCString { write(ends[1], $0, 1) }
        close(ends[1])
        // The end of the input ends the last line, then the input.
        #expect(input.next(watching: &watch) == .quit)
        #expect(input.next(watching: &watch) == nil)
    }

    @Test func aTerminalGivesSingleKeysAndIsRawOnlyWhileWaiting() throws {
        let (master, slave) = try PseudoTerminal.openPair()
        defer { close(master); close(slave) }
        var before = termios()
        tcgetattr(slave, &before)
        let input = KeyInput(fd: slave)
        #expect(input.singleKeys)
        // → (an escape sequence) goes on, ← goes back, F1 is dropped whole, then `x` as typed.
        _ = "\u{1B}[C\u{1B}[D\u{1B}OPx".withCString { write(master, $0, strlen($0)) }
        var watch: FileWatch?
        #expect(input.next(watching: &watch) == .advance)
        #expect(input.next(watching: &watch) == .previous)
        #expect(input.next(watching: &watch) == .unknown("x"))
        var after = termios()
        tcgetattr(slave, &after)
        #expect(after.c_lflag == before.c_lflag && after.c_iflag == before.c_iflag)
        #expect(!RawTerminal.isRaw)

        #expect(RawTerminal.enter(fd: slave))
        var raw = termios()
        tcgetattr(slave, &raw)
        #expect(raw.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0)
        #expect(raw.c_oflag == before.c_oflag)  // output still turns \n into \r\n
        RawTerminal.restore()
        tcgetattr(slave, &after)
        #expect(after.c_lflag == before.c_lflag)
        // Not a terminal: nothing to switch.
        #expect(!RawTerminal.enter(fd: -1))
    }

    @Test func aWatchSeesRewritesAndNewFilesOnlyOnce() throws {
        let file = NSTemporaryDirectory() + "file-watch-\(UUID().uuidString).swift"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var watch = FileWatch(path: file)
        // One look at a time (`changed()` is mutating, which `#expect` cannot call).
        var looks: [Bool] = []
        looks.append(watch.changed())
        try "a".write(toFile: file, atomically: false, encoding: .utf8)
        looks.append(watch.changed())
        looks.append(watch.changed())
        // Same size, written in place within the same second: the nanoseconds tell.
        usleep(20_000)
        try "b".write(toFile: file, atomically: false, encoding: .utf8)
        looks.append(watch.changed())
        // Saved by writing a new file and renaming it (as many editors do).
        try "b".write(toFile: file, atomically: true, encoding: .utf8)
        looks.append(watch.changed())
        #expect(looks == [false, true, false, true, true])
    }
}
