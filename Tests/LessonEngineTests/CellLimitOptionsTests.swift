import Testing
@testable import LessonEngine

/// The limit options of a cell's info string, their diagnostics, and how they resolve
/// against the defaults and the program's ceilings.
@Suite struct CellLimitOptionsTests {
    private func cell(_ info: String) -> (Cell?, [Diagnostic]) {
        let chapter = ChapterParser.parse("# T\n\n```swift \(info)\nprint(1)\n```\n", file: "t.md")
        return (chapter.cells.first, chapter.diagnostics)
    }

    @Test func everyLimitIsReadFromTheInfoString() throws {
        let (parsed, diagnostics) = cell("cpu=5 memory=512M output=64K files=200 processes=4 scratch=2G timeout=1.5")
        #expect(diagnostics.isEmpty)
        let limits = try #require(parsed).options.limits
        #expect(limits.cpuSeconds == 5)
        #expect(limits.memoryBytes == 512 << 20)
        #expect(limits.outputBytes == 64 << 10)
        #expect(limits.openFiles == 200)
        #expect(limits.processes == 4)
        #expect(limits.scratchBytes == 2 << 30)
        #expect(parsed?.options.timeout == 1.5)
    }

    @Test func badValuesAreReportedAtTheirColumn() {
        let (_, diagnostics) = cell("memory=lots files=0 cpu=1.5 proceses=3")
        #expect(diagnostics.map(\.location.column) == [10, 22, 30, 38])
        #expect(diagnostics.map(\.message) == [
            "memory must be a size such as memory=512M (bytes, or K, M, G), found 'lots'",
            "files must be a positive whole number (e.g. files=256), found '0'",
            "cpu must be a positive whole number (e.g. cpu=30), found '1.5'",
            "unknown cell option 'proceses=3' (did you mean 'processes='?); known options: id=NAME, hidden, "
                + "norun, exercise, solution, fails, after=ID, timeout=SECONDS, cpu=SECONDS, memory=SIZE, output=SIZE, "
                + "files=N, processes=N, scratch=SIZE",
        ])
    }

    @Test func sizesParseAndPrintInBinaryUnits() {
        #expect(ByteSize.parse("100") == 100)
        #expect(ByteSize.parse("4k") == 4096)
        #expect(ByteSize.parse("3MiB") == 3 << 20)
        #expect(ByteSize.parse("2GB") == 2 << 30)
        #expect(ByteSize.parse("512B") == 512)
        #expect(ByteSize.parse("B") == nil)
        #expect(ByteSize.parse("-1M") == nil)
        #expect(ByteSize.parse("99999999999T") == nil)
        #expect(ByteSize.describe(64 << 20) == "64 MiB")
        #expect(ByteSize.describe(3 << 29) == "1.5 GiB")
        #expect(ByteSize.describe(1) == "1 byte")
        #expect(ByteSize.describe(1000) == "1000 bytes")
    }

    @Test func aCellsOwnLimitsGoOverTheDefaultsUnderTheCeilings() throws {
        let (parsed, _) = cell("memory=64G cpu=5 timeout=3")
        let limits = ExecutionOptions().limits(of: try #require(parsed))
        #expect(limits.memoryBytes == 16 << 30)  // the program's address-space ceiling
        #expect(limits.cpuSeconds == 5)
        #expect(limits.wallSeconds == 3)
        #expect(limits.openFiles == CellLimits.defaults.openFiles)
        #expect(limits.processes == CellLimits.defaults.processes)
    }
}
