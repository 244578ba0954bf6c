import Testing
@testable import ConvLab

/// `TraceRow.path` against torchvision's names: module paths from the model sources
/// (torchvision/models/*.py), and for operations its `forward` calls as functions, the node
/// names of torchvision's feature extraction (`get_graph_node_names`: `layer1.0.add`,
/// `layer4.2.relu_2`, `Mixed_5b.cat`).
@Suite struct ZooPathTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        let model: String
        /// Paths that must appear, among others.
        let paths: [String]
        /// The only paths that may carry a repeat suffix (`_1`, `_2`): those torchvision gives one.
        var repeats: @Sendable (String) -> Bool = { _ in false }
        var testDescription: String { model }
    }

    static let expected: [Expected] = [
        .init(model: "alexnet", paths: ["features.0", "features.1", "features.12", "avgpool", "flatten", "classifier.0",
                                        "classifier.6"]),
        .init(model: "vgg16_bn", paths: ["features.0", "features.1", "features.2", "features.43", "avgpool", "flatten",
                                         "classifier.6"]),
        .init(model: "resnet18", paths: ["conv1", "bn1", "relu", "maxpool", "layer1.0.conv1", "layer1.0.relu", "layer1.0.add",
                                         "layer1.0.relu_1", "layer2.0.downsample.0", "layer2.0.downsample.1", "layer4.1.bn2",
                                         "avgpool", "flatten", "fc"],
              repeats: { $0.hasSuffix(".relu_1") }),
        .init(model: "resnet50", paths: ["layer1.0.conv3", "layer1.0.downsample.0", "layer1.2.relu_2", "layer3.5.add",
                                         "layer4.2.relu_2", "fc"],
              repeats: { $0.hasSuffix(".relu_1") || $0.hasSuffix(".relu_2") }),
        .init(model: "googlenet", paths: ["conv1.conv", "conv1.bn", "conv1.relu", "maxpool1", "conv3.conv", "inception3a.branch1.conv",
                                          "inception3a.branch2.0.conv", "inception3a.branch2.1.bn", "inception3a.branch3.1.conv",
                                          "inception3a.branch4.0", "inception3a.branch4.1.conv", "inception3a.cat", "maxpool4",
                                          "inception5b.cat", "avgpool", "flatten", "dropout", "fc"]),
        .init(model: "inception_v3", paths: ["Conv2d_1a_3x3.conv", "Conv2d_4a_3x3.relu", "maxpool2", "Mixed_5b.branch1x1.conv",
                                             "Mixed_5b.branch5x5_1.conv", "Mixed_5b.branch5x5_2.bn", "Mixed_5b.branch3x3dbl_3.conv",
                                             "Mixed_5b.avg_pool2d", "Mixed_5b.branch_pool.conv", "Mixed_5b.cat", "Mixed_6a.branch3x3.conv",
                                             "Mixed_6a.max_pool2d", "Mixed_6e.branch7x7dbl_5.conv", "Mixed_7a.branch7x7x3_4.relu",
                                             "Mixed_7b.branch3x3_2a.conv", "Mixed_7b.branch3x3dbl_3b.bn", "Mixed_7b.cat", "Mixed_7b.cat_1",
                                             "Mixed_7b.cat_2", "Mixed_7c.cat_2", "avgpool", "dropout", "flatten", "fc"],
              repeats: { $0.hasSuffix(".cat_1") || $0.hasSuffix(".cat_2") }),
        .init(model: "squeezenet1_0", paths: ["features.0", "features.1", "features.2", "features.3.squeeze",
                                              "features.3.squeeze_activation", "features.3.expand1x1",
                                              "features.3.expand1x1_activation", "features.3.expand3x3_activation", "features.3.cat",
                                              "features.12.cat", "classifier.1", "classifier.3", "flatten"]),
        .init(model: "squeezenet1_1", paths: ["features.3.squeeze", "features.5", "features.12.expand3x3", "classifier.1"]),
        .init(model: "mobilenet_v2", paths: ["features.0.0", "features.0.1", "features.0.2", "features.1.conv.0.0", "features.1.conv.0.2",
                                             "features.1.conv.1", "features.1.conv.2", "features.2.conv.0.0", "features.2.conv.1.0",
                                             "features.2.conv.3", "features.3.add", "features.17.conv.3", "features.18.0",
                                             "adaptive_avg_pool2d", "flatten", "classifier.0", "classifier.1"]),
        .init(model: "densenet121", paths: ["features.conv0", "features.norm0", "features.relu0", "features.pool0",
                                            "features.denseblock1.denselayer1.norm1", "features.denseblock1.denselayer1.relu1",
                                            "features.denseblock1.denselayer1.conv1", "features.denseblock1.denselayer1.conv2",
                                            "features.denseblock1.denselayer2.cat", "features.denseblock1.denselayer6.conv2",
                                            "features.denseblock1.cat", "features.transition1.norm", "features.transition1.pool",
                                            "features.denseblock4.denselayer16.conv2", "features.norm5", "relu",
                                            "adaptive_avg_pool2d", "flatten", "classifier"]),
    ]

    @Test(arguments: expected) func torchvisionNames(_ expected: Expected) throws {
        let model = try #require(ZooTests.model(expected.model))
        let paths = try model.trace().rows.map(\.path)
        #expect(expected.paths.filter { !paths.contains($0) } == [], "\(expected.model): rows missing")
        #expect(Set(paths).count == paths.count, "\(expected.model): repeated paths")
        // A suffix the walker added where torchvision has none would mean two layers took one name.
        let suffixed = paths.filter { $0.split(separator: ".").last!.contains(#/_\d+$/#) }
        #expect(suffixed.filter { !expected.repeats($0) } == [], "\(expected.model)")
    }

    @Test func bottleneckRowsInTorchvisionsOrder() throws {
        // get_graph_node_names(resnet50()) lists these for layer4.0, in this order.
        let rows = try #require(Zoo.resnet(depth: 50)).trace().rows.filter { $0.path.hasPrefix("layer4.0.") }
        #expect(rows.map(\.path) == ["conv1", "bn1", "relu", "conv2", "bn2", "relu_1", "conv3", "bn3", "downsample.0",
                                     "downsample.1", "add", "relu_2"].map { "layer4.0." + $0 })
        #expect(rows.map(\.isMerge) == Array(repeating: false, count: 10) + [true, false])
    }

    @Test func inceptionEJoinsItsSplitsBeforeTheModule() throws {
        let rows = try Zoo.inceptionV3().trace().rows.filter { $0.path.hasPrefix("Mixed_7c.") && $0.isMerge }
        #expect(rows.map(\.path) == ["Mixed_7c.cat", "Mixed_7c.cat_1", "Mixed_7c.cat_2"])
        #expect(rows.map(\.outputShape) == [.image(channels: 768, side: 8), .image(channels: 768, side: 8),
                                            .image(channels: 2048, side: 8)])
    }

    @Test func denseLayersConcatenateAtTheStartOfTheNext() throws {
        let rows = try #require(Zoo.denseNet(depth: 121)).trace().rows
        let joins = rows.filter { $0.isMerge && $0.path.hasPrefix("features.denseblock1.") }
        #expect(joins.map(\.path) == (2...6).map { "features.denseblock1.denselayer\($0).cat" } + ["features.denseblock1.cat"])
        #expect(joins.map(\.outputShape) == (1...6).map { .image(channels: 64 + 32 * $0, side: 56) })
    }

    @Test func functionalAndNamedLayers() throws {
        let conv = LayerSpec.conv(ConvSpec(inChannels: 2, outChannels: 2, kernel: 3, padding: 1))
        let relu = LayerSpec.activation(.relu)
        let spec = LayerSpec.sequential([
            .named("block", .sequential([
                .functional("", .residual(body: .sequential([.named("conv", conv), .named("relu", relu)]), shortcut: nil, branchScale: 1)),
                .named("relu", relu),
            ])),
            .functional("", .sequential([.named("left", conv), .named("right", conv)])),
            .concat([conv, .sequential([conv, relu])]),
            .functional("flatten", .flatten),
        ])
        let trace = try NetworkTrace(spec, input: .image(channels: 2, side: 4))
        #expect(trace.rows.map(\.path) == ["block.conv", "block.relu", "block.add", "block.relu_1", "left", "right",
                                           "2.0", "2.1.0", "2.1.1", "2.cat", "flatten"])
    }
}
