/// The model zoo: classic networks described exactly as torchvision builds them.
public enum Zoo {
    /// torchvision's AlexNet (the "one weird trick" variant: 64-192-384-256-256 channels).
    public static func alexNet(classes: Int = 1000) -> ZooModel {
        let features = LayerSpec.sequential([
            Build.conv(3, 64, 11, stride: 4, padding: 2), Build.relu, Build.maxPool(3, stride: 2),
            Build.conv(64, 192, 5, padding: 2), Build.relu, Build.maxPool(3, stride: 2),
            Build.conv(192, 384, 3, padding: 1), Build.relu,
            Build.conv(384, 256, 3, padding: 1), Build.relu,
            Build.conv(256, 256, 3, padding: 1), Build.relu, Build.maxPool(3, stride: 2),
        ])
        let classifier = LayerSpec.sequential([
            .dropout(probability: 0.5), Build.linear(256 * 6 * 6, 4096), Build.relu,
            .dropout(probability: 0.5), Build.linear(4096, 4096), Build.relu,
            Build.linear(4096, classes),
        ])
        let spec = Build.seq([("features", features), ("avgpool", .adaptiveAvgPool(output: 6)),
                              (.function("flatten"), .flatten), ("classifier", classifier)])
        return ZooModel(name: "alexnet", spec: spec, input: .image(channels: 3, side: 224))
    }

    /// The VGG configurations of Simonyan and Zisserman (2014), table 1.
    public enum VGGConfiguration: String, Sendable, CaseIterable {
        /// 11 weight layers.
        case a = "vgg11"
        /// 13 weight layers.
        case b = "vgg13"
        /// 16 weight layers, all 3×3 (VGG-16).
        case d = "vgg16"
        /// 19 weight layers (VGG-19).
        case e = "vgg19"

        /// Output channels per 3×3 convolution; 0 marks a 2×2 max pool.
        var layers: [Int] {
            switch self {
            case .a: [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]
            case .b: [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]
            case .d: [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]
            case .e: [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0]
            }
        }
    }

    /// torchvision's VGG in configuration A, B, D or E, with or without batch norm after each convolution.
    public static func vgg(_ configuration: VGGConfiguration, batchNorm: Bool = false, classes: Int = 1000) -> ZooModel {
        var features: [LayerSpec] = []
        var channels = 3
        for width in configuration.layers {
            if width == 0 {
                features.append(Build.maxPool(2, stride: 2))
                continue
            }
            features.append(Build.conv(channels, width, 3, padding: 1))
            if batchNorm { features.append(.batchNorm(channels: width)) }
            features.append(Build.relu)
            channels = width
        }
        let classifier = LayerSpec.sequential([
            Build.linear(512 * 7 * 7, 4096), Build.relu, .dropout(probability: 0.5),
            Build.linear(4096, 4096), Build.relu, .dropout(probability: 0.5),
            Build.linear(4096, classes),
        ])
        let spec = Build.seq([("features", .sequential(features)), ("avgpool", .adaptiveAvgPool(output: 7)),
                              (.function("flatten"), .flatten), ("classifier", classifier)])
        return ZooModel(name: configuration.rawValue + (batchNorm ? "_bn" : ""), spec: spec,
                        input: .image(channels: 3, side: 224))
    }
}
