extension Zoo {
    /// The two SqueezeNet versions torchvision offers.
    public enum SqueezeNetVersion: String, Sendable, CaseIterable {
        /// The paper's network: a 7×7 stem with 96 channels.
        case v1_0 = "1_0"
        /// A 3×3 stem with 64 channels and earlier pooling: 2.4× fewer multiply-accumulates.
        case v1_1 = "1_1"
    }

    /// torchvision's SqueezeNet by its version string, `"1_0"` (the default) or `"1_1"`;
    /// nil for any other string.
    public static func squeezeNet(version: String = "1_0", classes: Int = 1000) -> ZooModel? {
        SqueezeNetVersion(rawValue: version).map { squeezeNet($0, classes: classes) }
    }

    /// torchvision's SqueezeNet (Iandola et al., 2016), version 1.0 or 1.1. Pools use ceil
    /// mode, as Caffe did.
    public static func squeezeNet(_ version: SqueezeNetVersion, classes: Int = 1000) -> ZooModel {
        typealias B = Build
        // torchvision's `Fire`: squeeze, then the two expand branches joined by `torch.cat`.
        func fire(_ i: Int, _ s: Int, _ e1: Int, _ e3: Int) -> LayerSpec {
            B.seq([("squeeze", B.conv(i, s, 1)), ("squeeze_activation", B.relu),
                   (.function("cat"), .concat([B.chain([("expand1x1", B.conv(s, e1, 1)), ("expand1x1_activation", B.relu)]),
                                               B.chain([("expand3x3", B.conv(s, e3, 3, padding: 1)),
                                                        ("expand3x3_activation", B.relu)])]))])
        }
        let pool = B.maxPool(3, stride: 2, ceil: true)
        let features: [LayerSpec]
        switch version {
        case .v1_0:
            features = [B.conv(3, 96, 7, stride: 2), B.relu, pool, fire(96, 16, 64, 64), fire(128, 16, 64, 64),
                        fire(128, 32, 128, 128), pool, fire(256, 32, 128, 128), fire(256, 48, 192, 192),
                        fire(384, 48, 192, 192), fire(384, 64, 256, 256), pool, fire(512, 64, 256, 256)]
        case .v1_1:
            features = [B.conv(3, 64, 3, stride: 2), B.relu, pool, fire(64, 16, 64, 64), fire(128, 16, 64, 64), pool,
                        fire(128, 32, 128, 128), fire(256, 32, 128, 128), pool, fire(256, 48, 192, 192),
                        fire(384, 48, 192, 192), fire(384, 64, 256, 256), fire(512, 64, 256, 256)]
        }
        let classifier = LayerSpec.sequential([.dropout(probability: 0.5), B.conv(512, classes, 1), B.relu,
                                               .adaptiveAvgPool(output: 1)])
        return ZooModel(name: "squeezenet\(version.rawValue)",
                        spec: B.seq([("features", .sequential(features)), ("classifier", classifier),
                                     (.function("flatten"), .flatten)]),
                        input: .image(channels: 3, side: 224))
    }

    /// torchvision's MobileNetV2 (Sandler et al., 2018) with a width multiplier; channels
    /// are rounded to multiples of 8 as `_make_divisible` does.
    public static func mobileNetV2(classes: Int = 1000, widthMultiplier: Double = 1.0) -> ZooModel {
        typealias B = Build
        func convBN(_ i: Int, _ o: Int, _ k: Int, stride: Int = 1, groups: Int = 1) -> LayerSpec {
            B.seq([("0", B.conv(i, o, Size2D(integerLiteral: k), stride: Size2D(integerLiteral: stride),
                                padding: Padding2D(integerLiteral: (k - 1) / 2), groups: groups, bias: false)),
                   ("1", .batchNorm(channels: o)), ("2", .activation(.relu6))])
        }
        // (expansion t, channels c, repeats n, first stride s), the paper's table 2.
        let settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
        var input = makeDivisible(32 * widthMultiplier)
        let last = makeDivisible(1280 * max(1.0, widthMultiplier))
        var features: [(Child, LayerSpec)] = [("0", convBN(3, input, 3, stride: 2))]
        for (t, c, n, s) in settings {
            let output = makeDivisible(Double(c) * widthMultiplier)
            for index in 0..<n {
                let stride = index == 0 ? s : 1
                let hidden = Int((Double(input) * Double(t)).rounded())
                var layers: [LayerSpec] = t == 1 ? [] : [convBN(input, hidden, 1)]
                layers += [convBN(hidden, hidden, 3, stride: stride, groups: hidden),
                           B.conv(hidden, output, 1, bias: false), .batchNorm(channels: output)]
                // torchvision's `InvertedResidual`: its layers are `conv`; `x + self.conv(x)` is the row `add`.
                let body = LayerSpec.named("conv", .sequential(layers))
                features.append(("\(features.count)",
                                 stride == 1 && input == output ? .residual(body: body, shortcut: nil, branchScale: 1) : body))
                input = output
            }
        }
        features.append(("\(features.count)", convBN(input, last, 1)))
        // The pool and the flatten are `F.adaptive_avg_pool2d` and `torch.flatten` in `forward`.
        let spec = B.seq([("features", B.seq(features)), (.function("adaptive_avg_pool2d"), .adaptiveAvgPool(output: 1)),
                          (.function("flatten"), .flatten),
                          ("classifier", .sequential([.dropout(probability: 0.2), B.linear(last, classes)]))])
        return ZooModel(name: "mobilenet_v2", spec: spec, input: .image(channels: 3, side: 224))
    }

    /// torchvision's `_make_divisible`: round to the nearest multiple of 8, never below 8,
    /// and never more than 10% below the requested value.
    static func makeDivisible(_ value: Double, divisor: Int = 8) -> Int {
        var rounded = max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
        if Double(rounded) < 0.9 * value { rounded += divisor }
        return rounded
    }
}
