import Foundation
import Testing
@testable import WorkbookCore

/// The smaller findings of issue 16, and the column budget.
@Suite struct SmallerFindingsTests {
    @Test func aOneLineChangeInALongOutputGivesAShortDiff() {
        let lines = (0..<100_000).map { "line \($0)" }
        var changed = lines
        changed[50_000] = "line fifty thousand"
        let diff = UnifiedDiff.diff(expected: lines.joined(separator: "\n") + "\n", actual: changed.joined(separator: "\n") + "\n")
        #expect(diff == """
            --- expected
            +++ actual
            @@ -49998,7 +49998,7 @@
             line 49997
             line 49998
             line 49999
            -line 50000
            +line fifty thousand
             line 50001
             line 50002
             line 50003

            """)
    }

    @Test func comparisonIsByteExact() throws {
        // "é" as one scalar, and as "e" plus a combining accent: equal as Swift strings.
        let composed = "caf\u{E9}\n", decomposed = "cafe\u{301}\n"
        #expect(composed == decomposed)
        #expect(!OutputComparison.matches(expected: composed, actual: decomposed, tolerance: nil))
        #expect(!OutputComparison.matches(expected: "x 1.0 " + composed, actual: "x 1.0 " + decomposed, tolerance: 1e-3))
        let chapter = try Chapter(source: "```swift\nprint(1)\n```\n\n```output\n\(composed)```\n", path: "chapters/01-u.md")
        #expect(Verification.check(chapter, Fixtures.run(chapter, outputs: [decomposed])).map(\.kind) == [.mismatch])
    }

    @Test func duplicateAttributesAreAnError() {
        #expect(throws: InfoStringError(message: "attribute 'tolerance' is given twice")) {
            try InfoString(parsing: "output tolerance=1e-3 tolerance=1e-6")
        }
        #expect(throws: Diagnostics.self) { try Chapter(source: "```swift setup setup\n```\n", path: "chapters/01-d.md") }
    }

    @Test func snippetsInListsAndQuotesKeepTheirColumns() throws {
        let chapter = try Chapter(source: "- item\n\n  ```swift\n  let a: Int = \"x\"\n  ```\n\n> ```swift\n>let b = 1\n> ```\n", path: "chapters/01-c.md")
        #expect(chapter.snippets.map(\.codeIndents) == [[2], [1]])
        let program = chapter.program()
        #expect(program.contains("#sourceLocation(file: \"chapters/01-c.md\", line: 4)\n  let a: Int = \"x\"\n"))
        #expect(program.contains("#sourceLocation(file: \"chapters/01-c.md\", line: 8)\n let b = 1\n"))
        // The compiler agrees: the error is at the column of the string in the Markdown.
        guard case .failure(let failure) = try EndToEndTests.compile(chapter, typecheckOnly: true) else {
            Issue.record("the chapter compiled, but it should not")
            return
        }
        let firstError = failure.stderr.split(separator: "\n").first { $0.contains(": error:") }
        #expect(firstError == "chapters/01-c.md:4:16: error: cannot convert value of type 'String' to specified type 'Int'")
    }

    @Test func indentationKeepsMultilineStrings() throws {
        let source = "- item\n\n  ```swift\n  let s = \"\"\"\n    two\n  one\n  \"\"\"\n  print(s)\n  ```\n\n  ```output\n    two\n  one\n  ```\n"
        let (_, _, problems) = try EndToEndTests.verify(source: source, name: "01-m.md")
        #expect(problems.isEmpty, "\(problems)")
    }

    func workbook(_ files: [String: String]) throws -> Workbook {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-load-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return Workbook(root: root)
    }

    @Test func oneMalformedChapterDoesNotHideTheOthers() throws {
        let book = try workbook([
            "chapters/01-good.md": "```swift\nprint(1)\n```\n",
            "chapters/02-bad.md": "```output\norphan\n```\n",
            "chapters/03-Two Words.md": "text\n",
            "chapters/04-workbook.md": "text\n",
            "chapters/05-good.md": "again\n",
            "chapters/README.md": "not a chapter\n",
        ])
        defer { try? FileManager.default.removeItem(at: book.root) }
        let (chapters, problems) = try book.loadChapters()
        #expect(chapters.map(\.path) == ["chapters/01-good.md"])
        #expect(problems.map(\.description) == [
            "chapters/02-bad.md:1:1: error: output block has no swift snippet right before it",
            "chapters/03-Two Words.md:1:1: error: the chapter name 'Two Words' cannot name a SwiftPM executable: use lowercase ASCII letters, digits and '-', starting with a letter (rename the file, e.g. to NN-two-words.md)",
            "chapters/04-workbook.md:1:1: error: the chapter name 'workbook' is already a target of the package; rename the file",
            "chapters/05-good.md:1:1: error: chapters/01-good.md already makes the executable 'good'; give one of them another name",
        ])
        #expect(problems.allSatisfy { $0.kind == .parse })
        #expect(throws: Diagnostics.self) { try book.chapters() }
    }

    @Test func theColumnBudgetIsABookSetting() throws {
        let long = String(repeating: "x", count: 78)
        let book = try workbook([
            "chapters/book.config": "# the budget\ncolumns: 80\n",
            "chapters/01-wide.md": """
                ```swift
                // snippet.hide
                let hidden = "\(long)\(long)"
                // snippet.show
                let shown = "\(long)"
                print(1)
                ```

                ```output
                \t\(long)
                ```

                ```swift setup
                let setup = "\(long)\(long)"
                ```

                - item

                  ```swift
                  let inList = "é\(long)"
                  ```

                ```python
                model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
                ```

                ```math
                \(long)\(long)
                ```

                > an indented block in a quote:
                >
                >     \(long)\(long)

                """,
        ])
        defer { try? FileManager.default.removeItem(at: book.root) }
        let chapter = try #require(try book.loadChapters().chapters.first)
        #expect(chapter.columns == 80)
        let run = Fixtures.run(chapter, outputs: ["\t\(long)\n", "", ""])
        #expect(Verification.check(chapter, run).map(\.description) == [
            "chapters/01-wide.md:5:81: error: this code line is 92 columns wide; the book's budget is 80 (columns: 80 in chapters/book.config)",
            "chapters/01-wide.md:10:78: error: this output line is 82 columns wide; the book's budget is 80 (columns: 80 in chapters/book.config)",
            "chapters/01-wide.md:20:84: error: this code line is 94 columns wide; the book's budget is 80 (columns: 80 in chapters/book.config)",
            "chapters/01-wide.md:24:81: error: this python block line is 81 columns wide; the book's budget is 80 (columns: 80 in chapters/book.config)",
            "chapters/01-wide.md:33:87: error: this code block line is 156 columns wide; the book's budget is 80 (columns: 80 in chapters/book.config)",
        ])
        #expect(Verification.check(chapter, run).allSatisfy { $0.kind == .lineTooLong })
        // Without the setting there is no budget.
        let unlimited = try Chapter(source: chapter.document.source, path: chapter.path)
        #expect(Verification.check(unlimited, Fixtures.run(unlimited, outputs: ["\t\(long)\n", "", ""])).isEmpty)
    }

    @Test func badSettingsAreReportedAtTheirLine() {
        #expect((try? BookSettings(parsing: "columns: 80\n", path: "chapters/book.config")) == BookSettings(columns: 80))
        let error = #expect(throws: Diagnostics.self) { try BookSettings(parsing: "# ok\ncolumns: wide\nwidth: 3\ncolumns\n", path: "chapters/book.config") }
        #expect(error?.description == """
            chapters/book.config:2:1: error: columns must be a whole number from 20 to 1000; found 'wide'
            chapters/book.config:3:1: error: unknown setting 'width' (known: columns)
            chapters/book.config:4:1: error: expected `name: value`, like `columns: 80`
            """)
        #expect((try? BookSettings(parsing: "columns: 72 # narrow\n", path: "x")) == BookSettings(columns: 72))
    }
}
