/// Everything that can happen in `lessons step` and `lessons watch`: one enum, handled by
/// one loop (`StepLoop`), as in rustlings' watch mode.
public enum StepEvent: Equatable, Sendable {
    /// Enter or `n`: run the cell and show its outputs, or when they are shown, go on.
    case advance
    /// `p`: back to the previous cell.
    case previous
    /// `r`: run this cell again (with the cells before it, not those after) and show its outputs.
    case rerun
    /// `e`: open the exercise file in `$EDITOR`.
    case edit
    /// `c`: check the learner's exercise code.
    case check
    /// `h`: a hint for the exercise.
    case hint
    /// `?`: list the keys.
    case help
    /// `q`, Ctrl-C or Ctrl-D at a key prompt, or the end of the input.
    case quit
    /// The watched exercise file was saved.
    case fileSaved
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
        case "r", "rerun", "run": self = .rerun
        case "e", "edit": self = .edit
        case "c", "check": self = .check
        case "h", "hint": self = .hint
        case "?", "help": self = .help
        case "q", "quit", "exit": self = .quit
        default: self = .unknown(String(text))
        }
    }

    /// The event one key of a raw terminal stands for (Enter is `\r` there), or nil for a
    /// byte that means nothing on its own (a control byte, or part of an escape sequence).
    public init?(key: UInt8) {
        switch key {
        case 0x03, 0x04: self = .quit  // Ctrl-C and Ctrl-D arrive as bytes in raw mode
        case 0x0D, 0x0A: self = .advance
        case 0x20...0x7E:
            let typed = String(UnicodeScalar(key))
            self = typed == " " ? .advance : StepEvent(line: typed)
        default: return nil
        }
    }
}
