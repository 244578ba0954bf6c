import Testing
import ConvLab

/// `print(layer)`: one line per leaf layer, a table of paths, descriptions and parameters for a network.
@Suite struct LayerDescriptionTests {
    @Test func convolutionShowsOnlyWhatDiffersFromTheDefaults() {
        // 64·64·3·3 + 64 = 36,928.
        #expect("\(Conv2D(inChannels: 64, outChannels: 64, kernel: 3, padding: 1))"
                == "Conv2D(64→64, kernel 3×3, padding 1, 36,928 params)")
        // 64·3·7·7 = 9,408 without bias.
        #expect("\(Conv2D(inChannels: 3, outChannels: 64, kernel: 7, stride: 2, padding: 3, bias: false))"
                == "Conv2D(3→64, kernel 7×7, stride 2, padding 3, no bias, 9,408 params)")
        // Depthwise: 32·1·3·3 + 32 = 320.
        #expect("\(Conv2D(inChannels: 32, outChannels: 32, kernel: 3, padding: 2, dilation: 2, groups: 32))"
                == "Conv2D(32→32, kernel 3×3, padding 2, dilation 2, groups 32, 320 params)")
        // 1×7 with padding only along the width: 16·16·7 + 16 = 1,808.
        #expect("\(Conv2D(inChannels: 16, outChannels: 16, kernel: Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)))"
                == "Conv2D(16→16, kernel 1×7, padding 0×3, 1,808 params)")
    }

    @Test func everyLeafLayerHasOneLine() {
        let expected: [(any Layer, String)] = [
            (ReLU(), "ReLU()"),
            (ReLU6(), "ReLU6()"),
            (Sigmoid(), "Sigmoid()"),
            (Tanh(), "Tanh()"),
            (BatchNorm2D(channels: 64), "BatchNorm2D(64, 128 params)"),
            (Linear(inFeatures: 512, outFeatures: 10), "Linear(512→10, 5,130 params)"),
            (Linear(inFeatures: 4, outFeatures: 1, bias: false), "Linear(4→1, no bias, 4 params)"),
            (Linear(inFeatures: 1, outFeatures: 1, bias: false), "Linear(1→1, no bias, 1 param)"),
            (MaxPool2D(kernel: 2), "MaxPool2D(kernel 2×2)"),
            (MaxPool2D(kernel: 3, stride: 2, padding: 1, ceilMode: true), "MaxPool2D(kernel 3×3, stride 2, padding 1, ceil mode)"),
            (AvgPool2D(kernel: 3, stride: 1, padding: 1, countIncludePad: false),
             "AvgPool2D(kernel 3×3, stride 1, padding 1, padding not counted)"),
            (AdaptiveAvgPool2D(outputSize: 1), "AdaptiveAvgPool2D(output 1×1)"),
            (Flatten(), "Flatten()"),
            (Dropout(probability: 0.5), "Dropout(probability 0.5)"),
        ]
        for (layer, line) in expected { #expect(layer.description == line) }
    }

    @Test func aNetworkPrintsItsLayersByPath() {
        // conv1 and conv2: 8·8·3·3 = 576 each without bias; bn1: scale and shift, 16.
        let block = Residual(body: Sequential(
            NamedLayer("conv1", Conv2D(inChannels: 8, outChannels: 8, kernel: 3, padding: 1, bias: false)),
            NamedLayer("bn1", BatchNorm2D(channels: 8)),
            NamedLayer("relu", ReLU()),
            NamedLayer("conv2", Conv2D(inChannels: 8, outChannels: 8, kernel: 3, padding: 1, bias: false))))
        let net = Sequential(NamedLayer("block", block), ReLU())
        #expect(net.description == """
            Layer        Description                                  Params
            ───────────  ───────────────────────────────────────────  ──────
            block.conv1  Conv2D(8→8, kernel 3×3, padding 1, no bias)     576
            block.bn1    BatchNorm2D(8)                                   16
            block.relu   ReLU()                                            0
            block.conv2  Conv2D(8→8, kernel 3×3, padding 1, no bias)     576
            block.add    Residual(x + body(x))                             0
            1            ReLU()                                            0
            Total params: 1,168
            """)
    }

    @Test func compositesPrintAsTablesWithTheirMerges() {
        // Two branches: 4·2·1·1 + 2 = 10 and 4·3·3·3 + 3 = 111; the gate 4·4·1·1 + 4 = 20.
        let inception = Concat(Conv2D(inChannels: 4, outChannels: 2, kernel: 1),
                               Conv2D(inChannels: 4, outChannels: 3, kernel: 3, padding: 1))
        #expect(inception.description == """
            Layer  Description                         Params
            ─────  ──────────────────────────────────  ──────
            0      Conv2D(4→2, kernel 1×1)                 10
            1      Conv2D(4→3, kernel 3×3, padding 1)     111
            cat    Concat(2 branches)                       0
            Total params: 121
            """)
        let highway = Highway(body: ReLU(), channels: 4)
        #expect(highway.description == """
            Layer  Description                                                      Params
            ─────  ───────────────────────────────────────────────────────────────  ──────
            body   ReLU()                                                                0
            gate   Conv2D(4→4, kernel 1×1)                                              20
            add    Highway(T·body(x) + (1 − T)·x, T = σ(gate 1×1), gate bias -1.0)       0
            Total params: 20
            """)
        let scaled = Residual(body: ReLU(), shortcut: Conv2D(inChannels: 4, outChannels: 4, kernel: 1), branchScale: 0.5)
        #expect(scaled.rowsDescribed == ["(top): ReLU()", "shortcut: Conv2D(4→4, kernel 1×1)", "add: Residual(shortcut(x) + 0.5·body(x))"])
    }

    @Test func pathsAndTotalsAreTheTraceOnes() throws {
        // The table walks the description as NetworkTrace does, without an input shape.
        let model = try #require(Zoo.resnet(depth: 18))
        let trace = try model.trace()
        let table = LayerTable(model.spec)
        #expect(table.rows.map(\.path) == trace.rows.map(\.path))
        #expect(table.rows.map(\.parameters) == trace.rows.map(\.parameters))
        #expect(table.totalParameters == 11_689_512)
        #expect(table.description.hasSuffix("\nTotal params: 11,689,512"))
    }
}

private extension Layer {
    /// `path: description` per row of the layer's table.
    var rowsDescribed: [String] { LayerTable(spec).rows.map { "\($0.path): \($0.spec.oneLine)" } }
}
