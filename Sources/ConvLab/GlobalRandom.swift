import Foundation

/// The process-wide generator behind layers built without an explicit generator, like
/// PyTorch's default generator: `manualSeed(42)` makes every later initialisation repeat.
///
/// A lock rather than `Synchronization.Mutex` because `Mutex` needs macOS 15 while the
/// package supports macOS 14; the lock is held only while drawing, never while calling out.
final class GlobalGenerator: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`; `@unchecked Sendable` is sound because every access goes through it.
    private var generator = SeededGenerator(seed: GlobalGenerator.defaultSeed)

    /// The seed used until `manualSeed` is called, so an unseeded program is repeatable too.
    static let defaultSeed: UInt64 = 0x5EED

    static let shared = GlobalGenerator()

    func reseed(_ seed: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        generator = SeededGenerator(seed: seed)
    }

    /// Runs `body` with exclusive use of the generator. `body` must not touch the global
    /// generator itself (the lock is not re-entrant).
    func withGenerator<T>(_ body: (inout SeededGenerator) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&generator)
    }
}

/// Seeds the process-wide generator that initialises weights and dropout masks when no
/// explicit generator is given (PyTorch's `torch.manual_seed`). Call as `manualSeed(42)` or
/// `ConvLab.manualSeed(42)`; the same seed and the same program give the same weights.
public func manualSeed(_ seed: UInt64) {
    GlobalGenerator.shared.reseed(seed)
}

/// Runs `body` with the process-wide generator, for code that draws several values in a row
/// (the generator is locked meanwhile, so `body` must not build layers without a generator).
public func withGlobalGenerator<T>(_ body: (inout SeededGenerator) -> T) -> T {
    GlobalGenerator.shared.withGenerator(body)
}
