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
        .library(name: "LessonStore", targets: ["LessonStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "ConvLab", swiftSettings: numericFlags),
        .testTarget(name: "ConvLabTests", dependencies: ["ConvLab"]),
        .target(name: "LessonStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // A child process for the store's crash and concurrency tests (real processes, real files).
        .executableTarget(name: "store-stress", dependencies: ["LessonStore"]),
        .testTarget(name: "LessonStoreTests", dependencies: ["LessonStore", "store-stress"]),
    ],
    swiftLanguageModes: [.v6]
)
