/// A fenced code block as the block parser found it, before it is judged to be a cell.
struct FencedCode: Sendable {
    /// The info string (the text after the opening backticks or tildes), trimmed.
    var info: [UInt8]
    /// The 1-based column of the info string's first byte.
    var infoColumn: Int
    /// The opening fence's place.
    var fence: SourceLocation
    /// The code between the fences, each line ending in `\n`.
    var code: String
    /// False when the document ended before a closing fence.
    var closed: Bool

    /// The first word of the info string: the language (`swift` makes a cell).
    var language: String { words(in: info[...], firstColumn: infoColumn).first?.word ?? "" }
}

/// Turns the ```swift fences of a chapter into `Cell`s, checking their options.
struct CellBuilder {
    /// Options that are flags (no `=`).
    private static let flags = ["hidden", "norun", "exercise", "solution", "fails"]
    private static let known = "id=NAME, hidden, norun, exercise, solution, fails, after=ID, timeout=SECONDS, "
        + "cpu=SECONDS, memory=SIZE, output=SIZE, files=N, processes=N, scratch=SIZE"
    /// Options with a value besides `id=`: the limits (see `CellLimits`).
    private static let valued = ["timeout", "cpu", "memory", "output", "files", "processes", "scratch"]

    private(set) var cells: [Cell] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var ids: Set<String> = []

    /// Adds `fence` as the next cell if its language is `swift`; returns the cell.
    mutating func add(_ fence: FencedCode) -> Cell? {
        if !fence.closed {
            diagnostics.append(Diagnostic(fence.fence, "this code fence is never closed; add a closing "
                + "fence line (``` ) after its last line of code"))
        }
        let words = words(in: fence.info[...], firstColumn: fence.infoColumn)
        guard words.first?.word == "swift" else { return nil }
        let (options, explicitID) = parseOptions(words.dropFirst(), fence: fence.fence)
        let index = cells.count
        let id = assignID(explicitID, index: index, fence: fence.fence)
        let cell = Cell(id: id, index: index, options: options, code: fence.code, fence: fence.fence)
        cells.append(cell)
        return cell
    }

    /// The options after `swift`, each problem reported at its column; the `id=` name, if
    /// valid, with its column.
    private mutating func parseOptions(_ words: ArraySlice<(word: String, column: Int)>, fence: SourceLocation)
        -> (CellOptions, (String, Int)?) {
        var options = CellOptions()
        var explicitID: (String, Int)?
        var afterPlace: SourceLocation?
        var given: Set<String> = []
        for (word, column) in words {
            let place = SourceLocation(file: fence.file, line: fence.line, column: column)
            let key = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if given.contains(key) {
                report(place, "cell option '\(key)' is given twice")
                continue
            }
            given.insert(key)
            if Self.set(word, in: &options) {
                // A flag; nothing more to read.
            } else if word.hasPrefix("id=") {
                explicitID = checkedID(String(word.dropFirst(3)), place).map { ($0, column) }
            } else if word.hasPrefix("after=") {
                options.after = checkedAfter(String(word.dropFirst(6)), place)
                afterPlace = place
            } else if let equals = word.firstIndex(of: "="), Self.valued.contains(String(word[..<equals])) {
                setLimit(key, String(word[word.index(after: equals)...]), in: &options, place)
            } else {
                report(place, "unknown cell option '\(word)'\(Self.suggestion(for: word)); "
                    + "known options: \(Self.known)")
            }
            checkConflicts(word, options, place)
        }
        // Checked once every option is read: `after=` may come before `exercise`.
        if let afterPlace, options.after != nil, !(options.exercise || options.fails) {
            report(afterPlace, "'after=' is for 'exercise' and 'fails' cells, which run apart; "
                + "other cells always run after every cell before them")
        }
        return (options, explicitID)
    }

    /// The `after=` id if it names an earlier cell of the chapter, else nil (reported).
    private mutating func checkedAfter(_ name: String, _ place: SourceLocation) -> String? {
        guard ids.contains(name) else {
            let earlier = cells.map(\.id)
            report(place, "after=\(name) must name an earlier cell of this chapter"
                + (earlier.isEmpty ? " (this is the first cell)" : " (earlier cells: \(earlier.joined(separator: ", ")))"))
            return nil
        }
        return name
    }

    /// The cell's id: its `id=` name, else `c<index + 1>`; a clash with an earlier cell's id
    /// is reported (at the `id=` option when there is one).
    private mutating func assignID(_ explicitID: (String, Int)?, index: Int, fence: SourceLocation) -> String {
        var id = "c\(index + 1)"
        if let (name, column) = explicitID {
            id = name
            if ids.contains(name) {
                report(SourceLocation(file: fence.file, line: fence.line, column: column),
                       "duplicate cell id '\(name)'; every cell of a chapter needs its own id")
            }
        } else if ids.contains(id) {
            report(fence, "cell id '\(id)' (the default of cell \(index + 1)) is already taken by an "
                + "id= option; give this cell an id= of its own")
        }
        ids.insert(id)
        return id
    }

    /// Sets the flag named `word`; false when `word` is not a flag.
    private static func set(_ word: String, in options: inout CellOptions) -> Bool {
        switch word {
        case "hidden": options.hidden = true
        case "norun": options.norun = true
        case "exercise": options.exercise = true
        case "solution": options.solution = true
        case "fails": options.fails = true
        default: return false
        }
        return true
    }

    private mutating func checkConflicts(_ word: String, _ options: CellOptions, _ place: SourceLocation) {
        if word == "solution", !(cells.last?.options.exercise ?? false) {
            report(place, "a 'solution' cell must come right after an 'exercise' cell")
        }
        if (word == "solution" && options.exercise) || (word == "exercise" && options.solution) {
            report(place, "a cell cannot be both 'exercise' and 'solution'")
        }
        let mustRun = options.fails || options.exercise || options.solution
        if options.norun, mustRun, word == "norun" || ["fails", "exercise", "solution"].contains(word) {
            report(place, "'norun' cannot be combined with 'fails', 'exercise' or 'solution': those cells must run")
        }
    }

    private mutating func checkedID(_ name: String, _ place: SourceLocation) -> String? {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard !name.isEmpty, allowed else {
            report(place, "cell id '\(name)' must be letters, digits, '-' or '_' (e.g. id=setup)")
            return nil
        }
        return name
    }

    /// Sets the limit option `key` from `text`, or reports what it should look like.
    private mutating func setLimit(_ key: String, _ text: String, in options: inout CellOptions,
                                   _ place: SourceLocation) {
        switch key {
        case "timeout":
            guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
                return report(place, "timeout must be a positive number of seconds (e.g. timeout=30), found '\(text)'")
            }
            options.timeout = seconds
        case "cpu", "files", "processes":
            guard let count = Int(text), count > 0 else {
                let example = key == "cpu" ? "cpu=30" : key == "files" ? "files=256" : "processes=4"
                return report(place, "\(key) must be a positive whole number (e.g. \(example)), found '\(text)'")
            }
            switch key {
            case "cpu": options.limits.cpuSeconds = count
            case "files": options.limits.openFiles = count
            default: options.limits.processes = count
            }
        default:
            guard let bytes = ByteSize.parse(text) else {
                return report(place, "\(key) must be a size such as \(key)=512M (bytes, or K, M, G), found '\(text)'")
            }
            switch key {
            case "memory": options.limits.memoryBytes = bytes
            case "output": options.limits.outputBytes = bytes
            default: options.limits.scratchBytes = bytes
            }
        }
    }

    private mutating func report(_ place: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(place, message))
    }

    /// ` (did you mean 'hidden'?)` for a near miss of a known option, else empty.
    private static func suggestion(for word: String) -> String {
        let key = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
        let candidates = flags + ["id", "after"] + valued
        guard let best = candidates.min(by: { distance($0, key) < distance($1, key) }),
              distance(best, key) <= 2 else { return "" }
        return " (did you mean '\(flags.contains(best) ? best : best + "=")'?)"
    }

    /// Levenshtein distance, for suggestions only.
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
