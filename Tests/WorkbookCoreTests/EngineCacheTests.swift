import Foundation
import Testing
@testable import WorkbookCore

/// The engine's kept runs: a chapter runs again exactly when its program, the libraries or the
/// toolchain changed; a prose edit is checked against the kept run; the verdict from a kept run
/// is the verdict a fresh run gives.
@Suite struct EngineCacheTests {
    /// A workbook in a temporary folder with one chapter and a stand-in library source; the
    /// engine compiles the chapter's program with swiftc (``EndToEndTests/compile(_:typecheckOnly:)``)
    /// and counts how often it had to.
    final class Book: Sendable {
        let root: URL
        let compiled = Counter()

        init(chapter: String) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-engine-\(UUID().uuidString)")
            for folder in ["chapters", "Sources/SeqKit", "Sources/WorkbookSite", "Sources/Chapters/demo"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try write("// swift-tools-version: 6.0\n", to: "Package.swift")
            try write("public let answer = 42\n", to: "Sources/SeqKit/Lib.swift")
            try write("enum Site {}\n", to: "Sources/WorkbookSite/Site.swift")
            try write(chapter, to: "chapters/01-demo.md")
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ text: String, to path: String) throws {
            try Data(text.utf8).write(to: root.appendingPathComponent(path))
        }

        func read(_ path: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }

        var engine: BookEngine {
            BookEngine(workbook: Workbook(root: root), timeout: 60, cache: RunCache(workbookRoot: root), executables: .custom { [self] chapters in
                let folder = root.appendingPathComponent(".build/bin-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for chapter in chapters {
                    compiled.add()
                    let executable = try EndToEndTests.compile(chapter).get()
                    try FileManager.default.copyItem(at: executable, to: folder.appendingPathComponent(chapter.name))
                }
                return (folder, [:])
            })
        }

        /// Verifies the chapter: its outcome and whether the program had to be compiled.
        func verify() throws -> (outcome: BookEngine.Outcome, ran: Bool) {
            let before = compiled.value
            let chapters = try Workbook(root: root).chapters()
            let outcomes = try engine.verifyAll(chapters)
            let ran = compiled.value > before
            #expect(outcomes.count == 1)
            #expect(outcomes[0].reused == !ran)
            return (outcomes[0], ran)
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    static let chapter = """
        # Demo

        Some prose.

        ```swift
        print("hello")
        ```

        ```output
        hello
        ```

        ```swift
        let n = 6 * 7
        print("n = \\(n)")
        ```

        ```output
        n = 42
        ```

        """

    @Test func aChapterRunsAgainOnlyWhenItsProgramOrLibrariesChange() throws {
        let book = try Book(chapter: Self.chapter)
        var (outcome, ran) = try book.verify()
        #expect(ran)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")

        // Nothing changed: the kept run is used.
        (outcome, ran) = try book.verify()
        #expect(!ran)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.run?.snippets.map(\.text) == ["hello\n", "n = 42\n"])

        // Prose moves every snippet down: not a change of the program.
        try book.write(Self.chapter.replacingOccurrences(of: "Some prose.", with: "Some prose.\n\nA new paragraph\nof two lines."), to: "chapters/01-demo.md")
        (outcome, ran) = try book.verify()
        #expect(!ran)
        #expect(outcome.problems.isEmpty)

        // An output block edited by hand is checked against the kept run: the verdict is new.
        try book.write(Self.chapter.replacingOccurrences(of: "n = 42\n```", with: "n = 41\n```"), to: "chapters/01-demo.md")
        (outcome, ran) = try book.verify()
        #expect(!ran)
        #expect(outcome.problems.map(\.kind) == [.mismatch])
        #expect(outcome.problems.first?.line == 18)

        // A change to a library source: every chapter runs again.
        try book.write(Self.chapter, to: "chapters/01-demo.md")
        try book.write("public let answer = 43\n", to: "Sources/SeqKit/Lib.swift")
        (outcome, ran) = try book.verify()
        #expect(ran)
        (outcome, ran) = try book.verify()
        #expect(!ran)

        // A new library file counts too; the site's sources do not.
        try book.write("public let more = 1\n", to: "Sources/SeqKit/More.swift")
        #expect(try book.verify().ran)
        try book.write("enum Site { case page }\n", to: "Sources/WorkbookSite/Site.swift")
        #expect(try !book.verify().ran)

        // Data a chapter may read, and the package manifest (compiler flags), count.
        try FileManager.default.createDirectory(at: book.root.appendingPathComponent("chapters/data"), withIntermediateDirectories: true)
        try book.write("1,2,3\n", to: "chapters/data/series.csv")
        #expect(try book.verify().ran)
        try book.write("// swift-tools-version: 6.0\n// -O\n", to: "Package.swift")
        #expect(try book.verify().ran)

        // The code of a snippet.
        try book.write(Self.chapter.replacingOccurrences(of: "6 * 7", with: "7 * 6"), to: "chapters/01-demo.md")
        #expect(try book.verify().ran)

        // The prelude every program starts with.
        try book.write("let preluded = true\n", to: "chapters/prelude.swift")
        #expect(try book.verify().ran)
        #expect(try !book.verify().ran)

        // The entry was swapped in whole: no temporary folder left beside it.
        let entries = try FileManager.default.contentsOfDirectory(atPath: book.root.appendingPathComponent(".build/workbook-cache/v\(RunFingerprint.formatVersion)").path)
        #expect(entries == ["demo"])
    }

    @Test func anUnreadableOrForeignEntryIsIgnored() throws {
        let book = try Book(chapter: Self.chapter)
        #expect(try book.verify().ran)
        let entry = ".build/workbook-cache/v\(RunFingerprint.formatVersion)/demo/run.json"
        let saved = try book.read(entry)
        try book.write("{ not json", to: entry)
        #expect(try book.verify().ran)
        // An entry of another format version.
        try book.write(saved.replacingOccurrences(of: "\"format\":\(RunFingerprint.formatVersion)", with: "\"format\":999"), to: entry)
        var (outcome, ran) = try book.verify()
        #expect(ran)
        #expect(outcome.problems.isEmpty)
        // Another toolchain (the memo of `swift --version` says so).
        try book.write(#"{"identity":"\#(Toolchain.swiftIdentity() ?? "")","version":"Swift version 0.1"}"#, to: ".build/workbook-cache/toolchain.json")
        (outcome, ran) = try book.verify()
        #expect(ran)
    }

    /// A crash's location comes from the kept run's crash report, moved to where the snippet is
    /// now: the same diagnostics as a fresh run of the edited chapter.
    @Test func aKeptCrashIsReportedWhereTheSnippetIsNow() throws {
        let trap = try Fixtures.source("trap.md")
        let book = try Book(chapter: trap)
        let (first, ran) = try book.verify()
        #expect(ran)
        #expect(first.problems.map(\.location) == ["chapters/01-demo.md:13:5"])

        let edited = trap.replacingOccurrences(of: "# A chapter that traps\n", with: "# A chapter that traps\n\nTwo more\n\nparagraphs.\n")
        try book.write(edited, to: "chapters/01-demo.md")
        let (kept, ranAgain) = try book.verify()
        #expect(!ranAgain)
        #expect(kept.problems.map(\.location) == ["chapters/01-demo.md:17:5"])

        // What a fresh run of the edited chapter says.
        let chapter = try Chapter(source: edited, path: "chapters/01-demo.md")
        let executable = try EndToEndTests.compile(chapter).get()
        let (_, fresh) = try chapter.verify(executable: executable, timeout: 60, figuresDirectory: executable.deletingLastPathComponent().appendingPathComponent("figures"))
        // (Addresses differ from run to run, and the fixture's executable is named "chapter".)
        func comparable(_ problems: [Diagnostic]) -> [String] {
            problems.map { $0.description.replacingOccurrences(of: "0x[0-9a-f]+", with: "0x…", options: .regularExpression)
                .replacingOccurrences(of: " in demo at ", with: " in chapter at ") }
        }
        #expect(comparable(kept.problems) == comparable(fresh))

        // Marked as expected to trap: passes from the kept run.
        try book.write(edited.replacingOccurrences(of: "```swift\nfunc divide", with: "```swift traps=\"division by zero\"\nfunc divide"), to: "chapters/01-demo.md")
        let (expected, ranForTraps) = try book.verify()
        #expect(!ranForTraps)
        #expect(expected.problems.isEmpty, "\(expected.problems)")
    }

    /// Output that depends on line numbers is reused only with the same line numbers.
    @Test func codeThatPrintsItsLineRunsAgainWhenLinesMove() throws {
        let source = "# Lines\n\n```swift\nprint(#line)\n```\n\n```output\n4\n```\n"
        let book = try Book(chapter: source)
        let (first, ran) = try book.verify()
        #expect(ran)
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(try !book.verify().ran)
        try book.write(source.replacingOccurrences(of: "# Lines\n", with: "# Lines\n\nMoved.\n"), to: "chapters/01-demo.md")
        let (moved, ranAgain) = try book.verify()
        #expect(ranAgain)
        #expect(moved.problems.map(\.kind) == [.mismatch])
    }

    @Test func theProgramHashIgnoresLineNumbersOnly() throws {
        let a = try Chapter(source: Self.chapter, path: "chapters/01-demo.md")
        let b = try Chapter(source: "Prose first.\n\n" + Self.chapter, path: "chapters/01-demo.md")
        let c = try Chapter(source: Self.chapter.replacingOccurrences(of: "hello", with: "hallo"), path: "chapters/01-demo.md")
        let d = try Chapter(source: Self.chapter, path: "chapters/02-demo.md")
        let fa = RunFingerprint(chapter: a, prelude: nil, environment: "e")
        let fb = RunFingerprint(chapter: b, prelude: nil, environment: "e")
        #expect(fa.program == fb.program)
        #expect(fa.programWithLines != fb.programWithLines)
        #expect(RunFingerprint(chapter: c, prelude: nil, environment: "e").program != fa.program)
        #expect(RunFingerprint(chapter: d, prelude: nil, environment: "e").program != fa.program)
        #expect(RunFingerprint(chapter: a, prelude: Prelude(source: "let x = 1\n", path: "chapters/prelude.swift"), environment: "e").program != fa.program)
    }

    /// The real package: what the chapters link is hashed, the tooling that only renders is not.
    @Test func theBooksInputsAreTheLibrariesTheChaptersLink() throws {
        let paths = try RunFingerprint.inputFiles(root: Fixtures.packageRoot).map(\.path)
        for expected in ["Package.swift", "Sources/SeqKit/Tensor.swift", "Sources/CSeqKitKernels/gemm.c", "Sources/Figures/XYPlot.swift",
                         "Sources/WorkbookRuntime/Run.swift", "Sources/WorkbookProtocol/MarkerProtocol.swift",
                         "Sources/CPortableMath/include/CPortableMath.h", "Plugins/ChapterPlugin/ChapterPlugin.swift",
                         "chapters/data/sunspots.csv"] {
            #expect(paths.contains(expected), "\(expected) is not an input of the chapters' runs")
        }
        #expect(!paths.contains { $0.hasPrefix("Sources/WorkbookSite/") || $0.hasPrefix("Sources/workbook/") })
    }

    @Test func stderrLinesMoveWithTheirSnippet() throws {
        let chapter = try Chapter(source: "x\n\n\n```swift\nlet a = 1\nlet b = 2\n```\n", path: "chapters/01-x.md")
        let moved = RunCache.relocate("at chapters/01-x.md:2:3 and chapters/01-x.md:3 and chapters/01-x.md:9 and other.md:2, x/01-x.md:2, 101-x.md:2",
                                      file: "chapters/01-x.md", from: [2], to: chapter.snippets)
        #expect(moved == "at chapters/01-x.md:5:3 and chapters/01-x.md:6 and chapters/01-x.md:9 and other.md:2, x/01-x.md:5, 101-x.md:2")
    }
}
