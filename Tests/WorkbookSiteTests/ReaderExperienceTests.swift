import Foundation
import Testing
import WorkbookCore
@testable import WorkbookSite

/// What a reader meets on the page: hidden lines that can be shown, the chapter's whole
/// program, a favicon, and the style rules the writer's markup relies on (the browser suite,
/// Tests/Browser, checks the rendering itself).
@Suite struct ReaderExperienceTests {
    static let hiddenSource = """
        # Hidden

        ```swift setup
        let secret = 41
        ```

        ```swift
        // snippet.hide
        let offset = 1
        // snippet.show
        let answer = secret + offset
        print(answer)
        ```

        ```output
        42
        ```

        """

    @Test func hiddenLinesAreFoldedInThePageAndCountedForTheToggle() throws {
        let files = try TestBook.site([TestBook.verified(Self.hiddenSource, outputs: ["", "42\n"])])
        let body = TestBook.body(files)
        #expect(body.contains("<pre class=\"code\" tabindex=\"0\" data-hidden-lines=\"1\"><code class=\"language-swift\">"
            + "<span class=\"hidden-code\"><span class=\"kw\">let</span> offset = <span class=\"num\">1</span>\n</span>"
            + "<span class=\"kw\">let</span> answer = secret + offset\nprint(answer)\n</code></pre>"))
        // The markers themselves are never shown, hidden or not.
        #expect(!body.contains("snippet.hide") && !body.contains("snippet.show"))
        // Without the hidden run, the text is exactly the visible code.
        let code = body[body.range(of: "<code class=\"language-swift\">")!.upperBound..<body.range(of: "</code>")!.lowerBound]
        let visible = String(code).replacingOccurrences(of: #"<span class="hidden-code">.*?\n</span>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
        #expect(visible == "let answer = secret + offset\nprint(answer)\n")
    }

    @Test func theWholeProgramIsOfferedForDownload() throws {
        let files = try TestBook.site([TestBook.verified(Self.hiddenSource, outputs: ["", "42\n"])])
        let program = try #require(files["programs/01-test.swift"])
        #expect(program.contains("// MARK: Snippet 1 (chapters/01-test.md:4, setup: hidden on the page)\nlet secret = 41\n"))
        #expect(program.contains("// MARK: Snippet 2 (chapters/01-test.md:8)\nlet offset = 1\nlet answer = secret + offset\nprint(answer)\n"))
        #expect(!program.contains("snippet.hide") && !program.contains("_wb") && !program.contains("#sourceLocation"))
        #expect(files["01-test.html"]!.contains("<a class=\"program-link\" href=\"programs/01-test.swift\" download=\"01-test.swift\">"))
        #expect(SiteValidator.problems(in: files) == [])
    }

    @Test func aChapterWithoutSnippetsHasNoProgram() throws {
        let files = try TestBook.site([TestBook.verified("# Prose\n\nOnly words.\n", outputs: [])])
        #expect(files["programs/01-test.swift"] == nil && !files["01-test.html"]!.contains("program-link"))
    }

    @Test func everyPageHasTheFavicon() throws {
        let files = try TestBook.site([TestBook.verified(Self.hiddenSource, outputs: ["", "42\n"])])
        for page in files.keys where page.hasSuffix(".html") {
            #expect(files[page]!.contains("<link rel=\"icon\" href=\"assets/favicon.svg\" type=\"image/svg+xml\"/>"), "\(page)")
        }
        #expect(files["assets/favicon.svg"]!.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func longSnippetsMayBreakAcrossPrintedPagesShortOnesDoNot() throws {
        let long = (1...20).map { "print(\($0))" }.joined(separator: "\n")
        let source = "# Print\n\n```swift\n\(long)\n```\n\n```swift\nprint(0)\n```\n"
        let body = TestBook.body(try TestBook.site([TestBook.verified(source, outputs: ["", ""])]))
        #expect(body.components(separatedBy: "<div class=\"snippet\">").count == 2)
        #expect(body.components(separatedBy: "<div class=\"snippet short\">").count == 2)
    }

    @Test func theStyleSheetsCoverTheWritersMarkup() throws {
        let files = Dictionary(uniqueKeysWithValues: try SiteAssets.files().map { ($0.path, $0.contents) })
        let css = files["assets/book.css"]! + files["assets/xref.css"]!
        let rules = [
            ".math-display { flex: 1 1 auto; min-width: 0; overflow-x: auto;",
            ".table-scroll { max-width: 100%; overflow-x: auto; }",
            "a.equation-number {",
            ".print-toc {",
            ".figure-scroll { overflow-x: auto;",
            ".hidden-code { display: none; }",
            ".show-hidden .hidden-code {",
            ".snippet-tools {",
            "@bottom-center { content: counter(page);",
            "@media (min-width: 900px) { .nav-toggle { display: none; } }",
            ".snippet.short > pre, figure, .equation, tr { break-inside: avoid; }",
            "@font-face {\n  font-family: \"Workbook Math\";",
            ".search-results .result-excerpt {",
            ".more-results {",
        ]
        #expect(rules.filter { !css.contains($0) } == [])
        // No rule forces every snippet or code block whole onto a printed page.
        #expect(!css.contains("pre { white-space: pre-wrap; border-color: #ccc; break-inside: avoid; }"))
        #expect(!css.contains("figure, .equation, .snippet { break-inside: avoid; }"))
    }

    @Test func styleSheetURLsMustResolve() {
        let problems = SiteValidator.problems(in: [
            "assets/a.css": "@font-face { src: url(\"fonts/missing.woff2\"); } x { background: url(https://example.com/x.png) }",
        ])
        #expect(problems == [
            "assets/a.css: url=\"fonts/missing.woff2\" points to missing file assets/fonts/missing.woff2",
            "assets/a.css: url=\"https://example.com/x.png\" leaves the site",
        ])
    }

    /// WCAG contrast of two "#rrggbb" colours.
    static func contrast(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map { Double($0) / 255 }
            let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test func everyFigureSeriesColourStandsOutFromThePage() throws {
        let css = try SiteAssets.files()[0].contents
        // The first block of variables is the light theme, the second the dark one.
        let parts: [String] = css.components(separatedBy: "--bg: ")
        let blocks = Array(parts[1...2])
        for block in blocks {
            let background = String(block.prefix(7))
            for n in 1...8 {
                let marker = "--fig-series-\(n): "
                let range = try #require(block.range(of: marker))
                let colour = String(block[range.upperBound...].prefix(7))
                #expect(Self.contrast(colour, background) >= 3, "series \(n) \(colour) on \(background)")
            }
        }
    }
}
