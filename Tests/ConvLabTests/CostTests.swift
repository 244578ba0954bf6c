import Testing
@testable import ConvLab

/// Parameters and multiply-accumulates counted by hand, and variants the published table lacks.
@Suite struct CostTests {
    @Test func alexNetByHand() throws {
        // Per layer, C_out·H_out·W_out·C_in·K²: conv1 64·55²·3·121 = 70,276,800;
        // conv2 192·27²·64·25 = 223,948,800; conv3 384·13²·192·9 = 112,140,288;
        // conv4 256·13²·384·9 = 149,520,384; conv5 256·13²·256·9 = 99,680,256;
        // fc 9216·4096 + 4096² + 4096·1000 = 58,621,952. Total 714,188,480.
        let trace = try Zoo.alexNet().trace()
        let convs = trace.rows.filter { if case .conv = $0.spec { true } else { false } }
        #expect(convs.map(\.multiplyAccumulates) == [70_276_800, 223_948_800, 112_140_288, 149_520_384, 99_680_256])
        #expect(trace.totalMultiplyAccumulates == 714_188_480)
    }

    @Test func resNet18ByHand() throws {
        // conv1 64·112²·3·49 = 118,013,952; layer1 four 64→64 3×3 at 56²: 4·115,605,504;
        // layers 2–4 each: a strided 3×3 (57,802,752), three 3×3 (3·115,605,504) and a 1×1
        // projection (6,422,528) = 411,041,792; fc 512,000. Total 1,814,073,344.
        let trace = try #require(Zoo.resnet(depth: 18)).trace()
        #expect(trace.totalMultiplyAccumulates == 118_013_952 + 4 * 115_605_504 + 3 * 411_041_792 + 512_000)
        let layer3 = trace.rows.filter { $0.path.hasPrefix("layer3.") }.reduce(0) { $0 + $1.multiplyAccumulates }
        #expect(layer3 == 411_041_792)
    }

    @Test func variantsAndAuxiliaryHeads() throws {
        // torchvision's published figures for variants the issue does not list.
        let resnext = Zoo.resnet(block: .bottleneck, stages: [3, 4, 6, 3], groups: 32, widthPerGroup: 4)
        #expect(resnext.parameterCount == 25_028_904)
        #expect((try resnext.trace().gigaMultiplyAccumulates * 100).rounded() / 100 == 4.23)
        let wide = Zoo.resnet(block: .bottleneck, stages: [3, 4, 6, 3], widthPerGroup: 128)
        #expect(wide.parameterCount == 68_883_240)
        #expect((try wide.trace().gigaMultiplyAccumulates * 10).rounded() / 10 == 11.4)
        // GoogLeNet's two aux heads by hand: 1×1 conv + BN (512·128 + 256 and 528·128 + 256),
        // fc 2048→1024 (2,098,176) and fc 1024→1000 (1,025,000) each: 6,379,984 in all.
        #expect(Zoo.googLeNet(auxiliaryClassifiers: true).parameterCount == 6_624_904 + 6_379_984)
        // Inception-v3's AuxLogits: 768·128 + 256, 128·768·25 + 1536, 768·1000 + 1000 = 3,326,696.
        #expect(Zoo.inceptionV3(auxiliaryLogits: false).parameterCount == 27_161_264 - 3_326_696)
        #expect(Zoo.resnet(depth: 26) == nil && Zoo.squeezeNet(version: "2_0") == nil)
        #expect(Zoo.squeezeNet()?.name == "squeezenet1_0" && Zoo.squeezeNet(version: "1_1") == Zoo.squeezeNet(.v1_1))
        #expect(Zoo.resnet(block: .basic, stages: [1, 1, 1, 1]).name == "resnet10")
    }

    @Test func trueFiveByFiveCostsMore() throws {
        // Each inception's third branch goes from r·c·9 to r·c·25 weights (r, c: its channels).
        let channels = [(16, 32), (32, 96), (16, 48), (24, 64), (24, 64), (32, 64), (32, 128), (32, 128), (48, 128)]
        let extra = channels.reduce(0) { $0 + $1.0 * $1.1 * 16 }
        #expect(Zoo.googLeNet(trueFiveByFive: true).parameterCount - Zoo.googLeNet().parameterCount == extra)
        #expect(try Zoo.googLeNet(trueFiveByFive: true).trace().output == .vector(1000))
    }

    @Test func activationMemoryOfASmallNetwork() throws {
        // conv 1→4 3×3 p1 on 8×8 (256 scalars), ReLU (256), 2×2 pool (64), flatten (64), linear → 10.
        let spec = LayerSpec.sequential([.conv(ConvSpec(inChannels: 1, outChannels: 4, kernel: 3, padding: 1)), .activation(.relu),
                                         .maxPool(PoolSpec(kernel: 2)), .flatten, .linear(inFeatures: 64, outFeatures: 10, bias: true)])
        let trace = try NetworkTrace(spec, input: .image(channels: 1, side: 8))
        #expect(trace.activationElements == 256 + 256 + 64 + 64 + 10)
        #expect(trace.activationBytes == 650 * 4)
        #expect(trace.totalParameters == 40 + 650 && spec.parameterCount == 690)
        #expect(trace.totalMultiplyAccumulates == 4 * 64 * 9 + 640)
    }

    @Test func summaryTable() throws {
        let table = try Zoo.vgg(.d).trace().costTable()
        #expect(table.contains("Total params: 138,357,544"))
        #expect(table.contains("Total mult-adds: 15,470,264,320 (15.47 G)"))
        #expect(table.contains("Conv2d(3, 64, k=3, p=1)"))
        #expect(groupedDigits(-1234567) == "-1,234,567" && groupedDigits(12) == "12")
    }
}
