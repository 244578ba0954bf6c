#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This process's resource usage so far, all its threads added (`getrusage(RUSAGE_SELF)`),
/// or nil if the system refuses: the one call behind `MeasurementClock.processCPU` (user and
/// system time) and `SpinPolicy` (involuntary context switches).
func processUsage() -> rusage? {
    var usage = rusage()
    #if canImport(Glibc)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    return getrusage(who, &usage) == 0 ? usage : nil
}
