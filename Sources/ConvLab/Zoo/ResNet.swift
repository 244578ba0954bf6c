extension Zoo {
    /// The two residual blocks of He et al. (2015).
    public enum ResNetBlock: Sendable {
        /// Two 3×3 convolutions (ResNet-18/34); expansion 1.
        case basic
        /// 1×1 reduce, 3×3, 1×1 expand ×4 (ResNet-50/101/152); the stride sits on the 3×3 as in torchvision (v1.5).
        case bottleneck

        var expansion: Int { self == .basic ? 1 : 4 }
    }

    /// torchvision's ResNet at a standard depth: 18, 34, 50, 101 or 152. Nil for other depths
    /// (build those with `resnet(block:stages:)`).
    public static func resnet(depth: Int, classes: Int = 1000) -> ZooModel? {
        let table: [Int: (ResNetBlock, [Int])] = [
            18: (.basic, [2, 2, 2, 2]), 34: (.basic, [3, 4, 6, 3]), 50: (.bottleneck, [3, 4, 6, 3]),
            101: (.bottleneck, [3, 4, 23, 3]), 152: (.bottleneck, [3, 8, 36, 3]),
        ]
        guard let (block, stages) = table[depth] else { return nil }
        return resnet(block: block, stages: stages, classes: classes, name: "resnet\(depth)")
    }

    /// A ResNet with any number of blocks per stage (four stages of 64, 128, 256, 512 planes).
    /// `groups` and `widthPerGroup` give torchvision's ResNeXt (32, 4) and Wide ResNet (1, 128) variants.
    public static func resnet(block: ResNetBlock, stages: [Int], classes: Int = 1000, groups: Int = 1,
                              widthPerGroup: Int = 64, name: String? = nil) -> ZooModel {
        var items: [(Child, LayerSpec)] = [
            ("conv1", Build.conv(3, 64, 7, stride: 2, padding: 3, bias: false)), ("bn1", .batchNorm(channels: 64)),
            ("relu", Build.relu), ("maxpool", Build.maxPool(3, stride: 2, padding: 1)),
        ]
        var inplanes = 64
        for (stage, count) in stages.enumerated() {
            let planes = 64 << min(stage, 3)
            var blocks: [(Child, LayerSpec)] = []
            for index in 0..<count {
                let stride = (stage > 0 && index == 0) ? 2 : 1
                blocks.append(("\(index)", resnetBlock(block, inplanes: inplanes, planes: planes, stride: stride,
                                                       groups: groups, widthPerGroup: widthPerGroup)))
                inplanes = planes * block.expansion
            }
            items.append(("layer\(stage + 1)", Build.seq(blocks)))
        }
        items += [("avgpool", .adaptiveAvgPool(output: 1)), (.function("flatten"), .flatten), ("fc", Build.linear(inplanes, classes))]
        let depth = stages.reduce(0, +) * (block == .basic ? 2 : 3) + 2
        return ZooModel(name: name ?? "resnet\(depth)", spec: Build.seq(items), input: .image(channels: 3, side: 224))
    }

    /// One block: the body, a 1×1 projection shortcut when the shape changes, then ReLU after the sum.
    /// torchvision's block holds one `relu` module and applies it two or three times, so its
    /// rows are `relu`, `relu_1` (and `relu_2`), after the `add` of `out += identity`.
    static func resnetBlock(_ block: ResNetBlock, inplanes: Int, planes: Int, stride: Int, groups: Int, widthPerGroup: Int) -> LayerSpec {
        let out = planes * block.expansion
        let body: LayerSpec
        switch block {
        case .basic:
            body = Build.seq([
                ("conv1", Build.conv(inplanes, planes, 3, stride: Size2D(integerLiteral: stride), padding: 1, bias: false)),
                ("bn1", .batchNorm(channels: planes)), ("relu", Build.relu),
                ("conv2", Build.conv(planes, planes, 3, padding: 1, bias: false)), ("bn2", .batchNorm(channels: planes)),
            ])
        case .bottleneck:
            let width = planes * widthPerGroup / 64 * groups
            body = Build.seq([
                ("conv1", Build.conv(inplanes, width, 1, bias: false)), ("bn1", .batchNorm(channels: width)), ("relu", Build.relu),
                ("conv2", Build.conv(width, width, 3, stride: Size2D(integerLiteral: stride), padding: 1, groups: groups, bias: false)),
                ("bn2", .batchNorm(channels: width)), ("relu", Build.relu),
                ("conv3", Build.conv(width, out, 1, bias: false)), ("bn3", .batchNorm(channels: out)),
            ])
        }
        var shortcut: LayerSpec?
        if stride != 1 || inplanes != out {
            shortcut = .named("downsample", Build.seq([
                ("0", Build.conv(inplanes, out, 1, stride: Size2D(integerLiteral: stride), bias: false)),
                ("1", .batchNorm(channels: out)),
            ]))
        }
        return Build.seq([(.function("add"), .residual(body: body, shortcut: shortcut, branchScale: 1)), ("relu", Build.relu)])
    }
}
