import Foundation
import Testing
import WorkbookCore
@testable import WorkbookSite

/// The site builder on chapters whose runs are written by hand.
@Suite struct SiteBuilderTests {
    static func verified(_ source: String, path: String = "chapters/01-test.md", outputs: [String]) throws -> VerifiedChapter {
        let chapter = try Chapter(source: source, path: path)
        let run = ChapterRun(finishedWith: outputs)
        #expect(Verification.check(chapter, run).isEmpty)
        return try VerifiedChapter(chapter: chapter, run: run)
    }

    static let front = SiteBuilder.FrontMatter(title: "Test Book", subtitle: "A subtitle", pitchMarkdown: "A *pitch*.")

    func page(_ files: [String: Data], _ name: String) -> String {
        String(decoding: files[name] ?? Data(), as: UTF8.self)
    }

    @Test func outputIsEscapedNotInjected() throws {
        let source = "# Escaping\n\n```swift\nprint(\"<script>alert(1)</script>\")\n```\n\n```output\n<script>alert(1)</script>\n```\n"
        let files = try SiteBuilder.build([Self.verified(source, outputs: ["<script>alert(1)</script>\n"])], frontMatter: Self.front)
        let html = page(files, "01-test.html")
        #expect(html.contains("<pre class=\"output\" aria-label=\"Output\"><samp>&lt;script&gt;alert(1)&lt;/script&gt;\n</samp></pre>"))
        #expect(!html.contains("<script>alert"))
    }

    @Test func pagesAreDeterministicAndComplete() throws {
        let source = "# Gates\n\nThe forget gate $f_t = \\sigma(W x_t)$ decides.\n\n## The cell\n\n```swift\nprint(\"kept\")\n```\n\n```output\nkept\n```\n"
        let chapter = try Self.verified(source, outputs: ["kept\n"])
        let first = try SiteBuilder.build([chapter], frontMatter: Self.front)
        let second = try SiteBuilder.build([chapter], frontMatter: Self.front)
        #expect(first == second)
        #expect(first.keys.sorted() == ["01-test.html", "assets/book.css", "assets/book.js", "assets/search-index.js", "index.html", "print.html"])
        let html = page(first, "01-test.html")
        #expect(html.contains("<h2 id=\"the-cell\"><span class=\"secno\">1.1</span> The cell"))
        #expect(html.contains("<math"))
        #expect(html.contains("Run this chapter</span> <code>swift run test</code>"))
        #expect(SiteValidator.problems(in: first.mapValues { String(decoding: $0, as: UTF8.self) }).isEmpty)
    }

    @Test func pipeTablesBecomeTablesWithInlineMarkdownAndMath() throws {
        let source = "# Tables\n\n| gate | what |\n| --- | ---: |\n| *forget* | $\\sigma$ |\n"
        let files = try SiteBuilder.build([Self.verified(source, outputs: [])], frontMatter: Self.front)
        let html = page(files, "01-test.html")
        #expect(html.contains("<tr><td><em>forget</em></td><td class=\"align-right\"><math"))
        #expect(!html.contains("| ---"))
    }

    @Test func unsupportedTeXFailsAtTheMarkdownLine() throws {
        let source = "# Math\n\nFine so far.\n\nThen $\\frobnicate{x}$ breaks.\n"
        let error = #expect(throws: Diagnostics.self) {
            try SiteBuilder.build([Self.verified(source, outputs: [])], frontMatter: Self.front)
        }
        #expect(error?.all.map(\.location) == ["chapters/01-test.md:5:7"])
        #expect(error?.all.first?.message.contains("frobnicate") == true)
    }

    @Test func crossReferencesBecomeNumberedLinks() throws {
        let source = "# Refs\n\n## The cell {#sec:cell}\n\n$$c = f c + i g \\label{eq:cell}$$\n\nSee {@eq:cell} in {@sec:cell} of {@ch:test}.\n"
        let files = try SiteBuilder.build([Self.verified(source, outputs: [])], frontMatter: Self.front)
        let html = page(files, "01-test.html")
        let paragraph = try #require(html.split(separator: "\n").first { $0.hasPrefix("<p>See") })
        #expect(paragraph == "<p>See <a class=\"xref\" href=\"#eq:cell\">Equation\u{A0}1.1</a> in <a class=\"xref\" href=\"#sec:cell\">Section\u{A0}1.1</a> of <a class=\"xref\" href=\"#chapter-title\">Chapter\u{A0}1</a>.</p>")
        // The one-page print view keeps the links working, with ids prefixed by the chapter.
        let print = page(files, "print.html")
        #expect(print.contains("href=\"#01-test--eq:cell\""))
        #expect(print.contains("<h1 id=\"01-test--chapter-title\">Refs</h1>"))
    }

    @Test func brokenCrossReferenceFailsAtTheMarkdownLine() throws {
        let source = "# Refs\n\n$$a = b \\label{eq:ab}$$\n\nSee {@eq:ab} and {@eq:missing}.\n"
        let error = #expect(throws: Diagnostics.self) {
            try SiteBuilder.build([Self.verified(source, outputs: [])], frontMatter: Self.front)
        }
        #expect(error?.all.map(\.location) == ["chapters/01-test.md:5:18"])
        #expect(error?.all.first?.message.contains("eq:missing") == true)
    }
}
