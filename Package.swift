// swift-tools-version: 6.0
import PackageDescription

/// The chapters of the book, in reading order. Each is `chapters/NN-<name>.md`, runs with
/// `swift run <name>`, and needs an (almost empty) folder `Sources/Chapters/<name>/`.
/// A test checks that this list, the Markdown files and the folders agree.
let chapters = ["tour", "rnn"]

/// The numeric code is compiled with optimization even in debug builds (`swift test`):
/// unoptimized Swift is 10–50× slower on numeric loops.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

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
        // SVG and terminal figures; `show(_:)` hands them to the verifier or the reader.
        .target(name: "Figures"),
        // Tensors, layers, losses, optimizers (copied from the numeric-library work until its
        // reviewed version lands).
        .target(name: "SeqKit", swiftSettings: optimized),

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
            dependencies: ["WorkbookRuntime", "Figures", "SeqKit"],
            path: "Sources/Chapters/\(name)",
            plugins: ["ChapterPlugin"]
        )
    }
)
