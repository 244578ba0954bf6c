import Testing
@testable import ConvLab

/// Shape inference (PyTorch's rules) and the theoretical receptive field, checked by hand.
@Suite struct ReceptiveFieldTests {
    static func conv(_ k: Size2D, stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1, channels: Int = 1) -> LayerSpec {
        .conv(ConvSpec(inChannels: channels, outChannels: channels, kernel: k, stride: stride, padding: padding, dilation: dilation))
    }

    @Test func stackOfThreeByThreeGrowsByTwo() throws {
        for n in 1...6 {
            let spec = LayerSpec.sequential(Array(repeating: Self.conv(3, padding: 1), count: n))
            let field = try #require(try spec.receptiveField(for: .image(channels: 1, side: 32)))
            #expect(field.size == Size2D(h: 2 * n + 1, w: 2 * n + 1))
            #expect(field.jump == 1)
            #expect(field.centerH == 0 && field.startH == Double(-n))
        }
    }

    @Test func alexNetPool5() throws {
        // conv1 11/4 p2: r 11, j 4, centre 5−2 = 3; pool 3/2: r 19, j 8, c 7; conv2 5 p2: r 51;
        // pool: r 67, j 16, c 15; conv3–5 3 p1: r 163; pool5: r 195, j 32, c 31.
        let trace = try Zoo.alexNet().trace()
        let pool5 = try #require(trace.rows.first { $0.path == "features.12" })
        #expect(pool5.outputShape == .image(channels: 256, height: 6, width: 6))
        let field = try #require(pool5.receptiveField)
        #expect(field.size == 195 && field.jump == 32)
        #expect(field.centerH == 31 && field.startH == -66)
        #expect(trace.receptiveField?.isGlobal == true)
    }

    @Test func vgg16Pool5() throws {
        // Each 3×3 adds 2·jump, each 2×2 pool adds jump and moves the centre by jump/2.
        let trace = try Zoo.vgg(.d).trace()
        let pool5 = try #require(trace.rows.first { $0.path == "features.30" })
        let field = try #require(pool5.receptiveField)
        #expect(field.size == 212 && field.jump == 32)
        #expect(field.centerW == 15.5 && field.startW == -90)
    }

    @Test func dilationAndFactorizedKernels() throws {
        let dilated = LayerSpec.sequential([Self.conv(3, padding: 1), Self.conv(3, padding: 2, dilation: 2), Self.conv(3, padding: 4, dilation: 4)])
        #expect(try dilated.receptiveField(for: .image(channels: 1, side: 32))?.size == 15)
        let factorized = LayerSpec.sequential([Self.conv(Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)),
                                               Self.conv(Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0))])
        let field = try #require(try factorized.receptiveField(for: .image(channels: 1, side: 16)))
        #expect(field.size == 7 && field.centerH == 0 && field.centerW == 0)
        let only = try #require(try Self.conv(Size2D(h: 1, w: 7)).receptiveField(for: .image(channels: 1, side: 16)))
        #expect(only.size == Size2D(h: 1, w: 7) && only.centerW == 3)
    }

    @Test func residualAndConcatTakeTheUnion() throws {
        let residual = LayerSpec.residual(body: Self.conv(Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)),
                                          shortcut: Self.conv(Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0)), branchScale: 1)
        #expect(try residual.receptiveField(for: .image(channels: 1, side: 12))?.size == 7)
        // Two 3×3 windows shifted by padding: rows [0, 2] and [−2, 0] unite to [−2, 2].
        let shiftedDown = Self.conv(3, padding: Padding2D(top: 0, bottom: 2, left: 1, right: 1))
        let shiftedUp = Self.conv(3, padding: Padding2D(top: 2, bottom: 0, left: 1, right: 1))
        let field = try #require(try LayerSpec.concat([shiftedDown, shiftedUp]).receptiveField(for: .image(channels: 1, side: 8)))
        #expect(field.size == Size2D(h: 5, w: 3) && field.centerH == 0 && field.startH == -2)
        #expect(try LayerSpec.concat([shiftedDown, shiftedUp]).outputShape(for: .image(channels: 1, side: 8)) == .image(channels: 2, side: 8))
    }

    @Test func inceptionV3FieldGrowsThroughBranches() throws {
        let trace = try Zoo.inceptionV3().trace()
        let mixed = try #require(trace.rows.first { $0.path == "Mixed_6e.cat" && $0.isMerge })
        #expect(mixed.outputShape == .image(channels: 768, height: 17, width: 17))
        let before = try #require(trace.rows.first { $0.path == "Mixed_6d.cat" && $0.isMerge }?.receptiveField)
        // The 7×1/1×7 double branch adds (7 − 1)·2 = 12 positions of jump 16 per axis.
        #expect(try #require(mixed.receptiveField).size.h == before.size.h + 12 * 16)
    }

    @Test func adaptivePoolingFieldIsDefinedOnlyForUniformWindows() throws {
        let uneven = LayerSpec.sequential([Self.conv(3), .adaptiveAvgPool(output: 2)])
        let trace = try NetworkTrace(uneven, input: .image(channels: 1, side: 7))  // 5 → 2: windows of 3 and 3 overlapping
        #expect(trace.output == .image(channels: 1, side: 2))
        #expect(trace.receptiveField == nil)
        let even = try NetworkTrace(uneven, input: .image(channels: 1, side: 6))  // 4 → 2: kernel = stride = 2
        #expect(even.receptiveField?.size == 4 && even.receptiveField?.jump == 2)  // 3 + (2 − 1)·1
    }

    @Test func printableTable() throws {
        let table = try Zoo.alexNet().trace().receptiveFieldTable()
        #expect(table.contains("features.12"))
        #expect(table.split(separator: "\n").first { $0.hasPrefix("features.12 ") }?.contains("195×195") == true)
        #expect(table.contains("global"))
    }
}

/// Receptive fields of ResNets and highway layers, derived by hand.
@Suite struct ReceptiveFieldResNetTests {
    @Test func resnetFieldsBeforePooling() throws {
        // ResNet-50: conv1 7 (jump 2), maxpool → 11 (jump 4); layer1 three 3×3 at jump 4 → 35;
        // layer2 +8 (stride 2) then 3·16 → 91; layer3 +16 then 5·32 → 267; layer4 +32 then 2·64 → 427.
        // ResNet-18: 11, then 4·8 → 43; +8, 3·16 → 99; +16, 3·32 → 211; +32, 3·64 → 435.
        for (depth, expected) in [(50, 427), (18, 435)] {
            let trace = try #require(Zoo.resnet(depth: depth)).trace()
            let layer4 = try #require(trace.rows.last { $0.path.hasPrefix("layer4") }?.receptiveField)
            #expect(layer4.size == Size2D(integerLiteral: expected) && layer4.jump == 32, "resnet\(depth)")
        }
    }

    @Test func highwayCoversBodyGateAndCarry() throws {
        let body = LayerSpec.conv(ConvSpec(inChannels: 2, outChannels: 2, kernel: 5, padding: 2))
        let gate = ConvSpec(inChannels: 2, outChannels: 2, kernel: Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3))
        let trace = try NetworkTrace(.highway(body: body, gate: gate, gateBias: -2), input: .image(channels: 2, side: 9))
        #expect(trace.receptiveField?.size == Size2D(h: 5, w: 7))
        #expect(trace.totalParameters == 2 * 2 * 25 + 2 + 2 * 2 * 7 + 2)
        #expect(trace.rows.map(\.path) == ["body", "gate", "add"])
        let bad = LayerSpec.highway(body: .conv(ConvSpec(inChannels: 2, outChannels: 2, kernel: 3)), gate: gate, gateBias: -2)
        #expect(throws: ShapeError.self) { try bad.outputShape(for: .image(channels: 2, side: 9)) }
    }
}
