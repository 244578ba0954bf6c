import Foundation
import Synchronization

/// Ctrl-C, SIGTERM and SIGHUP while the engine works in a scratch folder.
///
/// A signal handler may not remove folders, so while a scratch folder exists the handler
/// only records the signal; the runner notices it within 20 ms, stops its child (the
/// supervisor kills the whole tree), the executor removes the scratch folder, and then the
/// engine dies of the same signal, so its parent sees the usual status. Outside a scratch
/// folder the signal ends the engine at once; supervisors kill any child left behind.
public enum Interrupts {
    /// The signals that end `lessons` cleanly.
    public static let handled = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handler; call once, from the executable.
    public static func install() {
        // A parent may start us with these signals blocked (a test runner's worker thread
        // does); then Ctrl-C would wait until the chapter ends. We handle them, so take them.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in handled { sigaddset(&unblocked, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for signalNumber in handled {
            signal(signalNumber) { received in
                if scratchSections.load(ordering: .sequentiallyConsistent) > 0 {
                    pendingSignal.store(received, ordering: .sequentiallyConsistent)
                } else {
                    signal(received, SIG_DFL)
                    raise(received)
                }
            }
        }
    }

    /// The signal received while a scratch folder existed, or `nil`.
    static var pending: Int32? {
        let value = pendingSignal.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    /// Runs `body` with interrupts deferred; afterwards (its `defer`s, such as removing the
    /// scratch folder, having run) the engine dies of a signal that arrived meanwhile.
    static func deferring<T>(_ body: () throws(ExecutionError) -> T) throws(ExecutionError) -> T {
        scratchSections.add(1, ordering: .sequentiallyConsistent)
        defer {
            let (_, open) = scratchSections.subtract(1, ordering: .sequentiallyConsistent)
            if open == 0, let signalNumber = pending { dieOf(signalNumber) }
        }
        return try body()
    }

    /// Ends the process by `signalNumber` with its default action.
    private static func dieOf(_ signalNumber: Int32) -> Never {
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
        exit(128 + signalNumber)  // only if the signal is blocked
    }
}

/// How many scratch sections are open; a plain atomic global because a signal handler can
/// capture nothing.
private let scratchSections = Atomic<Int>(0)
/// The signal that arrived during a scratch section, or 0.
private let pendingSignal = Atomic<Int32>(0)
