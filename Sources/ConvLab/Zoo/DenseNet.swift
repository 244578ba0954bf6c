extension Zoo {
    /// torchvision's DenseNet (Huang et al., 2016) at a standard depth: 121, 161, 169 or 201.
    /// Nil for other depths (build those with `denseNet(growthRate:blocks:initialFeatures:)`).
    public static func denseNet(depth: Int, classes: Int = 1000) -> ZooModel? {
        // (growth rate k, layers per dense block, features of the stem), as torchvision's builders.
        let table: [Int: (Int, [Int], Int)] = [
            121: (32, [6, 12, 24, 16], 64), 161: (48, [6, 12, 36, 24], 96),
            169: (32, [6, 12, 32, 32], 64), 201: (32, [6, 12, 48, 32], 64),
        ]
        guard let (growthRate, blocks, initialFeatures) = table[depth] else { return nil }
        return denseNet(growthRate: growthRate, blocks: blocks, initialFeatures: initialFeatures, classes: classes,
                        name: "densenet\(depth)")
    }

    /// A DenseNet-BC as torchvision builds it: a 7×7 stem and max pool, then dense blocks in
    /// which every layer (BN-ReLU-1×1 conv to `bottleneckSize`·k channels, BN-ReLU-3×3 conv to
    /// k) adds k channels to everything before it, with transitions between blocks (BN-ReLU-1×1
    /// conv halving the channels, 2×2 average pool), a final BN and ReLU, global average
    /// pooling and one linear layer.
    ///
    /// Paths are torchvision's: `features.denseblock1.denselayer1.conv1`,
    /// `features.transition1.conv`. Each dense layer's `forward` starts by concatenating
    /// everything before it, so the concatenation after layer n is the row
    /// `denselayer<n+1>.cat` (and `cat` of the block after its last layer); the first layer's
    /// concatenation of its one input changes nothing and has no row.
    public static func denseNet(growthRate: Int, blocks: [Int], initialFeatures: Int, bottleneckSize: Int = 4,
                                classes: Int = 1000, name: String? = nil) -> ZooModel {
        typealias B = Build
        var features: [(Child, LayerSpec)] = [
            ("conv0", B.conv(3, initialFeatures, 7, stride: 2, padding: 3, bias: false)),
            ("norm0", .batchNorm(channels: initialFeatures)), ("relu0", B.relu),
            ("pool0", B.maxPool(3, stride: 2, padding: 1)),
        ]
        var channels = initialFeatures
        for (index, count) in blocks.enumerated() {
            features.append(("denseblock\(index + 1)", denseBlock(layers: count, inChannels: channels, growthRate: growthRate,
                                                                  bottleneckSize: bottleneckSize)))
            channels += count * growthRate
            if index < blocks.count - 1 {
                features.append(("transition\(index + 1)", B.seq([
                    ("norm", .batchNorm(channels: channels)), ("relu", B.relu),
                    ("conv", B.conv(channels, channels / 2, 1, bias: false)), ("pool", B.avgPool(2, stride: 2)),
                ])))
                channels /= 2
            }
        }
        features.append(("norm5", .batchNorm(channels: channels)))
        let depth = 2 * blocks.reduce(0, +) + blocks.count + 1
        // `forward` applies F.relu, F.adaptive_avg_pool2d and torch.flatten after `features`.
        let spec = B.seq([("features", B.seq(features)), (.function("relu"), B.relu),
                          (.function("adaptive_avg_pool2d"), .adaptiveAvgPool(output: 1)), (.function("flatten"), .flatten),
                          ("classifier", B.linear(channels, classes))])
        return ZooModel(name: name ?? "densenet\(depth)", spec: spec, input: .image(channels: 3, side: 224))
    }

    /// One dense block: layer n sees the input and the k new channels of every earlier layer.
    static func denseBlock(layers: Int, inChannels: Int, growthRate k: Int, bottleneckSize: Int) -> LayerSpec {
        .sequential((1...layers).map { n in
            let c = inChannels + (n - 1) * k
            let layer = Build.seq([
                ("norm1", .batchNorm(channels: c)), ("relu1", Build.relu),
                ("conv1", Build.conv(c, bottleneckSize * k, 1, bias: false)),
                ("norm2", .batchNorm(channels: bottleneckSize * k)), ("relu2", Build.relu),
                ("conv2", Build.conv(bottleneckSize * k, k, 3, padding: 1, bias: false)),
            ])
            // The input passes through unchanged (an empty sequential) beside the layer's k channels.
            let join = n < layers ? "denselayer\(n + 1).cat" : "cat"
            return .functional(join, .concat([.sequential([]), .named("denselayer\(n)", layer)]))
        })
    }
}
