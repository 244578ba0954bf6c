extension Zoo {
    /// torchvision's GoogLeNet (Szegedy et al., 2014) with batch norm in every `BasicConv2d`.
    ///
    /// torchvision's "5×5" branch is in fact a 3×3 convolution (a bug kept for its pretrained
    /// weights); `trueFiveByFive` builds the paper's 5×5 instead. `auxiliaryClassifiers` adds
    /// the two training heads after `inception4a` and `inception4d`; torchvision's published
    /// 6,624,904 parameters are without them.
    public static func googLeNet(classes: Int = 1000, trueFiveByFive: Bool = false, auxiliaryClassifiers: Bool = false) -> ZooModel {
        func inception(_ name: Child, _ i: Int, _ c1: Int, _ r3: Int, _ c3: Int, _ r5: Int, _ c5: Int, _ pool: Int) -> (Child, LayerSpec) {
            let five: Size2D = trueFiveByFive ? 5 : 3
            let branches: [(Child, LayerSpec)] = [
                ("branch1", Build.basicConv(i, c1, 1)),
                ("branch2", Build.seq([("0", Build.basicConv(i, r3, 1)), ("1", Build.basicConv(r3, c3, 3, padding: 1))])),
                ("branch3", Build.seq([("0", Build.basicConv(i, r5, 1)),
                                       ("1", Build.basicConv(r5, c5, five, padding: Padding2D(integerLiteral: five.h / 2)))])),
                ("branch4", Build.seq([("0", Build.maxPool(3, stride: 1, padding: 1, ceil: true)), ("1", Build.basicConv(i, pool, 1))])),
            ]
            return (name, .concat(branches.map { $0.0.wrap($0.1) }))
        }
        let items: [(Child, LayerSpec)] = [
            ("conv1", Build.basicConv(3, 64, 7, stride: 2, padding: 3)),
            ("maxpool1", Build.maxPool(3, stride: 2, ceil: true)),
            ("conv2", Build.basicConv(64, 64, 1)),
            ("conv3", Build.basicConv(64, 192, 3, padding: 1)),
            ("maxpool2", Build.maxPool(3, stride: 2, ceil: true)),
            inception("inception3a", 192, 64, 96, 128, 16, 32, 32),
            inception("inception3b", 256, 128, 128, 192, 32, 96, 64),
            ("maxpool3", Build.maxPool(3, stride: 2, ceil: true)),
            inception("inception4a", 480, 192, 96, 208, 16, 48, 64),
            inception("inception4b", 512, 160, 112, 224, 24, 64, 64),
            inception("inception4c", 512, 128, 128, 256, 24, 64, 64),
            inception("inception4d", 512, 112, 144, 288, 32, 64, 64),
            inception("inception4e", 528, 256, 160, 320, 32, 128, 128),
            ("maxpool4", Build.maxPool(2, stride: 2, ceil: true)),
            inception("inception5a", 832, 256, 160, 320, 32, 128, 128),
            inception("inception5b", 832, 384, 192, 384, 48, 128, 128),
            ("avgpool", .adaptiveAvgPool(output: 1)), (.function("flatten"), .flatten),
            ("dropout", .dropout(probability: 0.2)), ("fc", Build.linear(1024, classes)),
        ]
        let heads = auxiliaryClassifiers
            ? [AuxiliaryHead(attachedAfter: "inception4a", spec: googLeNetAux(512, classes)),
               AuxiliaryHead(attachedAfter: "inception4d", spec: googLeNetAux(528, classes))]
            : []
        return ZooModel(name: "googlenet", spec: Build.seq(items), input: .image(channels: 3, side: 224), auxiliaryHeads: heads)
    }

    /// torchvision's GoogLeNet `InceptionAux`: 4×4 adaptive pool, 1×1 conv to 128, two linear
    /// layers; the pool and the ReLU are functions of its `forward`, not modules.
    static func googLeNetAux(_ inChannels: Int, _ classes: Int) -> LayerSpec {
        Build.seq([(.function("adaptive_avg_pool2d"), .adaptiveAvgPool(output: 4)), ("conv", Build.basicConv(inChannels, 128, 1)),
                   (.function("flatten"), .flatten), ("fc1", Build.linear(2048, 1024)), (.function("relu"), Build.relu),
                   ("dropout", .dropout(probability: 0.7)), ("fc2", Build.linear(1024, classes))])
    }
}
