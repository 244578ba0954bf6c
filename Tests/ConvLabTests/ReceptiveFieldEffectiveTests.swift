import Testing
@testable import ConvLab

/// A bare convolution layer on the shared `conv2d` kernels, so the effective field is
/// checked against the convolution's own backward pass without any other layer code.
final class BareConv: Layer {
    let convSpec: ConvSpec
    var weight: Tensor
    private var input: Tensor?

    init(_ spec: ConvSpec, weight: Tensor) {
        convSpec = spec
        self.weight = weight
    }

    var spec: LayerSpec { .conv(convSpec) }

    func forward(_ input: Tensor) -> Tensor {
        self.input = input
        return conv2d(input, weight, stride: convSpec.stride, padding: convSpec.padding, dilation: convSpec.dilation)
    }

    func backward(_ gradOutput: Tensor) -> Tensor {
        guard let input else { fatalError("BareConv: backward before forward") }
        return conv2dBackward(input, weight, gradOutput: gradOutput, hasBias: false, stride: convSpec.stride,
                              padding: convSpec.padding, dilation: convSpec.dilation).input
    }
}

/// Layers in a row, for the test above.
final class BareChain: Layer {
    let layers: [any Layer]
    init(_ layers: [any Layer]) { self.layers = layers }
    var spec: LayerSpec { .sequential(layers.map(\.spec)) }
    var sublayers: [any Layer] { layers }
    func forward(_ input: Tensor) -> Tensor { layers.reduce(input) { $1.forward($0) } }
    func backward(_ gradOutput: Tensor) -> Tensor { layers.reversed().reduce(gradOutput) { $1.backward($0) } }
}

@Suite struct ReceptiveFieldEffectiveTests {
    /// Coefficients of (1 + x + x²)ⁿ: the number of paths through n all-ones 3×3 layers, per axis.
    static func trinomial(_ n: Int) -> [Double] {
        var c: [Double] = [1]
        for _ in 0..<n {
            var next = [Double](repeating: 0, count: c.count + 2)
            for (k, v) in c.enumerated() { next[k] += v; next[k + 1] += v; next[k + 2] += v }
            c = next
        }
        return c
    }

    static func onesStack(_ n: Int) -> BareChain {
        let spec = ConvSpec(inChannels: 1, outChannels: 1, kernel: 3, padding: 1, bias: false)
        return BareChain((0..<n).map { _ in BareConv(spec, weight: Tensor.ones([1, 1, 3, 3])) })
    }

    @Test(arguments: [1, 2, 4, 6])
    func allOnesStackCountsPaths(_ n: Int) throws {
        let size = 2 * n + 5
        let erf = try EffectiveReceptiveField.measure(Self.onesStack(n), input: Tensor.ones([1, 1, size, size]))
        let counts = Self.trinomial(n), centre = (size - 1) / 2
        for i in 0..<size {
            for j in 0..<size {
                let (a, b) = (i - centre + n, j - centre + n)
                let expected = (0..<counts.count).contains(a) && (0..<counts.count).contains(b) ? counts[a] * counts[b] : 0
                #expect(erf.map[i][j] == expected)
            }
        }
        // Theoretical extent 2n + 1; spread √(2n/3): the sum of n uniform steps in {−1, 0, 1}.
        #expect(erf.extentSize == Size2D(integerLiteral: 2 * n + 1))
        #expect(abs(erf.spread.row - (2.0 * Double(n) / 3).squareRoot()) < 1e-9)
        #expect(abs(erf.spread.column - (2.0 * Double(n) / 3).squareRoot()) < 1e-9)
        let field = try #require(try Self.onesStack(n).spec.receptiveField(for: .image(channels: 1, side: size)))
        let fraction = erf.fractionOfArea(holding95PercentOf: field)
        #expect(fraction > 0 && fraction <= 1)
        if n >= 4 { #expect(fraction < 0.6) }
    }

    @Test func badRequestsAreErrors() {
        let stack = Self.onesStack(1)
        #expect(throws: ReceptiveFieldError.badInput(shape: [2, 1, 5, 5])) { try EffectiveReceptiveField.measure(stack, input: Tensor.ones([2, 1, 5, 5])) }
        #expect(throws: ReceptiveFieldError.positionOutside(row: 9, column: 0, outputShape: [1, 1, 5, 5])) {
            try EffectiveReceptiveField.measure(stack, input: Tensor.ones([1, 1, 5, 5]), position: (9, 0))
        }
        #expect(throws: ReceptiveFieldError.channelOutside(3, channels: 1)) {
            try EffectiveReceptiveField.measure(stack, input: Tensor.ones([1, 1, 5, 5]), channel: 3)
        }
    }
}

/// The non-zero extent of the gradient equals the theoretical field, for random weights.
@Suite struct ReceptiveFieldExtentTests {
    static func randomStack(_ specs: [ConvSpec], seed: UInt64) -> BareChain {
        var generator = SeededGenerator(seed: seed)
        return BareChain(specs.map { BareConv($0, weight: Tensor.normal($0.weightShape, using: &generator)) })
    }

    static func conv(_ k: Size2D, stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1) -> ConvSpec {
        ConvSpec(inChannels: 2, outChannels: 2, kernel: k, stride: stride, padding: padding, dilation: dilation, bias: false)
    }

    static let stacks: [[ConvSpec]] = [
        [conv(3, stride: 2, padding: 1), conv(3, padding: 1), conv(3, stride: 2, padding: 1)],
        [conv(3, padding: 1), conv(3, padding: 2, dilation: 2), conv(3, padding: 4, dilation: 4)],
        [conv(Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)), conv(Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0))],
        [conv(5, stride: 2), conv(3, dilation: 2), conv(Size2D(h: 1, w: 3), stride: Size2D(h: 2, w: 1))],
        [conv(1, stride: 2), conv(3, stride: 2, padding: 1)],
    ]

    @Test(arguments: stacks.indices)
    func extentEqualsTheory(_ index: Int) throws {
        let stack = Self.randomStack(Self.stacks[index], seed: UInt64(index))
        let side = 33
        var generator = SeededGenerator(seed: 99)
        let input = Tensor.normal([1, 2, side, side], using: &generator)
        let erf = try EffectiveReceptiveField.measure(stack, input: input)
        let field = try #require(try stack.spec.receptiveField(for: .image(channels: 2, side: side)))
        let rows = field.rows(forOutput: erf.position.row).clamped(to: 0...(side - 1))
        let columns = field.columns(forOutput: erf.position.column).clamped(to: 0...(side - 1))
        let extent = try #require(erf.extent)
        #expect(extent.rows == rows && extent.columns == columns, "stack \(index): \(extent) vs field \(field)")
        // The chosen unit's field lies inside the image, so the extent is the whole field.
        #expect(erf.extentSize == field.size)
    }

    @Test func cornerUnitFieldIsClippedByPadding() throws {
        let stack = Self.randomStack([Self.conv(3, padding: 1), Self.conv(3, padding: 1)], seed: 5)
        var generator = SeededGenerator(seed: 1)
        let erf = try EffectiveReceptiveField.measure(stack, input: Tensor.normal([1, 2, 9, 9], using: &generator), position: (0, 0))
        let extent = try #require(erf.extent)
        #expect(extent.rows == 0...2 && extent.columns == 0...2)
    }
}

/// The same measurements through layers built from descriptions.
@Suite struct ReceptiveFieldInstantiatedTests {
    @Test func onesStackThroughRealLayers() throws {
        let conv = LayerSpec.conv(ConvSpec(inChannels: 1, outChannels: 1, kernel: 3, padding: 1, bias: false))
        let spec = LayerSpec.sequential(Array(repeating: .sequential([conv, .activation(.identity)]), count: 5))
        let (erf, field) = try EffectiveReceptiveField.measure(spec, input: .image(channels: 1, side: 15), initializer: .constant(1), onesInput: true)
        #expect(erf.map[7][7] == 51 * 51)  // central trinomial coefficient of (1 + x + x²)⁵, squared
        #expect(abs(erf.spread.row - (10.0 / 3).squareRoot()) < 1e-9)
        #expect(erf.extentSize == 11 && field?.size == 11)
    }

    @Test func reluNetworkAtInitialisationStaysInsideItsField() throws {
        // A small ResNet-like stack with stride, batch norm (inference mode) and ReLU.
        let spec = LayerSpec.sequential([
            .conv(ConvSpec(inChannels: 1, outChannels: 4, kernel: 5, stride: 2, padding: 2)), .batchNorm(channels: 4), .activation(.relu),
            .residual(body: .sequential([.conv(ConvSpec(inChannels: 4, outChannels: 4, kernel: 3, padding: 1)), .activation(.relu)]),
                      shortcut: nil, branchScale: 1),
        ])
        let (erf, field) = try EffectiveReceptiveField.measure(spec, input: .image(channels: 1, side: 32), seed: 4)
        let theory = try #require(field)
        let extent = try #require(erf.extent)
        #expect(extent.rows.count <= theory.size.h && extent.columns.count <= theory.size.w)
        #expect(theory.size == 9)  // 5 + (3 − 1)·2
        #expect(erf.spread.row > 0 && erf.spread.row < Double(theory.size.h) / 2)
    }
}
