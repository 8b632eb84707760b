import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import WorkbookCore

/// `workbook new`, the checks of the three places a chapter must be, and `verify --report`.
@Suite struct AuthoringTests {
    /// A workbook folder with a manifest whose list is written as `list`.
    static func workbook(list: String, chapters: [String] = ["00-tour.md"]) throws -> Workbook {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try Data("// swift-tools-version: 6.0\nimport PackageDescription\n\n/// The chapters.\n\(list)\n\nlet package = Package(name: \"x\")\n".utf8)
            .write(to: root.appendingPathComponent("Package.swift"))
        for file in chapters {
            try Data("# \(file)\n".utf8).write(to: root.appendingPathComponent("chapters/\(file)"))
            let name = Chapter.executableName(forFile: file)!
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources/Chapters/\(name)"), withIntermediateDirectories: true)
            try Data("// placeholder\n".utf8).write(to: root.appendingPathComponent("Sources/Chapters/\(name)/Chapter.swift"))
        }
        return Workbook(root: root)
    }

    @Test func newMakesAChapterInAllThreePlaces() throws {
        let book = try Self.workbook(list: #"let chapters = ["tour", "lstm"]"#, chapters: ["00-tour.md", "03-lstm.md"])
        defer { try? FileManager.default.removeItem(at: book.root) }
        #expect(ChapterScaffold.problems(for: "gru", in: book.root) == [
            "add \"gru\" to the chapters list at the top of Package.swift",
            "create Sources/Chapters/gru/Chapter.swift holding one comment (SwiftPM needs a source file in the folder)",
        ])
        let path = try ChapterScaffold.create("gru", title: "The GRU", in: book)
        #expect(path == "chapters/04-gru.md")
        #expect(ChapterScaffold.manifestChapters(root: book.root) == ["tour", "lstm", "gru"])
        let manifest = try String(contentsOf: book.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#"let chapters = ["tour", "lstm", "gru"]"#))
        #expect(ChapterScaffold.problems(for: "gru", in: book.root).isEmpty)
        // The chapter parses, has a snippet with its output block, and is the book's last.
        let chapter = try Chapter(contentsOf: book.root.appendingPathComponent(path), displayPath: path)
        #expect(chapter.title == "The GRU")
        #expect(chapter.snippets.count == 1)
        #expect(chapter.snippets[0].expectedOutput?.text == "chapter gru runs\n")
        #expect(try book.chapterFiles().map(\.name) == ["tour", "lstm", "gru"])

        // Refusals, with nothing written.
        #expect(throws: WorkbookError.self) { try ChapterScaffold.create("gru", title: nil, in: book) }
        #expect(throws: WorkbookError.self) { try ChapterScaffold.create("GRU Cell", title: nil, in: book) }
        #expect(throws: WorkbookError.self) { try ChapterScaffold.create("workbook", title: nil, in: book) }
        #expect(try book.chapterFiles().count == 3)
        #expect(ChapterScaffold.manifestChapters(root: book.root) == ["tour", "lstm", "gru"])
    }

    /// The generated chapter really runs and verifies: compiled with swiftc like the fixtures.
    @Test func theNewChapterVerifies() throws {
        let book = try Self.workbook(list: #"let chapters = ["tour"]"#)
        defer { try? FileManager.default.removeItem(at: book.root) }
        let path = try ChapterScaffold.create("attention", title: nil, in: book)
        let chapter = try Chapter(contentsOf: book.root.appendingPathComponent(path), displayPath: path)
        #expect(chapter.title == "Attention")
        let executable = try EndToEndTests.compile(chapter).get()
        let (_, problems) = try chapter.verify(executable: executable, timeout: 60, figuresDirectory: executable.deletingLastPathComponent().appendingPathComponent("figures"))
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func newKeepsAListOfOneNameALine() throws {
        let book = try Self.workbook(list: "let chapters = [\n    \"tour\",\n    \"gpt\"\n]", chapters: ["00-tour.md", "05-gpt.md"])
        defer { try? FileManager.default.removeItem(at: book.root) }
        try ChapterScaffold.create("char-lstm", title: nil, in: book)
        let manifest = try String(contentsOf: book.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains("let chapters = [\n    \"tour\",\n    \"gpt\",\n    \"char-lstm\",\n]"))
        #expect(ChapterScaffold.manifestChapters(root: book.root) == ["tour", "gpt", "char-lstm"])
        #expect(try book.chapterFiles().map(\.displayPath).last == "chapters/06-char-lstm.md")
    }

    /// The book's own manifest lists exactly its chapter files, each with its folder.
    @Test func theBooksChaptersAreInAllThreePlaces() throws {
        let root = Fixtures.packageRoot
        let files = try Workbook(root: root).chapterFiles().map(\.name)
        #expect(ChapterScaffold.manifestChapters(root: root) == files)
        for name in files { #expect(ChapterScaffold.problems(for: name, in: root).isEmpty, "\(name)") }
    }

    @Test func reportsHaveOneTestCasePerSnippet() throws {
        let chapter = try Fixtures.chapter("run.md")
        let run = Fixtures.run(chapter, outputs: ["a\n", "b\n"], finished: false, termination: .signaled(4))
        let problems = Verification.check(chapter, run)
        let outcome = BookEngine.Outcome(chapter: chapter, run: run, problems: problems, reused: false, rendered: nil)
        let malformed = Diagnostic(kind: .parse, file: "chapters/09-bad.md", line: 3, message: "bad <info> string")
        let report = TestReport(outcomes: [outcome], malformed: [malformed])
        #expect(report.suites.map(\.file) == ["chapters/run.md", "chapters/09-bad.md"])
        #expect(report.suites[0].cases.filter { $0.snippet != nil }.count == chapter.snippets.count)
        #expect(report.suites[0].cases.first { $0.snippet == 3 }?.skipped == true)

        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(json["tests"] as? Int == report.suites.flatMap(\.cases).count)
        let junit = report.junit()
        let parsed = try XMLDocument(data: Data(junit.utf8))
        let cases = try parsed.nodes(forXPath: "//testcase")
        #expect(cases.count == report.suites.flatMap(\.cases).count)
        #expect(try parsed.nodes(forXPath: "//testcase[@name='chapter']/failure[@type='parse']").count == 1)
        #expect(junit.contains("bad &lt;info&gt; string"))
        #expect(try parsed.nodes(forXPath: "//testsuite[@name='chapters/run.md']/testcase/failure").count == report.suites[0].cases.filter { !$0.problems.isEmpty }.count)
        #expect(TestReport.xml("a\u{1B}b\u{0}") == "a\\u{1B}b\\u{0}")
    }
}

@Suite struct AdviceTests {
    @Test func aTimeOutIsNotSentToBless() {
        let timeout = Diagnostic(kind: .timeout, file: "chapters/x.md", line: 3, message: "stopped")
        let mismatch = Diagnostic(kind: .mismatch, file: "chapters/x.md", line: 9, message: "differs")
        let onlyTimeout = BookEngine.advice(for: [timeout], timeout: 300) ?? ""
        #expect(onlyTimeout.contains("--timeout 1200"))
        #expect(!onlyTimeout.contains("`swift run workbook bless`"))
        #expect(BookEngine.advice(for: [mismatch], timeout: 300)?.contains("`swift run workbook bless`") == true)
        #expect(BookEngine.advice(for: [Diagnostic(kind: .crash, file: "chapters/x.md", line: 1, message: "crashed")], timeout: 300) == nil)
    }
}
