// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// The chapters of the book, in reading order. Each is `chapters/NN-<name>.md`, runs with
/// `swift run <name>`, and needs an (almost empty) folder `Sources/Chapters/<name>/`.
/// A test checks that this list, the Markdown files and the folders agree.
let chapters = ["tour", "autoregressive", "rnn", "lstm", "transformers", "gpt"]

// MARK: Numeric-kernel compiler settings
//
// `swift test` builds in debug (-Onone), where Swift numeric loops run 10–50× slower, so in this
// repository the numeric library is compiled optimized: the later "-O" wins over debug's
// "-Onone". "-enforce-exclusivity=unchecked" drops dynamic exclusivity checks in the hot loops.
// Checks stay on (no -Ounchecked): SeqKit's `check` prints its message in every build.
//
// These are unsafe flags, and SwiftPM refuses a versioned dependency whose product carries
// them. So they apply only when this package is built as itself (a clone, the book, CI), never
// when another package depends on it: SwiftPM and Xcode both check a dependency out into a
// folder named `checkouts`, and there the library is plain Swift with no flags at all. Nothing
// but speed depends on the flags: SeqKit's results are the same bits with or without them.
// `SEQKIT_DEPENDENT_BUILD=1` compiles this clone's libraries the way a dependent package does.
//
// On x86-64 SeqKit's Swift code (the elementwise gate loops) is also built for the host CPU
// ("-target-cpu native"). The matrix multiply does not depend on these flags: it lives in
// CSeqKitKernels, which picks its AVX-512 / AVX2 / NEON / portable kernel at run time, and every
// path gives the same bits. `SEQKIT_PORTABLE=1` gives the baseline build (the x86-64 baseline
// CPU), which CI verifies prints byte-identical chapters.
//
// While it picks versions, SwiftPM reads a dependency's manifest straight from the repository,
// with "/" as its directory.
let builtAsDependency = Context.packageDirectory == "/"
    || URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent == "checkouts"
let withoutUnsafeFlags = builtAsDependency || Context.environment["SEQKIT_DEPENDENT_BUILD"] == "1"
let portable = Context.environment["SEQKIT_PORTABLE"] == "1"
let hostCPUFlags: [String] = {
    #if arch(x86_64)
    return portable ? [] : ["-target-cpu", "native"]
    #else
    return []
    #endif
}()
let seqKitSwiftSettings: [SwiftSetting] =
    withoutUnsafeFlags ? [] : [.unsafeFlags(["-O", "-enforce-exclusivity=unchecked"] + hostCPUFlags)]
// The C kernels are optimized here too (debug's -O0 would make `swift test` crawl); no host-CPU
// flags: the kernels carry their own target attributes.
let kernelCSettings: [CSetting] = withoutUnsafeFlags ? [] : [.unsafeFlags(["-O2"])]

// MARK: Library
// What another package gets: the numeric library and the plotting module, with no dependencies.
let libraryProducts: [Product] = [
    .library(name: "SeqKit", targets: ["SeqKit"]),
    .library(name: "Figures", targets: ["Figures"]),
]
let libraryTargets: [Target] = [
    // Tensors, layers with their backward passes, losses, optimizers, Sequential models.
    .target(name: "SeqKit", dependencies: ["CSeqKitKernels", "CPortableMath"], exclude: ["README.md"],
            swiftSettings: seqKitSwiftSettings),
    // The matrix multiply: kernels chosen at run time by cpuid, bit-identical on every path.
    .target(name: "CSeqKitKernels", dependencies: ["CPortableMath"], exclude: ["micro_kernel.inc", "lstm_cells.inc"],
            cSettings: kernelCSettings,
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),  // fmaf
    // exp, log, sin, cos, tanh, pow, … with the same bits on every CPU and C library
    // (header-only, static inline; see include/CPortableMath.h). No flags: nothing to tune.
    .target(name: "CPortableMath", exclude: ["derive_coefficients.py"]),
    // SVG and terminal figures; `show(_:)` draws them for the reader or hands them to a presenter.
    .target(name: "Figures", dependencies: ["CPortableMath"]),
    .testTarget(name: "SeqKitTests", dependencies: ["SeqKit"], exclude: ["References"]),
    .testTarget(name: "FiguresTests", dependencies: ["Figures"]),
]

// MARK: Book
// The workbook itself: its tooling, its chapters and their tests. A package that depends on
// this one never sees these targets, so it neither fetches swift-syntax nor needs libcmark.

// The tooling's own code is compiled optimized too: `workbook build`, `serve` and the site's
// tests run it from the debug build, where parsing, rendering and hashing the book took about
// 1 s of CPU after every edit. Dependents never build these targets.
let toolSwiftSettings: [SwiftSetting] = withoutUnsafeFlags ? [] : [.unsafeFlags(["-O"])]
let bookDependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
    // `swift package generate-documentation --target SeqKit` (the DocC catalogs); a command
    // plugin only, nothing of it is linked into any product.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    // `workbook serve`'s HTTP server (pure Swift on BSD sockets, no other dependencies).
    .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
]
let bookProducts: [Product] =
    [.executable(name: "workbook", targets: ["workbook"])]
    + chapters.map { .executable(name: $0, targets: [$0]) }
let bookTargets: [Target] = [
    // The benchmark against PyTorch: `swift run -c release seqkit-bench` (Benchmarks/run.sh).
    .executableTarget(name: "seqkit-bench", dependencies: ["SeqKit", "CSeqKitKernels"], swiftSettings: [.unsafeFlags(["-O"])]),
    // A training run a dependent package can copy; CI builds this file in one and compares outputs.
    .executableTarget(name: "seqkit-example", dependencies: ["SeqKit"]),

    // MARK: Tooling
    .systemLibrary(
        name: "CCmark",
        pkgConfig: "libcmark-gfm",
        providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
    ),
    .target(name: "CommonMark", dependencies: ["CCmark"], swiftSettings: toolSwiftSettings),
    // The verifier's protocol (authenticated snippet and figure markers), defined once: the
    // runtime writes it, WorkbookCore reads it.
    .target(name: "WorkbookProtocol", swiftSettings: toolSwiftSettings),
    .target(name: "WorkbookCore", dependencies: ["CommonMark", "WorkbookProtocol"], swiftSettings: toolSwiftSettings),
    // What a chapter program calls to mark where each snippet starts and to hand its figures to
    // the verifier (Figures itself knows nothing of the verifier).
    .target(name: "WorkbookRuntime", dependencies: ["WorkbookProtocol", "Figures"]),
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
        resources: [.copy("Resources")],
        swiftSettings: toolSwiftSettings
    ),
    // The preview: the book served from memory, rebuilt on every change, pages reloaded.
    .target(
        name: "WorkbookServer",
        dependencies: [
            "WorkbookCore",
            "WorkbookSite",
            .product(name: "FlyingFox", package: "FlyingFox"),
        ],
        swiftSettings: toolSwiftSettings
    ),
    .executableTarget(
        name: "workbook",
        dependencies: [
            "WorkbookCore",
            "WorkbookSite",
            "WorkbookServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .plugin(
        name: "ChapterPlugin",
        capability: .buildTool(),
        dependencies: ["workbook-extract"]
    ),

    // MARK: Tests
    // A module set up like a chapter: its exp/log/… calls must reach SeqKit's PortableMath.
    .testTarget(name: "ChapterMathTests", dependencies: ["SeqKit"]),
    .testTarget(name: "CommonMarkTests", dependencies: ["CommonMark"]),
    .testTarget(name: "WorkbookSiteTests", dependencies: ["WorkbookSite", "WorkbookCore"]),
    .testTarget(
        name: "WorkbookCoreTests",
        dependencies: ["WorkbookCore", "WorkbookProtocol", "WorkbookSite", "WorkbookServer"],
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

let package = Package(
    name: "SequenceWorkbook",
    platforms: [.macOS(.v13)],
    products: libraryProducts + (builtAsDependency ? [] : bookProducts),
    dependencies: builtAsDependency ? [] : bookDependencies,
    targets: libraryTargets + (builtAsDependency ? [] : bookTargets)
)
