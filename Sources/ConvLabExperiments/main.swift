import ConvLab
import Foundation

// `swift run -c release convlab-experiments [degradation|zoo|erf]`: the degradation experiment
// with its default sizes (what a lesson calls), the zoo's costs, or the effective receptive
// field of linear 3×3 stacks, with wall-clock times.
let command = CommandLine.arguments.dropFirst().first ?? "degradation"

switch command {
case "degradation":
    do {
        let result = try Degradation.run { name, report in
            let test = report.testAccuracy.map { String(format: "%.3f", $0) } ?? "-"
            print("\(name)\tepoch \(report.epoch)\ttrain loss \(String(format: "%.4f", report.trainLoss))\ttrain acc \(String(format: "%.3f", report.trainAccuracy))\ttest acc \(test)")
        }
        let (shallow, deep, residual) = result.finalTrainLosses
        print(String(format: "final train loss: plain-%d %.4f, plain-%d %.4f, residual-%d %.4f", result.shallowDepth, shallow,
                     result.deepDepth, deep, result.deepDepth, residual))
        print("shows degradation: \(result.showsDegradation)")
        print(String(format: "seconds: %.2f", result.seconds))
    } catch {
        print("error: \(error)")
        exit(1)
    }
case "zoo":
    let start = Date()
    let models: [ZooModel] = [Zoo.alexNet()] + Zoo.VGGConfiguration.allCases.flatMap { [Zoo.vgg($0), Zoo.vgg($0, batchNorm: true)] }
        + [18, 34, 50, 101, 152].compactMap { Zoo.resnet(depth: $0) }
        + [Zoo.googLeNet(), Zoo.inceptionV3(), Zoo.mobileNetV2()] + Zoo.SqueezeNetVersion.allCases.map { Zoo.squeezeNet($0) }
        + [121, 161, 169, 201].compactMap { Zoo.denseNet(depth: $0) }
    for model in models {
        guard let trace = try? model.trace() else { continue }
        print("\(model.name)\t\(groupedDigits(model.parameterCount)) params\t\(String(format: "%.3f", trace.gigaMultiplyAccumulates)) GMACs\tfield before pooling \(fieldBeforePooling(trace))")
    }
    print(String(format: "%d models traced in %.2f ms", models.count, Date().timeIntervalSince(start) * 1000))
case "erf":
    // Luo et al. (2016): n all-ones 3×3 layers, no nonlinearity. The theoretical field grows
    // like 2n + 1, the effective spread like √(2n/3).
    for n in [1, 2, 4, 8, 16] {
        let conv = LayerSpec.conv(ConvSpec(inChannels: 1, outChannels: 1, kernel: 3, padding: 1, bias: false))
        let spec = LayerSpec.sequential(Array(repeating: .sequential([conv, .activation(.identity)]), count: n))
        guard let (erf, field) = try? EffectiveReceptiveField.measure(spec, input: .image(channels: 1, side: 2 * n + 9),
                                                                      initializer: .constant(1), onesInput: true),
              let field else { continue }
        print(String(format: "n %2d\tfield %2d\tspread %.3f (√(2n/3) = %.3f)\t95%% of mass in %.1f%% of the field", n, field.size.h,
                     erf.spread.row, (2 * Double(n) / 3).squareRoot(), 100 * erf.fractionOfArea(holding95PercentOf: field)))
    }
default:
    print("usage: convlab-experiments [degradation|zoo|erf]")
    exit(2)
}

/// The field of the last layer before the classifier's global pooling or flatten.
func fieldBeforePooling(_ trace: NetworkTrace) -> String {
    let features = trace.rows.prefix { row in
        switch row.spec {
        case .adaptiveAvgPool, .flatten: false
        default: true
        }
    }
    return features.last?.receptiveField?.description ?? "-"
}
