import Testing
@testable import ConvLab

/// Flops, compulsory bytes and arithmetic intensity counted by hand (no timed tests: the
/// measurements themselves depend on the machine and are exercised by chapter 9).
@Suite struct RooflineTests {
    @Test func denseThreeByThree() throws {
        // 64→64, 3×3, pad 1, at 56×56 with bias: 2·64·56²·64·9 = 231,211,008 flops;
        // bytes 4·(64·56² in + 64·64·9 weights + 64 biases + 64·56² out) = 4·438,336.
        let spec = ConvSpec(inChannels: 64, outChannels: 64, kernel: 3, padding: 1)
        let one = try spec.cost(input: .image(channels: 64, side: 56))
        #expect(one.flops == 231_211_008)
        #expect(one.bytes == 1_753_344)
        #expect(abs(one.intensity - 231_211_008.0 / 1_753_344) < 1e-12)
        // A batch of 8 multiplies flops and activations, not the weights (read once per call).
        let eight = try spec.cost(input: .image(channels: 64, side: 56), batch: 8)
        #expect(eight.flops == 8 * 231_211_008)
        let eightScalars: Double = 8 * 2 * 200_704 + 36_864 + 64
        #expect(eight.bytes == 4 * eightScalars)
        #expect(eight.intensity > one.intensity)
        // Agrees with the geometry the kernels use.
        let geometry = ConvGeometry(inputShape: [8, 64, 56, 56], weightShape: spec.weightShape,
                                    stride: 1, padding: 1, dilation: 1, groups: 1)
        #expect(eight.flops == geometry.forwardFlops)
    }

    @Test func depthwiseAndPointwise() throws {
        // Depthwise 3×3 on 64 channels: 2·64·56²·1·9 = 3,612,672 flops; 4·(2·200,704 + 576) bytes.
        let depthwise = try ConvSpec(inChannels: 64, outChannels: 64, kernel: 3, padding: 1, groups: 64, bias: false)
            .cost(input: .image(channels: 64, side: 56))
        #expect(depthwise.flops == 3_612_672)
        #expect(depthwise.bytes == 1_607_936)
        // 1×1, 8→8 at 112×112: 2·8·8 flops per pixel over 4·(8 + 8) bytes per pixel, ≈ 2 flop/byte.
        let pointwise = try ConvSpec(inChannels: 8, outChannels: 8, kernel: 1, bias: false)
            .cost(input: .image(channels: 8, side: 112))
        #expect(pointwise.flops == 1_605_632)
        #expect(pointwise.bytes == 803_072)
        #expect(abs(pointwise.intensity - 1_605_632.0 / 803_072) < 1e-12)
    }

    @Test func stridedConvolutionCountsItsOutput() throws {
        // 3→64, 7×7, stride 2, pad 3 on 224²: output 112²; 2·64·112²·3·49 flops.
        let cost = try ConvSpec(inChannels: 3, outChannels: 64, kernel: 7, stride: 2, padding: 3, bias: false)
            .cost(input: .image(channels: 3, side: 224))
        let flops: Double = 2 * 64 * 12_544 * 3 * 49
        let scalars: Double = 3 * 50_176 + 64 * 3 * 49 + 64 * 12_544  // input, weights, output
        #expect(cost.flops == flops)
        #expect(cost.bytes == 4 * scalars)
    }

    @Test func elementwiseLayers() throws {
        let image = FeatureShape.image(channels: 64, side: 56)  // 200,704 elements
        let relu = try LayerSpec.activation(.relu).cost(input: image, batch: 2)
        #expect(relu.flops == 401_408)
        #expect(relu.bytes == 8 * 401_408)
        #expect(relu.intensity == 0.125)
        let relu6 = try LayerSpec.activation(.relu6).cost(input: image)
        #expect(relu6.flops == 2 * 200_704)
        // Batch norm folded to y = a·x + b: 2 flops per element; reads 4 values per channel.
        let norm = try LayerSpec.batchNorm(channels: 64).cost(input: image)
        #expect(norm.flops == 401_408)
        #expect(norm.bytes == 8 * 200_704 + 16 * 64)
        #expect(try LayerSpec.flatten.cost(input: image) == LayerCost(flops: 0, bytes: 0))
    }

    @Test func layersAddUp() throws {
        let image = FeatureShape.image(channels: 32, side: 32)
        let conv5 = ConvSpec(inChannels: 32, outChannels: 32, kernel: 5, padding: 2, bias: false)
        let conv3 = ConvSpec(inChannels: 32, outChannels: 32, kernel: 3, padding: 1, bias: false)
        let five = try conv5.cost(input: image, batch: 8)
        let pair = try LayerSpec.sequential([.conv(conv3), .conv(conv3)]).cost(input: image, batch: 8)
        // Two 3×3 do 18/25 of the 5×5's flops but move twice the activations.
        #expect(pair.flops / five.flops == 18.0 / 25)
        let pairScalars: Double = 2 * (2 * 8 * 32_768 + 9_216)
        let fiveScalars: Double = 2 * 8 * 32_768 + 25_600
        #expect(pair.bytes == 4 * pairScalars)
        #expect(five.bytes == 4 * fiveScalars)
        let block = LayerSpec.sequential([.conv(conv3), .activation(.relu)])
        #expect(try block.cost(input: image) == conv3.cost(input: image) + LayerSpec.activation(.relu).cost(input: image))
        // A residual add reads two tensors and writes one: 1 flop, 12 bytes per element.
        let residual = try LayerSpec.residual(body: .activation(.identity), shortcut: nil, branchScale: 1).cost(input: image)
        #expect(residual == LayerCost(flops: 32_768, bytes: 8 * 32_768 + 12 * 32_768))
    }

    @Test func rooflineArithmetic() {
        let roof = Roofline(peakGFLOPs: 100, bandwidthGBs: 20)
        #expect(roof.ridgeIntensity == 5)
        #expect(roof.attainableGFLOPs(intensity: 1) == 20)
        #expect(roof.attainableGFLOPs(intensity: 5) == 100)
        #expect(roof.attainableGFLOPs(intensity: 50) == 100)
        let measured = Throughput(cost: LayerCost(flops: 2e9, bytes: 1e9), milliseconds: 40, samples: 5)
        #expect(measured.gflops == 50)
        #expect(measured.gigabytesPerSecond == 25)
        #expect(measured.shareOfPeak(roof) == 0.5)
        #expect(measured.shareOfRoof(roof) == 50.0 / 40)  // intensity 2 allows 40 GFLOP/s
    }

    @Test func triadArraysAreFourTimesTheLargestCacheAndAtLeast128MiB() {
        // sysfs sizes: "48K", "2048K", "307200K" (a 300 MiB L3), and M or G where written so.
        #expect(cacheBytes(sysfsSize: "48K\n") == 48 << 10)
        #expect(cacheBytes(sysfsSize: "307200K") == 300 << 20)
        #expect(cacheBytes(sysfsSize: "32M") == 32 << 20)
        #expect(cacheBytes(sysfsSize: "1G") == 1 << 30)
        #expect(cacheBytes(sysfsSize: "512") == 512)
        #expect(cacheBytes(sysfsSize: "") == nil && cacheBytes(sysfsSize: "K") == nil && cacheBytes(sysfsSize: "abcK") == nil)
        #expect(triadArrayMegabytes(largestCache: nil) == 128)
        #expect(triadArrayMegabytes(largestCache: 32 << 20) == 128)
        #expect(triadArrayMegabytes(largestCache: 33 << 20) == 132)
        #expect(triadArrayMegabytes(largestCache: 300 << 20) == 1_200)
        #expect(triadArrayMegabytes(largestCache: (32 << 20) + 1) == 129)  // rounded up, never under 4×
    }

    @Test func medianTimingIsSingleThreadedAndRestoresThreads() {
        let saved = threadCount
        var calls = 0, allSingle = true
        let result = medianCPUMilliseconds(minSamples: 3, maxSamples: 4) {
            calls += 1
            allSingle = allSingle && threadCount == 1
        }
        // A trivial body never adds up to 50 ms, so it stops at maxSamples; its calls are
        // grouped (far more than one a sample) so that a sample is long enough to time.
        #expect(result.samples == 4)
        #expect(result.callsPerSample > 1)
        #expect(calls > 4 * result.callsPerSample)  // the warm-up and calibration calls too
        #expect(allSingle)
        #expect(threadCount == saved)
    }
}
