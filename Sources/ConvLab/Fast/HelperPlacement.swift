/// Where the pool's helper threads may run: on any core the process may use; or — while
/// another process keeps a core busy — off the core the caller of the loop runs on, and onto
/// it once the caller has run out of items and waits for them.
///
/// Why off the caller's core. With one of two cores kept busy by another process, the
/// kernel woke the sleeping helper on the caller's core (its wake-up balancing reads the core
/// that sleeps between loops as the lighter one): both threads then shared one core while
/// the other process had the other to itself, and two threads were as fast as one. Sampled
/// from /proc, the two threads sat on the same core most of the time.
///
/// Why onto it at the end. Off the caller's core, a helper shares the other core with the
/// busy process, and is often off the core, in the middle of an item, when the caller's
/// queue runs dry; the caller's core then idles until the other process's time slice ends,
/// since the kernel may not move a helper kept off it. Moved onto the caller's core, which
/// its caller is leaving to sleep, the helper finishes at once.
///
/// Measured with one core kept busy by a spinning process, conv-bench `--profile forward`
/// on two threads, medians of three interleaved runs each (one thread in brackets):
/// 64→64 on 56×56 2.09 ms with the kernel's placement, 1.81 off the caller's core, 1.21 with
/// the move at the end (2.06); eight such images 16.99, 15.49, 11.95 (16.91); the stem 2.13,
/// 1.73, 1.19 (2.13); the two 3×3 2.81, 2.37, 2.20 (2.79); the depthwise 3×3 1.01, 0.53, 0.53
/// (0.95). Only the helpers are placed (the caller's thread belongs to the program), and only
/// while `SpinPolicy` sees the process preempted often: on a quiet machine the kernel
/// already spreads them, and the masks are asked for only when they change.
struct HelperPlacement: Equatable {
    /// Where the helpers may run.
    enum Cores: Equatable {
        /// Any core the process may use.
        case anywhere
        /// Any of them but this one (the caller's).
        case awayFrom(Int)
        /// This one only (the caller's, while it waits for them).
        case onto(Int)
    }

    /// The cores the process may use: the helpers' mask while they may run anywhere.
    let allowed: Set<Int>
    /// Where the helpers may run now.
    private(set) var cores = Cores.anywhere

    /// Placement for a process that may use `allowed`, helpers free to run anywhere.
    init(allowed: Set<Int>) {
        self.allowed = allowed
    }

    /// The helpers' mask now.
    var mask: Set<Int> {
        switch cores {
        case .anywhere: allowed
        case .awayFrom(let cpu): allowed.subtracting([cpu])
        case .onto(let cpu): [cpu]
        }
    }

    /// As a loop opens, its caller on `callerCPU` (nil: unknown): keeps the helpers off that
    /// core if `keepAway`, else lets them run anywhere. Returns the helpers' new mask if it
    /// changed, nil if they keep the one they have. Helpers stay free when the caller's core
    /// is unknown or is the only one the process may use.
    mutating func opening(callerCPU: Int?, keepAway: Bool) -> Set<Int>? {
        var target = Cores.anywhere
        if keepAway, let cpu = placeable(callerCPU) { target = .awayFrom(cpu) }
        return move(to: target)
    }

    /// As the caller on `callerCPU` waits for helpers still inside its loop: moves them onto
    /// that core if they were kept off one. Returns their new mask, or nil if they stay.
    mutating func waiting(callerCPU: Int?) -> Set<Int>? {
        guard case .awayFrom = cores, let cpu = placeable(callerCPU) else { return nil }
        return move(to: .onto(cpu))
    }

    /// `cpu`, if the helpers can be placed around it: known, and one of several the process may use.
    private func placeable(_ cpu: Int?) -> Int? {
        guard let cpu, allowed.contains(cpu), allowed.count > 1 else { return nil }
        return cpu
    }

    /// Sets `cores` to `target`; its mask if that is a change, else nil.
    private mutating func move(to target: Cores) -> Set<Int>? {
        guard target != cores else { return nil }
        cores = target
        return mask
    }
}
