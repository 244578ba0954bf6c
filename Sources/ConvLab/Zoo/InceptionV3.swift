extension Zoo {
    /// torchvision's Inception-v3 (Szegedy et al., 2015) at 3×299×299.
    ///
    /// `auxiliaryLogits` (torchvision's default) adds the `AuxLogits` head after `Mixed_6e`;
    /// torchvision's published 27,161,264 parameters include it. It runs in training only, so
    /// the published 5.71 GFLOPS do not.
    public static func inceptionV3(classes: Int = 1000, auxiliaryLogits: Bool = true) -> ZooModel {
        typealias B = Build
        let items: [(Child, LayerSpec)] = [
            ("Conv2d_1a_3x3", B.basicConv(3, 32, 3, stride: 2)),
            ("Conv2d_2a_3x3", B.basicConv(32, 32, 3)),
            ("Conv2d_2b_3x3", B.basicConv(32, 64, 3, padding: 1)),
            ("maxpool1", B.maxPool(3, stride: 2)),
            ("Conv2d_3b_1x1", B.basicConv(64, 80, 1)),
            ("Conv2d_4a_3x3", B.basicConv(80, 192, 3)),
            ("maxpool2", B.maxPool(3, stride: 2)),
            ("Mixed_5b", inceptionA(192, pool: 32)), ("Mixed_5c", inceptionA(256, pool: 64)),
            ("Mixed_5d", inceptionA(288, pool: 64)),
            ("Mixed_6a", inceptionB(288)),
            ("Mixed_6b", inceptionC(768, c7: 128)), ("Mixed_6c", inceptionC(768, c7: 160)),
            ("Mixed_6d", inceptionC(768, c7: 160)), ("Mixed_6e", inceptionC(768, c7: 192)),
            ("Mixed_7a", inceptionD(768)),
            ("Mixed_7b", inceptionE(1280)), ("Mixed_7c", inceptionE(2048)),
            ("avgpool", .adaptiveAvgPool(output: 1)), ("dropout", .dropout(probability: 0.5)),
            (.function("flatten"), .flatten), ("fc", B.linear(2048, classes)),
        ]
        let aux = B.seq([(.function("avg_pool2d"), B.avgPool(5, stride: 3)), ("conv0", B.basicConv(768, 128, 1)),
                         ("conv1", B.basicConv(128, 768, 5)), (.function("adaptive_avg_pool2d"), .adaptiveAvgPool(output: 1)),
                         (.function("flatten"), .flatten), ("fc", B.linear(768, classes))])
        return ZooModel(name: "inception_v3", spec: B.seq(items), input: .image(channels: 3, side: 299),
                        auxiliaryHeads: auxiliaryLogits ? [AuxiliaryHead(attachedAfter: "Mixed_6e", spec: aux)] : [])
    }

    /// An Inception module as torchvision writes it: every `BasicConv2d` is a module of the block
    /// (`branch5x5_1`, `branch5x5_2`), its `forward` chains them into branches, pools with
    /// `F.avg_pool2d` or `F.max_pool2d`, and ends with `torch.cat` (the row `cat`).
    private static func module(_ branches: [[(Child, LayerSpec)]]) -> LayerSpec {
        .concat(branches.map { $0.count == 1 ? $0[0].0.wrap($0[0].1) : Build.chain($0) })
    }

    /// The pool in front of the 1×1 `branch_pool` convolution: `F.avg_pool2d(x, 3, stride=1, padding=1)`.
    private static let averagePool: (Child, LayerSpec) = (.function("avg_pool2d"), Build.avgPool(3, stride: 1, padding: 1))

    /// 35×35 module: 1×1, 1×1→5×5, 1×1→3×3→3×3, avg-pool→1×1.
    static func inceptionA(_ i: Int, pool: Int) -> LayerSpec {
        typealias B = Build
        return module([
            [("branch1x1", B.basicConv(i, 64, 1))],
            [("branch5x5_1", B.basicConv(i, 48, 1)), ("branch5x5_2", B.basicConv(48, 64, 5, padding: 2))],
            [("branch3x3dbl_1", B.basicConv(i, 64, 1)), ("branch3x3dbl_2", B.basicConv(64, 96, 3, padding: 1)),
             ("branch3x3dbl_3", B.basicConv(96, 96, 3, padding: 1))],
            [averagePool, ("branch_pool", B.basicConv(i, pool, 1))],
        ])
    }

    /// Grid reduction 35→17: stride-2 3×3, 1×1→3×3→3×3 stride 2, max pool.
    static func inceptionB(_ i: Int) -> LayerSpec {
        typealias B = Build
        return module([
            [("branch3x3", B.basicConv(i, 384, 3, stride: 2))],
            [("branch3x3dbl_1", B.basicConv(i, 64, 1)), ("branch3x3dbl_2", B.basicConv(64, 96, 3, padding: 1)),
             ("branch3x3dbl_3", B.basicConv(96, 96, 3, stride: 2))],
            [(.function("max_pool2d"), B.maxPool(3, stride: 2))],
        ])
    }

    /// 17×17 module with factorized 7×7 convolutions (1×7 then 7×1).
    static func inceptionC(_ i: Int, c7: Int) -> LayerSpec {
        typealias B = Build
        let row = Size2D(h: 1, w: 7), column = Size2D(h: 7, w: 1)
        let padRow = Padding2D(h: 0, w: 3), padColumn = Padding2D(h: 3, w: 0)
        return module([
            [("branch1x1", B.basicConv(i, 192, 1))],
            [("branch7x7_1", B.basicConv(i, c7, 1)), ("branch7x7_2", B.basicConv(c7, c7, row, padding: padRow)),
             ("branch7x7_3", B.basicConv(c7, 192, column, padding: padColumn))],
            [("branch7x7dbl_1", B.basicConv(i, c7, 1)), ("branch7x7dbl_2", B.basicConv(c7, c7, column, padding: padColumn)),
             ("branch7x7dbl_3", B.basicConv(c7, c7, row, padding: padRow)),
             ("branch7x7dbl_4", B.basicConv(c7, c7, column, padding: padColumn)),
             ("branch7x7dbl_5", B.basicConv(c7, 192, row, padding: padRow))],
            [averagePool, ("branch_pool", B.basicConv(i, 192, 1))],
        ])
    }

    /// Grid reduction 17→8.
    static func inceptionD(_ i: Int) -> LayerSpec {
        typealias B = Build
        return module([
            [("branch3x3_1", B.basicConv(i, 192, 1)), ("branch3x3_2", B.basicConv(192, 320, 3, stride: 2))],
            [("branch7x7x3_1", B.basicConv(i, 192, 1)),
             ("branch7x7x3_2", B.basicConv(192, 192, Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3))),
             ("branch7x7x3_3", B.basicConv(192, 192, Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0))),
             ("branch7x7x3_4", B.basicConv(192, 192, 3, stride: 2))],
            [(.function("max_pool2d"), B.maxPool(3, stride: 2))],
        ])
    }

    /// 8×8 module whose 3×3 branches split into parallel 1×3 and 3×1, each pair joined by its
    /// own `torch.cat` before the module's last (rows `cat`, `cat_1`, then `cat_2`).
    static func inceptionE(_ i: Int) -> LayerSpec {
        typealias B = Build
        let split = { (c: Int, name: String) -> (Child, LayerSpec) in
            (.function("cat"), .concat([.named(name + "a", B.basicConv(c, 384, Size2D(h: 1, w: 3), padding: Padding2D(h: 0, w: 1))),
                                        .named(name + "b", B.basicConv(c, 384, Size2D(h: 3, w: 1), padding: Padding2D(h: 1, w: 0)))]))
        }
        return module([
            [("branch1x1", B.basicConv(i, 320, 1))],
            [("branch3x3_1", B.basicConv(i, 384, 1)), split(384, "branch3x3_2")],
            [("branch3x3dbl_1", B.basicConv(i, 448, 1)), ("branch3x3dbl_2", B.basicConv(448, 384, 3, padding: 1)),
             split(384, "branch3x3dbl_3")],
            [averagePool, ("branch_pool", B.basicConv(i, 192, 1))],
        ])
    }
}
