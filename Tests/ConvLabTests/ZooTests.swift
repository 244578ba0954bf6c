import Testing
@testable import ConvLab

/// The zoo against torchvision's published figures (torchvision model docs, the acc@1
/// tables: "Params" and "GFLOPS"). Parameter counts must be exact. The published GFLOPS are
/// multiply-accumulates ×1e-9 rounded to two decimals, so our count must round to the same
/// figure, which also keeps it within 0.5% (plus the half-unit of rounding).
@Suite struct ZooTests {
    struct Published: Sendable, CustomTestStringConvertible {
        let name: String
        let parameters: Int
        let gflops: Double
        var testDescription: String { name }
    }

    static let published: [Published] = [
        .init(name: "alexnet", parameters: 61_100_840, gflops: 0.71),
        .init(name: "vgg11", parameters: 132_863_336, gflops: 7.61),
        .init(name: "vgg11_bn", parameters: 132_868_840, gflops: 7.61),
        .init(name: "vgg13", parameters: 133_047_848, gflops: 11.31),
        .init(name: "vgg13_bn", parameters: 133_053_736, gflops: 11.31),
        .init(name: "vgg16", parameters: 138_357_544, gflops: 15.47),
        .init(name: "vgg16_bn", parameters: 138_365_992, gflops: 15.47),
        .init(name: "vgg19", parameters: 143_667_240, gflops: 19.63),
        .init(name: "vgg19_bn", parameters: 143_678_248, gflops: 19.63),
        .init(name: "resnet18", parameters: 11_689_512, gflops: 1.81),
        .init(name: "resnet34", parameters: 21_797_672, gflops: 3.66),
        .init(name: "resnet50", parameters: 25_557_032, gflops: 4.09),
        .init(name: "resnet101", parameters: 44_549_160, gflops: 7.8),
        .init(name: "resnet152", parameters: 60_192_808, gflops: 11.51),
        // Without auxiliary classifiers (torchvision's count).
        .init(name: "googlenet", parameters: 6_624_904, gflops: 1.5),
        // With the AuxLogits head (torchvision's default and its count); GFLOPS without it.
        .init(name: "inception_v3", parameters: 27_161_264, gflops: 5.71),
        .init(name: "squeezenet1_0", parameters: 1_248_424, gflops: 0.82),
        .init(name: "squeezenet1_1", parameters: 1_235_496, gflops: 0.35),
        .init(name: "mobilenet_v2", parameters: 3_504_872, gflops: 0.3),
        // torchvision/models/densenet.py: num_params and _ops (2.834, 7.728, 3.36, 4.291).
        .init(name: "densenet121", parameters: 7_978_856, gflops: 2.83),
        .init(name: "densenet161", parameters: 28_681_000, gflops: 7.73),
        .init(name: "densenet169", parameters: 14_149_480, gflops: 3.36),
        .init(name: "densenet201", parameters: 20_013_928, gflops: 4.29),
    ]

    static func model(_ name: String) -> ZooModel? {
        switch name {
        case "alexnet": Zoo.alexNet()
        case "googlenet": Zoo.googLeNet()
        case "inception_v3": Zoo.inceptionV3()
        case "mobilenet_v2": Zoo.mobileNetV2()
        case _ where name.hasPrefix("squeezenet"): Zoo.SqueezeNetVersion(rawValue: String(name.dropFirst(10))).map { Zoo.squeezeNet($0) }
        case _ where name.hasPrefix("resnet"): Int(name.dropFirst(6)).flatMap { Zoo.resnet(depth: $0) }
        case _ where name.hasPrefix("densenet"): Int(name.dropFirst(8)).flatMap { Zoo.denseNet(depth: $0) }
        case _ where name.hasPrefix("vgg"):
            Zoo.VGGConfiguration(rawValue: String(name.prefix(5))).map { Zoo.vgg($0, batchNorm: name.hasSuffix("_bn")) }
        default: nil
        }
    }

    @Test(arguments: published) func matchesTorchvision(_ expected: Published) throws {
        let model = try #require(Self.model(expected.name))
        #expect(model.name == expected.name)
        #expect(model.parameterCount == expected.parameters)
        let trace = try model.trace()
        #expect(trace.output == .vector(1000))
        let gmacs = trace.gigaMultiplyAccumulates
        print("\(expected.name): \(model.parameterCount) params, \(trace.totalMultiplyAccumulates) MACs")
        #expect((gmacs * 100).rounded() / 100 == expected.gflops, "\(expected.name): \(gmacs) GMACs")
        #expect(abs(gmacs - expected.gflops) <= 0.005 * expected.gflops + 0.005)
    }

    @Test func denseNet121Exactly() throws {
        let model = try #require(Zoo.denseNet(depth: 121))
        let trace = try model.trace()
        // torchvision's _ops is 2.834 GFLOPS. Counted by hand: the stem 118,013,952, the 58 dense
        // layers 2,406,842,368, the 3 transitions 308,281,344, the classifier 1,024,000.
        #expect(trace.totalMultiplyAccumulates == 2_834_161_664)
        // 64 + 6·32 = 256 → 128, + 12·32 = 512 → 256, + 24·32 = 1024 → 512, + 16·32 = 1024 into the classifier.
        let transitions = trace.rows.filter { $0.path.hasSuffix(".conv") && $0.path.contains("transition") }
        #expect(transitions.map(\.outputShape) == [.image(channels: 128, side: 56), .image(channels: 256, side: 28),
                                                    .image(channels: 512, side: 14)])
        #expect(trace.rows.first { $0.path == "features.norm5" }?.outputShape == .image(channels: 1024, side: 7))
        #expect(trace.rows.last?.spec == .linear(inFeatures: 1024, outFeatures: 1000, bias: true))
        #expect(Zoo.denseNet(depth: 122) == nil)
    }

    @Test func smallDenseNetRunsAsTraced() throws {
        let spec = Zoo.denseNet(growthRate: 4, blocks: [2, 3], initialFeatures: 8, classes: 5).spec
        let input = FeatureShape.image(channels: 3, side: 32)
        var generator = SeededGenerator(seed: 3)
        let network = spec.instantiate(using: &generator)
        #expect(network.spec == spec)
        #expect(network.parameterCount == spec.parameterCount)
        #expect(network.forward(Tensor.zeros([2, 3, 32, 32])).shape == [2, 5])
        #expect(try NetworkTrace(spec, input: input).output == .vector(5))
    }
}
