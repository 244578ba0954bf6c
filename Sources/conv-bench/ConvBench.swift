import ConvLab
import Foundation

/// `swift run -c release conv-bench [--json] [--threads N] [--cases a,b,...]`
///
/// Measures the FMA peak in-process and the per-layer fixed cost (a 1×1×1×1 convolution), then times forward, ∂input and ∂weight of the issue-5
/// cases (median of several runs) and prints GFLOP/s, % of peak and the speed-up over the
/// reference loops. Exit status 2 on bad arguments.
@main
struct ConvBench {
    static func main() {
        let options: Options
        do { options = try Options.parse(Array(CommandLine.arguments.dropFirst())) } catch {
            FileHandle.standardError.write(Data("conv-bench: \(error)\n\n\(Options.usage)\n".utf8))
            exit(2)
        }
        if options.help { print(Options.usage); return }
        ConvLab.threadCount = options.threads
        Clock.useCPUTime(options.cpuTime)
        let cases = Cases.all.filter { options.cases.isEmpty || options.cases.contains($0.name) || options.cases.contains(String($0.name.prefix(1))) }
        let clock: MeasurementClock = options.cpuTime ? .processCPU : .wall
        if options.serve {
            Serve.run(clock: clock)
            return
        }
        if let direction = options.profile {
            // The peak first (its own loop in a perf report): the host's, not a nominal one.
            let peak = measurePeakGFLOPs(threads: options.threads, clock: clock)
            for benchCase in cases { print(Profile.run(benchCase, direction, peak: peak)) }
            return
        }
        let target = BuildInfo.describe()
        if !options.json { print(target.text) ; print("measuring the FMA peak on \(options.threads) thread(s)…") }
        // ConvLab's in-process FMA peak (Analysis/Roofline.swift), on conv-bench's clock.
        let peak = measurePeakGFLOPs(threads: options.threads, clock: clock)
        if !options.json { print(String(format: "peak: %.0f GFLOP/s (%d thread(s), SIMD16 FMA loop)\n", peak, options.threads)) }
        let fixedCost = FixedCost.measure()
        if !options.json {
            print(String(format: "per-layer fixed cost (a 1×1×1×1 convolution): forward %.2f µs, backward %.2f µs\n",
                         fixedCost.forwardMicroseconds, fixedCost.backwardMicroseconds))
        }
        var results: [CaseResult] = []
        if !options.json { print(Report.header) }
        for benchCase in cases {
            let result = Runner.run(benchCase, peak: peak, withReference: !options.noReference)
            results.append(result)
            if !options.json { print(Report.row(result)) }
        }
        if options.json {
            print(Report.json(target: target, threads: options.threads, peak: peak, fixedCost: fixedCost, results: results))
        } else {
            print(Report.footer(results))
        }
    }
}

/// Command-line options, parsed and checked before anything runs.
struct Options {
    var json = false, help = false, noReference = false, cpuTime = false, serve = false
    var threads = 2
    var cases: Set<String> = []
    var profile: Direction?

    static let usage = """
        usage: conv-bench [--json] [--threads N] [--cases a,b,...] [--no-reference] [--cpu-time]
               conv-bench --profile forward|input|weight [--threads N] [--cases a,b,...]
               conv-bench --serve [--cpu-time]
          --json          one JSON object on stdout instead of the table
          --threads N     threads for ConvLab and for the peak (default 2)
          --cases LIST    only these cases: a b c d e (e5, e33) f (f17, f77) g h
          --no-reference  skip timing the reference loops
          --cpu-time      time with process CPU time instead of wall-clock (for --threads 1
                          on a busy machine: ignores time spent descheduled)
          --profile DIR   run only one direction of each case, over and over for \(Profile.seconds) s,
                          and print its median: a steady loop to record with `perf record`
          --serve         answer JSON requests on stdin, one a line (describe, peak, time a
                          burst): Benchmarks/compare.py's way to time ConvLab next to the others
        """

    struct Invalid: Error, CustomStringConvertible { let description: String }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--json": options.json = true
            case "--help", "-h": options.help = true
            case "--no-reference": options.noReference = true
            case "--cpu-time": options.cpuTime = true
            case "--serve": options.serve = true
            case "--profile":
                guard let value = rest.popFirst(), let direction = Direction(rawValue: value) else {
                    throw Invalid(description: "--profile needs forward, input or weight")
                }
                options.profile = direction
            case "--threads":
                guard let value = rest.popFirst(), let threads = Int(value), (1...64).contains(threads) else {
                    throw Invalid(description: "--threads needs a whole number from 1 to 64")
                }
                options.threads = threads
            case "--cases":
                guard let value = rest.popFirst() else { throw Invalid(description: "--cases needs a list such as a,b,f") }
                let known = Set(Cases.all.map(\.name) + Cases.all.map { String($0.name.prefix(1)) })
                let names = value.split(separator: ",").map(String.init)
                if let unknown = names.first(where: { !known.contains($0) }) {
                    throw Invalid(description: "unknown case '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
                }
                options.cases = Set(names)
            default: throw Invalid(description: "unknown argument '\(argument)'")
            }
        }
        return options
    }
}

/// What the kernels were compiled for, and whether AVX-512 code is in use.
struct BuildInfo {
    let text: String, arch: String, flags: String, cpu: String, avx512: Bool

    static func describe() -> BuildInfo {
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "other"
        #endif
        #if CONVLAB_NATIVE
        let flags = "-O -target-cpu native (Package.swift numericFlags)"
        let native = true
        #else
        let flags = "unknown: not built with Package.swift's numericFlags"
        let native = false
        #endif
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let cpu = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let hasAVX512 = info.contains(" avx512f")
        // Built for the CPU it runs on, SIMD16<Float> is one zmm register exactly when the CPU has AVX-512F.
        let avx512 = native && arch == "x86_64" && hasAVX512
        let text = """
            conv-bench: ConvLab fast convolution (NCHW, float32)
            target: \(arch), compiled \(flags)
            cpu: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores; AVX-512 (zmm) kernels: \(avx512 ? "yes" : "no")
            """
        return BuildInfo(text: text, arch: arch, flags: flags, cpu: cpu, avx512: avx512)
    }
}
