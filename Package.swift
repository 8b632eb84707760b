// swift-tools-version: 6.0
import PackageDescription

/// The chapters of the book, in reading order. Each is `chapters/NN-<name>.md`, runs with
/// `swift run <name>`, and needs an (almost empty) folder `Sources/Chapters/<name>/`.
/// A test checks that this list, the Markdown files and the folders agree.
let chapters = ["tour", "transformers"]

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
    ],
    targets: [
        // MARK: Library
        // Numeric library and plotting; they know nothing of the workbook tooling.
        .target(name: "SeqKit", swiftSettings: optimized),
        .target(name: "Figures"),

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
        .executableTarget(
            name: "workbook",
            dependencies: [
                "WorkbookCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(
            name: "ChapterPlugin",
            capability: .buildTool(),
            dependencies: ["workbook-extract"]
        ),

        // MARK: Tests
        .testTarget(name: "CommonMarkTests", dependencies: ["CommonMark"]),
        .testTarget(
            name: "WorkbookCoreTests",
            dependencies: ["WorkbookCore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ChapterTests",
            // Depending on the chapter executables makes `swift test` build them first.
            dependencies: ["WorkbookCore"] + chapters.map { .target(name: $0) },
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
