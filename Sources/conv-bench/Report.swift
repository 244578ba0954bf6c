import Foundation

/// The table and the JSON that conv-bench prints.
enum Report {
    static let header = """
        case  shape                              |   forward ms  GF/s  %peak  ×ref |  ∂input ms  GF/s  %peak  ×ref |  ∂weight ms  GF/s  %peak  ×ref
        ----  ---------------------------------  + ------------------------------ + ----------------------------- + ------------------------------
        """

    static func row(_ r: CaseResult) -> String {
        func cell(_ t: Timing) -> String {
            let ref = t.speedup.map { String(format: "%5.0f", $0) } ?? "    -"
            return String(format: "%9.3f %5.0f %5.1f%% %@", t.milliseconds, t.gflops, t.percentOfPeak, ref)
        }
        let name = r.benchCase.name.padding(toLength: 4, withPad: " ", startingAt: 0)
        let label = r.benchCase.label.padding(toLength: 33, withPad: " ", startingAt: 0)
        return "\(name)  \(label)  | \(cell(r.forward)) | \(cell(r.inputGradient)) | \(cell(r.weightGradient))"
    }

    static func footer(_ results: [CaseResult]) -> String {
        var lines = ["", "GF/s = GFLOP/s (a multiply-add = 2 flops; each gradient counts the forward's flops); median of 5–40 runs.",
                     "×ref = speed-up over conv2dReference / conv2dBackwardReference, timed once on the same case reduced to one image and 2 output channels per group (the reference takes minutes on the full case); the backward reference computes both gradients in one loop."]
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.benchCase.name, $0) })
        for (first, second) in Cases.pairs {
            guard let a = byName[first], let b = byName[second] else { continue }
            lines.append(String(format: "%@ vs %@: forward %.3f vs %.3f ms (ratio %.2f), backward (∂input + ∂weight) %.3f vs %.3f ms (ratio %.2f)",
                                a.benchCase.label, b.benchCase.label, a.forward.milliseconds, b.forward.milliseconds,
                                a.forward.milliseconds / b.forward.milliseconds,
                                a.inputGradient.milliseconds + a.weightGradient.milliseconds,
                                b.inputGradient.milliseconds + b.weightGradient.milliseconds,
                                (a.inputGradient.milliseconds + a.weightGradient.milliseconds)
                                    / (b.inputGradient.milliseconds + b.weightGradient.milliseconds)))
        }
        return lines.joined(separator: "\n")
    }

    static func json(target: BuildInfo, threads: Int, peak: Double, fixedCost: FixedCost, results: [CaseResult]) -> String {
        func timing(_ t: Timing) -> [String: Any] {
            var value: [String: Any] = ["ms": t.milliseconds, "gflops": t.gflops, "percent_of_peak": t.percentOfPeak]
            if let s = t.speedup { value["speedup_over_reference"] = s }
            return value
        }
        let cases: [[String: Any]] = results.map { r in
            description(r.benchCase).merging(["runs": r.runs, "forward": timing(r.forward), "input_gradient": timing(r.inputGradient),
                                              "weight_gradient": timing(r.weightGradient)]) { $1 }
        }
        let object: [String: Any] = ["target": ["arch": target.arch, "flags": target.flags, "cpu": target.cpu, "avx512": target.avx512],
                                     "threads": threads, "peak_gflops": peak, "cases": cases,
                                     "fixed_cost_us": ["forward": fixedCost.forwardMicroseconds, "backward": fixedCost.backwardMicroseconds]]
        return text(object, pretty: true)
    }

    /// A case's name, label, forward flops and layers, as compare.py reads them.
    static func description(_ benchCase: BenchCase) -> [String: Any] {
        ["name": benchCase.name, "label": benchCase.label, "forward_flops": benchCase.forwardFlops,
         "layers": benchCase.layers.map { l -> [String: Any] in
             ["batch": l.batch, "in_channels": l.inChannels, "out_channels": l.outChannels, "height": l.height, "width": l.width,
              "kernel": [l.kernel.h, l.kernel.w], "stride": [l.stride.h, l.stride.w],
              "padding": [l.padding.top, l.padding.bottom, l.padding.left, l.padding.right], "groups": l.groups]
         }]
    }

    /// `object` as JSON text, keys sorted: indented, or on one line (`--serve`'s answers).
    static func text(_ object: [String: Any], pretty: Bool) -> String {
        let options: JSONSerialization.WritingOptions = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
