import Foundation
import Synchronization

/// A terminal switched to raw mode (no line editing, no echo, no signals from keys) for
/// single-key input, and put back exactly as it was on every way out: `restore()`, exit
/// (`atexit`), SIGINT/SIGTERM/SIGHUP and a crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
/// SIGTRAP): restored, then the signal handed to the action that was there before (the
/// engine's `Interrupts`, Swift's crash backtracer, or the default), so it ends as before.
///
/// Raw mode is entered only while waiting for a key, so that the compiler's progress, the
/// editor and Ctrl-C during a compile see the terminal as the learner set it.
public enum RawTerminal {
    /// The signals that end `lessons`.
    static let endingSignals = [SIGINT, SIGTERM, SIGHUP]
    /// The signals of a crash.
    static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Switches `fd` to raw mode, once the handlers that undo it are in place; false when
    /// `fd` is not a terminal. Output keeps its newline translation (`OPOST`), so text
    /// written meanwhile reads as usual.
    @discardableResult
    public static func enter(fd: Int32 = STDIN_FILENO) -> Bool {
        var original = termios()
        guard isatty(fd) == 1, tcgetattr(fd, &original) == 0 else { return false }
        installHandlersOnce()
        // Kept before raw mode is set, so that a signal arriving in between restores it.
        savedState.pointee = original
        savedFD.store(fd, ordering: .sequentiallyConsistent)
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        // Wait for one byte, with no timer: `KeyInput` polls for its own timeout.
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        return tcsetattr(fd, TCSANOW, &raw) == 0
    }

    /// Puts the terminal back as `enter` found it; does nothing when it is not raw.
    /// Async-signal-safe: an atomic exchange and `tcsetattr`.
    public static func restore() {
        let fd = savedFD.exchange(-1, ordering: .sequentiallyConsistent)
        guard fd >= 0 else { return }
        _ = tcsetattr(fd, TCSANOW, savedState)
    }

    /// Whether the terminal is raw now.
    public static var isRaw: Bool { savedFD.load(ordering: .sequentiallyConsistent) >= 0 }

    private static func installHandlersOnce() {
        guard !handlersInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        atexit { RawTerminal.restore() }
        // A parent may start us with signals blocked (a test runner's worker thread does);
        // a blocked SIGABRT or SIGTERM would wait forever, with the terminal raw.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in endingSignals + crashSignals { sigaddset(&unblocked, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for signalNumber in endingSignals + crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                RawTerminal.restore()
                // The action that was there before ours (the engine's `Interrupts`, Swift's
                // backtracer, or the default) takes the signal once this handler returns:
                // the signal is blocked while its handler runs.
                sigaction(received, previousActions + Int(received), nil)
                raise(received)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signalNumber, &action, previousActions + Int(signalNumber))
        }
    }
}

/// The terminal state to put back; a fixed allocation, since a signal handler can capture
/// nothing and must not allocate.
nonisolated(unsafe) private let savedState: UnsafeMutablePointer<termios> = {
    let pointer = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    pointer.initialize(to: termios())
    return pointer
}()
/// The raw terminal's descriptor, or -1 when none is raw.
private let savedFD = Atomic<Int32>(-1)
private let handlersInstalled = Atomic<Bool>(false)
/// The actions found before ours, by signal number, put back when their signal arrives.
nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    pointer.initialize(repeating: sigaction(), count: 65)
    return pointer
}()
