// swift-tools-version: 6.0
import PackageDescription

/// ConvLab's numeric kernels are built for the CPU they run on and optimised even in debug
/// builds: `SIMD16<Float>` lowered for baseline x86-64 runs ~100× slower (DESIGN.md), and
/// the tests sweep thousands of convolutions. `swift build` always compiles on the machine
/// that will run the code, so `-target-cpu native` is safe here.
let numericFlags: [SwiftSetting] = [
    .unsafeFlags(["-O", "-target-cpu", "native"]),
]

let package = Package(
    name: "Lessonbook",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ConvLab", targets: ["ConvLab"]),
        .library(name: "LessonEngine", targets: ["LessonEngine"]),
    ],
    targets: [
        .target(name: "ConvLab", swiftSettings: numericFlags),
        .testTarget(name: "ConvLabTests", dependencies: ["ConvLab"]),
        // Runs ConvLab's experiments (the degradation problem) in a release build and times them.
        .executableTarget(name: "convlab-experiments", dependencies: ["ConvLab"], path: "Sources/ConvLabExperiments"),
        .target(name: "LessonEngine"),
        .testTarget(name: "LessonEngineTests", dependencies: ["LessonEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
