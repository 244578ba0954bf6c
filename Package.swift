// swift-tools-version: 6.0
import PackageDescription

/// ConvLab's numeric kernels are built for the CPU they run on and optimised even in debug
/// builds: `SIMD16<Float>` lowered for baseline x86-64 runs ~100× slower (DESIGN.md), and
/// the tests sweep thousands of convolutions. `swift build` always compiles on the machine
/// that will run the code, so `-target-cpu native` is safe here.
let numericFlags: [SwiftSetting] = [
    .unsafeFlags(["-O", "-target-cpu", "native"]),
    // Lets conv-bench print that it (and ConvLab) were compiled for this CPU.
    .define("CONVLAB_NATIVE"),
]

let package = Package(
    name: "Lessonbook",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ConvLab", targets: ["ConvLab"]),
    ],
    targets: [
        .target(name: "ConvLab", swiftSettings: numericFlags),
        // Compiled like ConvLab so that its in-process FMA peak uses the same vector code.
        .executableTarget(name: "conv-bench", dependencies: ["ConvLab"], swiftSettings: numericFlags),
        .testTarget(name: "ConvLabTests", dependencies: ["ConvLab"]),
    ],
    swiftLanguageModes: [.v6]
)
