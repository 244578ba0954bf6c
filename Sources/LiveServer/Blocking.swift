import Foundation

/// Runs async work from a synchronous caller that is not one of Swift concurrency's threads
/// (the CLI's main thread, where `lessons serve`'s build loop runs): the caller waits, the
/// work runs on the concurrency threads. Never call it from those threads: it would hold one
/// while the work may need it.
public enum Blocking {
    /// `body`'s result, once it has finished.
    public static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let result = Box<T?>(nil)
        Task {
            result.set(await body())
            semaphore.signal()
        }
        semaphore.wait()
        // Set before the signal, so present after the wait.
        guard let value = result.get() else { preconditionFailure("Blocking.wait: the task ended without a result") }
        return value
    }
}
