// swift-tools-version: 6.0
import PackageDescription

/// The chapters of the book, in reading order. Each is `chapters/NN-<name>.md`, runs with
/// `swift run <name>`, and needs an (almost empty) folder `Sources/Chapters/<name>/`.
/// A test checks that this list, the Markdown files and the folders agree.
let chapters = ["tour", "autoregressive", "rnn", "lstm", "transformers"]

// MARK: Numeric-kernel compiler settings
//
// `swift test` builds in debug (-Onone), where Swift numeric loops run 10–50× slower, so the
// numeric library is always compiled optimized: the later "-O" wins over debug's "-Onone".
// "-enforce-exclusivity=unchecked" drops dynamic exclusivity checks in the hot loops.
// Preconditions stay on (no -Ounchecked): shape errors must still stop with a message.
//
// SwiftPM compiles on the machine that runs the code, so on x86-64 the kernels are built for the
// host CPU ("-target-cpu native", fused multiply-add in the matmul micro-kernel): 2.5–4× faster
// than the x86-64 baseline (see Sources/SeqKit/README.md). `SEQKIT_PORTABLE=1 swift build` gives
// the baseline build, for binaries meant for other machines or CPUs without FMA.
let portable = Context.environment["SEQKIT_PORTABLE"] == "1"
let hostCPUFlags: [String] = {
    #if arch(x86_64)
    return portable ? [] : ["-target-cpu", "native", "-DSEQKIT_FMA"]
    #else
    return []
    #endif
}()
let seqKitFlags: [String] = ["-O", "-enforce-exclusivity=unchecked"] + hostCPUFlags

let package = Package(
    name: "SequenceWorkbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "workbook", targets: ["workbook"]),
    ] + chapters.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
    ],
    targets: [
        // MARK: Library
        // Tensors, layers with their backward passes, losses, optimizers, Sequential models.
        // exp, log, sin, cos, tanh, pow, … with the same bits on every CPU and C library
        // (header-only, static inline; see include/CPortableMath.h). No flags: nothing to tune.
        .target(name: "CPortableMath", exclude: ["derive_coefficients.py"]),
        .target(name: "SeqKit", dependencies: ["CPortableMath"], exclude: ["README.md"],
                swiftSettings: [.unsafeFlags(seqKitFlags)]),
        // The benchmark against PyTorch: `swift run -c release seqkit-bench` (Benchmarks/run.sh).
        .executableTarget(name: "seqkit-bench", dependencies: ["SeqKit"], swiftSettings: [.unsafeFlags(["-O"])]),
        // SVG and terminal figures; `show(_:)` hands them to the verifier or the reader.
        .target(name: "Figures", dependencies: ["CPortableMath"]),

        // MARK: Tooling
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .target(name: "CommonMark", dependencies: ["CCmark"]),
        .target(name: "WorkbookCore", dependencies: ["CommonMark"]),
        // The few functions a chapter program calls to mark where each snippet starts.
        .target(name: "WorkbookRuntime"),
        .executableTarget(name: "workbook-extract", dependencies: ["WorkbookCore"]),
        // The book as a static site: pages, Swift highlighting, TeX → MathML, search.
        .target(
            name: "WorkbookSite",
            dependencies: [
                "WorkbookCore",
                "CommonMark",
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "workbook",
            dependencies: [
                "WorkbookCore",
                "WorkbookSite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(
            name: "ChapterPlugin",
            capability: .buildTool(),
            dependencies: ["workbook-extract"]
        ),

        // MARK: Tests
        .testTarget(name: "SeqKitTests", dependencies: ["SeqKit"], exclude: ["References"]),
        // A module set up like a chapter: its exp/log/… calls must reach SeqKit's PortableMath.
        .testTarget(name: "ChapterMathTests", dependencies: ["SeqKit"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures"]),
        .testTarget(name: "CommonMarkTests", dependencies: ["CommonMark"]),
        .testTarget(name: "WorkbookSiteTests", dependencies: ["WorkbookSite", "WorkbookCore"]),
        .testTarget(
            name: "WorkbookCoreTests",
            dependencies: ["WorkbookCore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ChapterTests",
            // Depending on the chapter executables makes `swift test` build them first.
            dependencies: ["WorkbookCore", "WorkbookSite", "SeqKit"] + chapters.map { .target(name: $0) },
            // Scripts that produced the reference numbers (run by hand, not by the tests).
            exclude: ["References"]
        ),
    ] + chapters.map { name in
        // MARK: Chapters
        .executableTarget(
            name: name,
            dependencies: ["WorkbookRuntime", "SeqKit", "Figures"],
            path: "Sources/Chapters/\(name)",
            plugins: ["ChapterPlugin"]
        )
    }
)
