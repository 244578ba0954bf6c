// swift-tools-version: 6.1
import PackageDescription

/// ConvLab's numeric kernels are built for the CPU they run on and optimised even in debug
/// builds: `SIMD16<Float>` lowered for baseline x86-64 runs ~100× slower (docs/ARCHITECTURE.md), and
/// the tests sweep thousands of convolutions. `swift build` always compiles on the machine
/// that will run the code, so `-target-cpu native` is safe here.
let numericFlags: [SwiftSetting] = [
    .unsafeFlags(["-O", "-target-cpu", "native"]),
    // Lets conv-bench print that it (and ConvLab) were compiled for this CPU.
    .define("CONVLAB_NATIVE"),
]

/// What the `Postgres` trait turns on (a constant, so that the manifest's dependency lists
/// stay plain lists of names for ArchitectureTests).
let postgresTrait: Set<String> = ["Postgres"]

let package = Package(
    name: "Lessonbook",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ConvLab", targets: ["ConvLab"]),
        .library(name: "LessonEngine", targets: ["LessonEngine"]),
        .library(name: "LessonRuntime", targets: ["LessonRuntime"]),
        .library(name: "Charts", targets: ["Charts"]),
        .library(name: "Terminal", targets: ["Terminal"]),
        .library(name: "SiteRenderer", targets: ["SiteRenderer"]),
        .library(name: "LessonStore", targets: ["LessonStore"]),
        .library(name: "Stepper", targets: ["Stepper"]),
        .executable(name: "lessons", targets: ["lessons"]),
    ],
    // `Postgres` adds the PostgreSQL store (`--db postgres://…`); off by default, because
    // postgres-nio brings swift-nio, swift-nio-ssl and swift-crypto into the first build.
    // A teacher builds with `swift build -c release --traits Postgres` (docs/ARCHITECTURE.md).
    traits: [
        .trait(name: "Postgres", description: "The store on PostgreSQL through postgres-nio"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-symbolkit", exact: "1.0.0"),
        // `lessons serve`'s HTTP server: no dependencies of its own (26 s of CPU in a clean
        // release build here, against 264 s for Hummingbird with SwiftNIO; README, docs/ARCHITECTURE.md).
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "ConvLab", swiftSettings: numericFlags),
        // Compiled like ConvLab (its build info reports CONVLAB_NATIVE); the FMA peak it divides by is ConvLab's `measurePeakGFLOPs`.
        .executableTarget(name: "conv-bench", dependencies: ["ConvLab"], swiftSettings: numericFlags),
        .testTarget(name: "ConvLabTests", dependencies: ["ConvLab"]),
        // Runs ConvLab's experiments (the degradation problem) in a release build and times them.
        .executableTarget(name: "convlab-experiments", dependencies: ["ConvLab"], path: "Sources/ConvLabExperiments"),
        // What chapter cells call; no dependencies, so that cell programs link only it and ConvLab.
        .target(name: "LessonRuntime"),
        .target(name: "LessonEngine", dependencies: ["LessonRuntime", "ChildSupervisor"]),
        // The supervisor process forked for every child of the engine (C: it runs between
        // fork and exec of a multi-threaded process, where only async-signal-safe calls may run).
        .target(name: "ChildSupervisor"),
        .testTarget(name: "LessonRuntimeTests", dependencies: ["LessonRuntime"]),
        // The static site; it reads values only (book, runs, progress summaries, the API reference), never the store.
        .target(name: "SiteRenderer", dependencies: ["LessonEngine", "LessonRuntime", "Charts", "APIReference"]),
        // ConvLab's public symbols, extracted by the toolchain (swift-symbolgraph-extract) and read with SymbolKit.
        .target(name: "APIReference", dependencies: [
            "LessonEngine", .product(name: "SymbolKit", package: "swift-docc-symbolkit"),
        ]),
        .testTarget(name: "APIReferenceTests", dependencies: ["APIReference", "LessonEngine", "ConvLab"]),
        .testTarget(name: "SiteRendererTests", dependencies: ["SiteRenderer", "APIReference", "LessonEngine", "LessonRuntime", "GoldenFiles"], exclude: ["Golden"]),
        // The views side by side: values and learner standings read the same on the site,
        // in the terminal and in `lessons progress` (runs the built `lessons`).
        .testTarget(name: "ViewAgreementTests", dependencies: [
            "SiteRenderer", "Stepper", "LessonEngine", "LessonRuntime", "Terminal", "lessons", "CLIHarness", "ConvLab",
        ], exclude: ["Fixtures"]),
        // Golden-file comparison for the renderers' tests (charts, site, stepper).
        .target(name: "GoldenFiles", path: "Tests/GoldenFiles"),
        // The one launcher of the built `lessons` for every test that runs it.
        .target(name: "CLIHarness", path: "Tests/CLIHarness"),
        .testTarget(name: "LessonEngineTests", dependencies: ["LessonEngine", "LessonRuntime", "CLIHarness"], exclude: ["Resources"]),
        // The CLI. It links ConvLab itself so that ConvLab's objects are always in its build
        // folder, where chapter programs are linked from (see BuildProducts).
        .executableTarget(name: "lessons", dependencies: [
            "LessonEngine", "LessonRuntime", "ConvLab", "LessonStore", "Stepper", "SiteRenderer", "Charts", "Terminal", "Notebooks",
            "APIReference", "LiveServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Runs the built `lessons` on the fixture book; depends on it so that it is built first.
        .testTarget(name: "LessonsCLITests", dependencies: ["lessons", "LessonStore", "LessonEngine", "LessonRuntime", "CLIHarness"]),
        // Plots drawn as SVG (site) and as terminal graphics (stepper), on shared axes and ticks.
        .target(name: "Charts", dependencies: ["LessonRuntime", "Terminal"]),
        // What a terminal can show (width, colours) and text measures, for every terminal view.
        .target(name: "Terminal"),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "LessonRuntime", "Terminal", "GoldenFiles"], exclude: ["Golden", "TerminalGolden"]),
        // `lessons step`: the terminal UI; reads chapters and runs, keeps progress in the store.
        .target(name: "Stepper", dependencies: ["LessonEngine", "LessonRuntime", "LessonStore", "Charts", "Terminal"]),
        .testTarget(name: "StepperTests", dependencies: ["Stepper", "LessonStore", "LessonEngine", "LessonRuntime", "Charts", "Terminal", "lessons", "GoldenFiles", "CLIHarness"], exclude: ["Golden", "Fixtures"]),
        // SQLite: runs, cache, history, learners. GRDB over the system libsqlite3; with the
        // `Postgres` trait also PostgreSQL through postgres-nio, behind one backend protocol.
        .target(name: "LessonStore", dependencies: [
            "LessonEngine", "LessonRuntime", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: postgresTrait)),
        ]),
        // Chapters and their runs as Jupyter notebooks (`lessons export ipynb`).
        .target(name: "Notebooks", dependencies: ["LessonEngine", "LessonRuntime", "Charts"]),
        // A child process for the store's crash and concurrency tests (real processes, real files).
        .executableTarget(name: "store-stress", dependencies: ["LessonStore", "LessonEngine", "LessonRuntime"]),
        .testTarget(name: "LessonStoreTests", dependencies: [
            "LessonStore", "LessonEngine", "LessonRuntime", "store-stress", "lessons", "CLIHarness",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // `lessons serve`: a site snapshot served over HTTP, with server-sent reload events.
        .target(name: "LiveServer", dependencies: [
            "LessonEngine", .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        // The server in-process and `lessons serve` launched on a temporary book.
        .testTarget(name: "LiveServerTests", dependencies: ["LiveServer", "lessons", "CLIHarness"]),
        // Package.swift against docs/ARCHITECTURE.md's table and against every file's imports.
        .testTarget(name: "ArchitectureTests"),
    ],
    swiftLanguageModes: [.v6]
)
