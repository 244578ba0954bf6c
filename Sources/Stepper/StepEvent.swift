/// Everything that can happen in `lessons step`: one enum, handled by one loop
/// (`StepSession.handle`), as in rustlings' watch mode.
public enum StepEvent: Equatable, Sendable {
    /// Enter or `n`: run the cell and show its outputs, or when they are shown, go on.
    case advance
    /// `p`: back to the previous cell.
    case previous
    /// `r`: run the chapter again (not from the cache) and show this cell's outputs.
    case rerun
    /// `e`: open the exercise file in `$EDITOR`.
    case edit
    /// `c`: check the learner's exercise code.
    case check
    /// `h` or `?`: list the keys.
    case help
    /// `q`, or the end of the input.
    case quit
    /// Anything else, as typed.
    case unknown(String)

    /// The event a typed line stands for; surrounding spaces and case do not matter.
    public init(line: String) {
        var text = Substring(line)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        switch text.lowercased() {
        case "", "n", "next": self = .advance
        case "p", "prev", "previous": self = .previous
        case "r", "rerun": self = .rerun
        case "e", "edit": self = .edit
        case "c", "check": self = .check
        case "h", "?", "help": self = .help
        case "q", "quit", "exit": self = .quit
        default: self = .unknown(String(text))
        }
    }
}
