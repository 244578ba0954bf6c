/// A place in a chapter that the compiler took long to type-check (`swiftc`'s
/// `-warn-long-expression-type-checking` and `-warn-long-function-bodies`), reported with
/// `lessons run --timings` so that an author sees why a chapter compiles slowly: one
/// expression of chapter 7 took 217 ms of its ~0.9 s compile, and every edit pays it again.
public struct SlowTypeCheck: Codable, Sendable, Hashable {
    /// The chapter's markdown file, as the user named it.
    public var file: String
    /// The 1-based markdown line of the expression or function.
    public var line: Int
    /// How long its type-checking took.
    public var milliseconds: Int
    /// `an expression`, or the function the compiler names (`global function 'perRow'`).
    public var what: String

    /// A place given in full.
    public init(file: String, line: Int, milliseconds: Int, what: String) {
        (self.file, self.line, self.milliseconds, self.what) = (file, line, milliseconds, what)
    }

    /// Only these are reported (the compiler's threshold, in milliseconds).
    public static let thresholdMilliseconds = 100

    /// Adds `found` to `list`, one entry per place (the longest time), longest first: a
    /// context cell compiled again in an apart program is the same place.
    static func merge(_ found: [SlowTypeCheck], into list: inout [SlowTypeCheck]) {
        for check in found {
            if let index = list.firstIndex(where: { $0.file == check.file && $0.line == check.line }) {
                list[index].milliseconds = max(list[index].milliseconds, check.milliseconds)
            } else {
                list.append(check)
            }
        }
        list.sort { ($0.milliseconds, $1.line) > ($1.milliseconds, $0.line) }
    }
}
