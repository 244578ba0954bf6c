#if canImport(Glibc)
import Glibc

/// Functions of the C library that Swift's Glibc module does not import (GNU extensions
/// such as `sched_getcpu`, and `<malloc.h>`'s `mallopt`), looked up by name in the running
/// process. Why not a C target: one under ConvLab would add a module map to the compile of
/// every chapter program that imports ConvLab. Used by `CPUAffinity` and `HeapPolicy`.
enum CLibrary {
    /// The C library's function `name`, as `type` (a `@convention(c)` function type with the
    /// types its manual page gives), or nil where it has none.
    static func function<F>(_ name: String, as type: F.Type) -> F? {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
#endif
