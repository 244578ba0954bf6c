import Testing
@testable import ConvLab

/// Output shapes by PyTorch's rules, and the errors for shapes that cannot work.
@Suite struct CostShapeInferenceTests {
    let image = FeatureShape.image(channels: 3, side: 32)

    @Test func ceilModeAddsAWindowButNeverOneInThePadding() throws {
        let ceil = LayerSpec.maxPool(PoolSpec(kernel: 3, stride: 2, ceilMode: true))
        #expect(try ceil.outputShape(for: .image(channels: 64, side: 112)) == .image(channels: 64, side: 56))
        #expect(try LayerSpec.maxPool(PoolSpec(kernel: 3, stride: 2)).outputShape(for: .image(channels: 64, side: 112)) == .image(channels: 64, side: 55))
        // 5 pixels, window 2, stride 2, padding 1: ceil gives 4 windows, but the 4th would
        // start at padded index 6 ≥ 5 + 1, inside the right padding; PyTorch keeps 3.
        let padded = LayerSpec.maxPool(PoolSpec(kernel: 2, stride: 2, padding: 1, ceilMode: true))
        #expect(try padded.outputShape(for: .image(channels: 1, side: 5)) == .image(channels: 1, side: 3))
    }

    @Test func convolutionWithAsymmetricPaddingAndDilation() throws {
        let conv = LayerSpec.conv(ConvSpec(inChannels: 3, outChannels: 8, kernel: Size2D(h: 3, w: 5), stride: Size2D(h: 2, w: 1),
                                           padding: Padding2D(top: 1, bottom: 0, left: 2, right: 2), dilation: Size2D(h: 1, w: 2)))
        // h: (32 + 1 − 3)/2 + 1 = 16; w: (32 + 4 − 9)/1 + 1 = 28.
        #expect(try conv.outputShape(for: image) == .image(channels: 8, height: 16, width: 28))
    }

    @Test func zooShapesAlongTheWay() throws {
        let resnet = try #require(Zoo.resnet(depth: 50)).trace()
        #expect(resnet.rows.last { $0.path.hasPrefix("layer4") }?.outputShape == .image(channels: 2048, side: 7))
        let googlenet = try Zoo.googLeNet().trace()
        #expect(googlenet.rows.first { $0.path == "inception4a.cat" && $0.isMerge }?.outputShape == .image(channels: 512, side: 14))
        #expect(googlenet.rows.first { $0.path == "maxpool1" }?.outputShape == .image(channels: 64, side: 56))
    }

    @Test func errorsNameTheLayer() {
        let wrongChannels = LayerSpec.named("stem", .conv(ConvSpec(inChannels: 1, outChannels: 4, kernel: 3)))
        #expect(throws: ShapeError.channelMismatch(layer: "stem", expected: 1, got: 3)) { try wrongChannels.outputShape(for: image) }
        let noFlatten = LayerSpec.sequential([.linear(inFeatures: 3072, outFeatures: 10, bias: true)])
        #expect(throws: ShapeError.wrongRank(layer: "0", expected: "a flat vector [3072]", got: image)) { try noFlatten.outputShape(for: image) }
        let tooBig = LayerSpec.conv(ConvSpec(inChannels: 3, outChannels: 4, kernel: 7, dilation: 6))
        #expect(throws: ShapeError.inputTooSmall(layer: "(top)", input: image, window: 37, padded: 32)) { try tooBig.outputShape(for: image) }
        let badPool = LayerSpec.maxPool(PoolSpec(kernel: 2, padding: 2))
        #expect(throws: ShapeError.self) { try badPool.outputShape(for: image) }
        let groups = LayerSpec.conv(ConvSpec(inChannels: 3, outChannels: 4, kernel: 1, groups: 2))
        #expect(throws: ShapeError.self) { try groups.outputShape(for: image) }
        let mismatch = LayerSpec.residual(body: .conv(ConvSpec(inChannels: 3, outChannels: 3, kernel: 3)), shortcut: nil, branchScale: 1)
        #expect(throws: ShapeError.branchMismatch(layer: "(top)", shapes: [.image(channels: 3, side: 30), image])) { try mismatch.outputShape(for: image) }
        #expect(ShapeError.channelMismatch(layer: "stem", expected: 1, got: 3).description.contains("stem"))
    }

    @Test func tooManyDownsamplingsForASmallImage() {
        // Five 2×2 pools need at least 32 pixels: at 16 the fifth pool receives a 1×1 map.
        let vgg = Zoo.vgg(.a)
        #expect(throws: ShapeError.self) { try NetworkTrace(vgg.spec, input: .image(channels: 3, side: 16)) }
        #expect((try? NetworkTrace(vgg.spec, input: .image(channels: 3, side: 32)))?.output == .vector(1000))
    }
}
