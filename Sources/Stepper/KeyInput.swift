import Foundation

/// Where the stepper's events come from: single keys from a terminal (in raw mode only
/// while waiting, see `RawTerminal`), or lines from a pipe or file; in both, a save of the
/// watched file. One `poll` every 200 ms serves both sources, so a save is seen within
/// 200 ms while a key answers at once.
public final class KeyInput {
    /// How often the watched file is looked at while no key comes, in milliseconds.
    public static let pollMilliseconds: Int32 = 200
    private let fd: Int32
    /// Whether `fd` is a terminal, read key by key.
    public let singleKeys: Bool
    private var pending: [UInt8] = []
    private var ended = false

    /// Events from `fd` (standard input by default).
    public init(fd: Int32 = STDIN_FILENO) {
        self.fd = fd
        singleKeys = isatty(fd) == 1
    }

    /// The next event: a key or line, or `.fileSaved` when `watch` sees its file change;
    /// nil at the end of the input.
    public func next(watching watch: inout FileWatch?) -> StepEvent? {
        if singleKeys { RawTerminal.enter(fd: fd) }
        defer { if singleKeys { RawTerminal.restore() } }
        while true {
            if let event = takeBuffered() { return event }
            if ended { return nil }
            if watch?.changed() == true { return .fileSaved }
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Self.pollMilliseconds)
            if ready < 0 && errno != EINTR { ended = true }
            guard ready > 0 else { continue }
            var bytes = [UInt8](repeating: 0, count: 256)
            let count = read(fd, &bytes, bytes.count)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if count <= 0 { ended = true } else { pending += bytes[..<count] }
        }
    }

    /// The first whole event in the bytes read so far: a key, or a line ended by `\n` (or
    /// by the end of the input).
    private func takeBuffered() -> StepEvent? {
        if singleKeys {
            while !pending.isEmpty {
                let byte = pending.removeFirst()
                if byte == 0x1B {
                    if let event = escape() { return event }
                    continue
                }
                if let event = StepEvent(key: byte) { return event }
            }
            return nil
        }
        if let end = pending.firstIndex(of: 0x0A) {
            let line = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeFirst(end + 1)
            return StepEvent(line: line)
        }
        guard ended, !pending.isEmpty else { return nil }
        defer { pending = [] }
        return StepEvent(line: String(decoding: pending, as: UTF8.self))
    }

    /// An escape sequence whose ESC was just taken: → and ↓ go on, ← and ↑ go back, the
    /// rest (function keys, a lone Esc) is dropped whole rather than read as letters.
    private func escape() -> StepEvent? {
        guard pending.first == UInt8(ascii: "[") || pending.first == UInt8(ascii: "O") else { return nil }
        pending.removeFirst()
        // The sequence ends at its first byte in 0x40…0x7E (ECMA-48's final byte).
        guard let end = pending.firstIndex(where: { (0x40...0x7E).contains($0) }) else {
            pending = []
            return nil
        }
        let final = pending[end]
        pending.removeFirst(end + 1)
        switch final {
        case UInt8(ascii: "C"), UInt8(ascii: "B"): return .advance
        case UInt8(ascii: "D"), UInt8(ascii: "A"): return .previous
        default: return nil
        }
    }
}
