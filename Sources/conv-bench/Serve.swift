import ConvLab
import Foundation

/// `--serve`: ConvLab timed in one long-lived process, a short burst per request, so that
/// Benchmarks/compare.py can set each burst right next to ONNX Runtime's or torch's burst of
/// the same work (both of which it times in its own long-lived process).
///
/// Why. On a shared host the speed of a core moves by a factor of two from one second to the
/// next (the same `conv-bench --cases a --threads 1`, run 16 times in a row: 1.68–1.89 ms or
/// 2.56–4.30 ms, in spells of a second or so). A round that timed ConvLab in a process of
/// its own and the others a second or two later gave ratios from 0.57 to 1.74 for one case
/// over five rounds. Two bursts a tenth of a second apart mostly fall in the same spell.
///
/// One request a line on stdin, one JSON answer a line on stdout:
/// - `{"op": "describe", "case": "a"}` → the case's label, layers and forward flops;
/// - `{"op": "peak", "threads": 2}` → the FMA peak and the per-layer fixed cost on that many threads;
/// - `{"op": "time", "case": "a", "direction": "forward", "threads": 2, "seconds": 0.1}` →
///   `{"ms": …, "runs": …}`: one warm-up run, then the median of at least 5 runs and `seconds`.
///
/// A request it cannot read gets `{"error": "…"}`; end of input ends the process.
enum Serve {
    struct Invalid: Error, CustomStringConvertible { let description: String }

    static func run(clock: MeasurementClock) {
        var prepared: [String: [Runner.Prepared]] = [:]
        while let line = readLine() {
            let answer: [String: Any]
            do {
                answer = try respond(to: line, clock: clock, prepared: &prepared)
            } catch {
                answer = ["error": "\(error)"]
            }
            // Written straight to the descriptor: `print` to a pipe is block-buffered, and
            // compare.py waits for each line.
            FileHandle.standardOutput.write(Data((Report.text(answer, pretty: false) + "\n").utf8))
        }
    }

    static func respond(to line: String, clock: MeasurementClock, prepared: inout [String: [Runner.Prepared]]) throws -> [String: Any] {
        guard let request = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let op = request["op"] as? String else {
            throw Invalid(description: "not a JSON object with an \"op\": \(line.prefix(80))")
        }
        func benchCase() throws -> BenchCase {
            guard let name = request["case"] as? String, let found = Cases.all.first(where: { $0.name == name }) else {
                throw Invalid(description: "unknown case \(request["case"] ?? "(none)"); known: \(Cases.all.map(\.name).joined(separator: ", "))")
            }
            return found
        }
        func threads() throws -> Int {
            guard let count = request["threads"] as? Int, (1...64).contains(count) else {
                throw Invalid(description: "\"threads\" must be a whole number from 1 to 64")
            }
            return count
        }
        switch op {
        case "describe":
            return Report.description(try benchCase())
        case "peak":
            ConvLab.threadCount = try threads()
            let fixedCost = FixedCost.measure()
            return ["peak_gflops": measurePeakGFLOPs(threads: ConvLab.threadCount, clock: clock),
                    "fixed_cost_us": ["forward": fixedCost.forwardMicroseconds, "backward": fixedCost.backwardMicroseconds]]
        case "time":
            let timed = try benchCase()
            guard let name = request["direction"] as? String, let direction = Direction(rawValue: name) else {
                throw Invalid(description: "\"direction\" must be forward, input or weight")
            }
            guard let seconds = request["seconds"] as? Double, seconds > 0, seconds <= 10 else {
                throw Invalid(description: "\"seconds\" must be a number above 0 and at most 10")
            }
            ConvLab.threadCount = try threads()
            let layers = prepared[timed.name] ?? Runner.prepare(timed)
            prepared[timed.name] = layers
            let (median, runs) = Runner.medianSeconds(Runner.work(layers, direction), seconds: seconds)
            return ["ms": median * 1e3, "runs": runs]
        default:
            throw Invalid(description: "unknown op '\(op)': describe, peak or time")
        }
    }
}
