/// Where the pool's helper threads may run: on any core the process may use; or off the
/// core the caller of the loop runs on — whenever the pool's threads fill every core, or
/// another process keeps a core busy — and, while the process is preempted often, onto it
/// once the caller has run out of items and waits for them.
///
/// Why off the caller's core. With one of two cores kept busy by another process, the
/// kernel woke the sleeping helper on the caller's core (presumably its wake-up balancing
/// reading the core that sleeps between loops as the lighter one): both threads then shared one core while
/// the other process had the other to itself, and two threads were as fast as one. Sampled
/// from /proc, the two threads sat on the same core most of the time. Kept off it, the helper
/// shares the busy core, and runs as soon as it is woken (the scheduler favours a thread
/// that slept). When the pool fills every core this is where the kernel puts a helper on a
/// quiet machine anyway, so it is done from the first loop, before `SpinPolicy` has seen the
/// load (two 20 ms windows), which is what a short program would otherwise run in.
///
/// Why onto it at the end (the one helper of a two-core machine). Off the caller's core, a helper shares the other core with the
/// busy process, and is sometimes off the core, in the middle of an item, when the caller's
/// queue runs dry; the caller's core then idles until the other process's time slice ends,
/// since the kernel may not move a helper kept off it. Moved onto the caller's core, which
/// its caller is leaving to sleep, the helper finishes at once.
///
/// Measured with one core kept busy by a spinning process, conv-bench `--profile forward`
/// on two threads, medians of three interleaved runs each (one thread in brackets):
/// 64→64 on 56×56 2.09 ms with the kernel's placement, 1.81 off the caller's core, 1.21 with
/// the move at the end (2.06); eight such images 16.99, 15.49, 11.95 (16.91); the stem 2.13,
/// 1.73, 1.19 (2.13); the two 3×3 2.81, 2.37, 2.20 (2.79); the depthwise 3×3 1.01, 0.53, 0.53
/// (0.95). Kept off from the first loop instead of once the load is seen, in fresh
/// processes (conv-bench `--json`, four interleaved runs): 64→64 on 56×56 forward 1.87–2.07
/// → 1.06–1.07 ms, the 1×1 0.52–0.53 → 0.47–0.50, the two 3×3 1.6–2.2 → 1.44–1.45; on the
/// quiet machine nothing moved (64→64 1.13–1.17 and 1.13–1.15 ms). Only the helpers are
/// placed (the caller's thread belongs to the program), and the masks are asked for only
/// when they change.
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

    /// Whether a loop on `threads` threads (caller included) keeps its helpers off the
    /// caller's core: when they fill every core the process may use (where another process
    /// on any core would stack two of them), or while the process is preempted often. With
    /// cores to spare the kernel finds idle ones, and the masks would only cost system calls.
    func keepsAway(threads: Int, preemptedOften: Bool) -> Bool {
        preemptedOften || threads >= allowed.count
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

    /// As the caller on `callerCPU` waits for the `helpers` still inside its loop (while the
    /// process is preempted often): moves a single helper onto that core if it was kept off
    /// it. Returns its new mask, or nil if it stays. Only one: the caller's core is the one
    /// core that frees up, and several helpers moved there would queue on it.
    mutating func waiting(callerCPU: Int?, helpers: Int) -> Set<Int>? {
        guard helpers == 1, case .awayFrom = cores, let cpu = placeable(callerCPU) else { return nil }
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
