/// A compiler error found in `swiftc`'s output, attached to the cell it belongs to.
struct CompileFailure: Sendable, Hashable {
    /// The cell the error is in.
    var cell: Cell
    /// The error at its markdown place, with the compiler's message.
    var error: CellError
}

/// Reads `swiftc -diagnostic-style=llvm` output: `file:line:column: error: message` lines.
enum CompilerDiagnostics {
    /// The errors of `output`, each mapped to a cell of `program`, in the compiler's order.
    ///
    /// Errors in the markdown file map by line; errors in the generated glue (an unbalanced
    /// brace in a cell shifts them there) map to the cell around that generated line, at its
    /// fence. Errors with no place (a failed link) are returned with `cell == nil`.
    static func failures(
        in output: String, program: ChapterProgram, file: String, generatedPath: String
    ) -> (placed: [CompileFailure], unplaced: [String]) {
        var placed: [CompileFailure] = []
        var unplaced: [String] = []
        for line in output.split(separator: "\n").map(String.init) {
            guard let parsed = parse(line) else {
                if line.hasPrefix("error: ") || line.contains(": error: ") { unplaced.append(line) }
                continue
            }
            if parsed.file == file, let cell = program.cell(atMarkdownLine: parsed.line) {
                let error = CellError(file: file, line: parsed.line, column: parsed.column,
                                      message: parsed.message)
                placed.append(CompileFailure(cell: cell, error: error))
            } else if parsed.file.hasSuffix(generatedPath) || parsed.file == file,
                      let cell = program.cell(atGeneratedLine: parsed.line) {
                let error = CellError(file: file, line: cell.fence.line, column: 1,
                                      message: parsed.message
                                          + " (in the code around this cell; check its braces and quotes)")
                placed.append(CompileFailure(cell: cell, error: error))
            } else {
                unplaced.append(line)
            }
        }
        return (placed, unplaced)
    }

    /// `(file, line, column, message)` of an `error:` line, or `nil`.
    static func parse(_ line: String) -> (file: String, line: Int, column: Int, message: String)? {
        guard let marker = line.range(of: ": error: ") else { return nil }
        let place = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
        guard place.count >= 3, let row = Int(place[place.count - 2]), let column = Int(place[place.count - 1])
        else { return nil }
        let file = place.dropLast(2).joined(separator: ":")
        return (file, row, column, String(line[marker.upperBound...]))
    }

    /// The places of `file` the compiler warned it took long to type-check:
    /// `file:line:col: warning: expression took 217ms to type-check (limit: 100ms)` and
    /// `… warning: global function 'perRow' took 130ms to type-check (limit: 100ms)`.
    static func slowTypeChecks(in output: String, file: String) -> [SlowTypeCheck] {
        var found: [SlowTypeCheck] = []
        for line in output.split(separator: "\n") {
            guard let marker = line.range(of: ": warning: "), line.hasSuffix("ms)"),
                  let took = line.range(of: " took ", range: marker.upperBound..<line.endIndex),
                  line[took.upperBound...].contains("to type-check") else { continue }
            let place = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard place.count >= 3, let row = Int(place[place.count - 2]),
                  place.dropLast(2).joined(separator: ":") == file,
                  let ms = Int(line[took.upperBound...].prefix(while: \.isNumber)) else { continue }
            let subject = line[marker.upperBound..<took.lowerBound]
            let what = subject == "expression" ? "an expression" : String(subject)
            SlowTypeCheck.merge([SlowTypeCheck(file: file, line: row, milliseconds: ms, what: what)], into: &found)
        }
        return found
    }
}
