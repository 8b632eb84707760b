import Foundation
import Testing
@testable import WorkbookCore

/// The chapters that made bless diverge (issue 16), and the bytes around the blocks.
@Suite struct BlessingCasesTests {
    /// Blesses `source` with `outputs`: the result, or the problems it refused with.
    func bless(_ source: String, _ outputs: [String]) -> Result<String, Diagnostics> {
        let chapter: Chapter
        do { chapter = try Chapter(source: source, path: "chapters/01-b.md") } catch { return .failure(error) }
        let run = Fixtures.run(chapter, outputs: outputs)
        do {
            let blessed = try Blessing.bless(chapter, run).source
            // A second bless of the result changes nothing.
            let again = try Chapter(source: blessed, path: chapter.path)
            let second = try Blessing.bless(again, Fixtures.run(again, outputs: outputs))
            #expect(second.source == blessed && second.changedSnippets.isEmpty)
            return .success(blessed)
        } catch {
            return .failure(error as! Diagnostics)
        }
    }

    @Test func aTabAfterTheQuoteMarker() throws {
        let source = ">\t```swift\n>\tprint(1)\n>\t```\n>\n>\t```output\n>\told\n>\t```\n"
        // cmark counts part of the tab as the block's indentation, and no rewrite of the block
        // reads back as written: bless refuses, with the advice, instead of writing it.
        #expect(bless(source, ["new\n"]).failure?.description == "chapters/01-b.md:5:1: error: snippet 1: its output block would not read back as the actual output; cmark would read the rewritten chapter differently; bless refuses to write it. Rewrite this block by hand (a space after each '>', spaces rather than tabs before fences, a closing fence on its own line)")
        // With a space after '>' the same block blesses.
        let spaced = source.replacingOccurrences(of: ">\t", with: "> ")
        #expect(try bless(spaced, ["new\n"]).get() == spaced.replacingOccurrences(of: "old", with: "new"))
    }

    @Test func aQuoteMarkerWithoutASpace() throws {
        let source = ">```swift\n>print(1)\n>```\n"
        #expect(try bless(source, ["new\n\nline\n"]).get() == ">```swift\n>print(1)\n>```\n>\n>```output\n>new\n>\n>line\n>```\n")
    }

    @Test func anOutputLineHoldingATabAndAFence() throws {
        let source = "- item\n\n  ```swift\n  print(1)\n  ```\n\n  ```output\n  old\n  ```\n"
        // "\t```" inside the list item is 2 columns of indentation: it would close a ``` block,
        // so the block gets a longer fence.
        #expect(try bless(source, ["\t```\n"]).get() == "- item\n\n  ```swift\n  print(1)\n  ```\n\n  ````output\n  \t```\n  ````\n")
    }

    @Test func aSnippetClosedByItsContainerIsRefused() {
        let source = "> ```swift\n> print(1)\n\n```text\nnot output\n```\n"
        #expect(bless(source, ["1\n"]).failure?.description == "chapters/01-b.md:1:1: error: this snippet has no closing fence (the end of its list, quote or file closes it); close it before blessing")
        #expect(bless(source, ["1\n"]).failure?.all.map(\.kind) == [.blessRefused])
    }

    @Test func anOverIndentedFenceLikeLastLineIsNotAClosingFence() {
        let unclosedOutput = "```swift\nprint(1)\n```\n\n```output\nold\n    ```"
        #expect(bless(unclosedOutput, ["1\n"]).failure?.description == "chapters/01-b.md:5:1: error: this output block has no closing fence; close it before blessing")
        let unclosedSnippet = "```swift\nprint(1)\n    ```\n"
        #expect(bless(unclosedSnippet, ["1\n"]).failure?.description == "chapters/01-b.md:1:1: error: this snippet has no closing fence (the end of its list, quote or file closes it); close it before blessing")
    }

    @Test func controlCharactersAreNotBlessedAndNULCannotLoop() throws {
        let source = "```swift\nprint(1)\n```\n\n```output\nold\n```\n"
        let chapter = try Chapter(source: source, path: "chapters/01-b.md")
        let run = Fixtures.run(chapter, outputs: ["a\u{0}b\n\u{1B}[31mred\u{1B}[0m\n"])
        let problems = Verification.check(chapter, run)
        #expect(problems.map(\.description) == [
            """
            chapters/01-b.md:1:1: error: snippet 1 printed U+0000 (NUL) on output line 1, U+001B (ESC) on output line 2, which an output block cannot show; print an escape instead (String(reflecting:) or "\\u{1B}")
                1: a␀b
                2: ␛[31mred␛[0m
            """,
        ])
        // Nothing for bless to rewrite: the chapter stays as it is, and bless reports the problem.
        let blessed = try Blessing.bless(chapter, run, problems: problems)
        #expect(blessed.changedSnippets.isEmpty && blessed.source == source)
    }

    @Test func aBlockHoldingTheSameControlCharactersStillFails() throws {
        // The site shows such a block escaped, but the verifier never calls it a match.
        let source = "```swift\nprint(1)\n```\n\n```output\nred \u{1B}[31m\n```\n"
        let chapter = try Chapter(source: source, path: "chapters/01-b.md")
        let problems = Verification.check(chapter, Fixtures.run(chapter, outputs: ["red \u{1B}[31m\n"]))
        #expect(problems.map(\.kind) == [.controlCharacters])
        #expect(problems.first?.location == "chapters/01-b.md:1:1")
    }

    // MARK: Bytes outside the blocks

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-bless-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        return url
    }

    func blessFile(_ url: URL, outputs: [String], scratch: URL?) throws {
        let chapter = try Chapter(contentsOf: url, displayPath: "chapters/01-b.md")
        let result = try Blessing.bless(chapter, Fixtures.run(chapter, outputs: outputs))
        try Blessing.write(result, to: url, scratch: scratch)
    }

    @Test func aByteOrderMarkIsKept() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("chapters/01-b.md")
        try Data([0xEF, 0xBB, 0xBF] + Array("```swift\nprint(1)\n```\n\n```output\n0\n```\n".utf8)).write(to: file)
        try blessFile(file, outputs: ["1\n"], scratch: nil)
        #expect(try Data(contentsOf: file) == Data([0xEF, 0xBB, 0xBF] + Array("```swift\nprint(1)\n```\n\n```output\n1\n```\n".utf8)))
    }

    @Test func blessingThroughASymlinkWritesTheRealFile() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real.md")
        let link = root.appendingPathComponent("chapters/01-b.md")
        try Data("```swift\nprint(1)\n```\n\n```output\n0\n```\n".utf8).write(to: real)
        chmod(real.path, 0o640)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../real.md")
        try blessFile(link, outputs: ["1\n"], scratch: nil)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "../real.md")
        #expect(try String(contentsOf: real, encoding: .utf8) == "```swift\nprint(1)\n```\n\n```output\n1\n```\n")
        let mode = try FileManager.default.attributesOfItem(atPath: real.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o640)
    }

    @Test func theTemporaryFileIsWrittenOutsideTheChaptersFolder() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("chapters/01-b.md")
        try Data("```swift\nprint(1)\n```\n".utf8).write(to: file)
        let scratch = root.appendingPathComponent(".build/workbook-bless")
        try blessFile(file, outputs: ["1\n"], scratch: scratch)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("chapters").path) == ["01-b.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == "```swift\nprint(1)\n```\n\n```output\n1\n```\n")
    }

    @Test func theDryRunDiffOfACRLFChapterShowsItsLines() throws {
        let source = "# T\r\n\r\n```swift\r\nprint(1)\r\n```\r\n\r\n```output\r\n0\r\n```\r\n"
        let blessed = try bless(source, ["1\n"]).get()
        #expect(UnifiedDiff.diff(expected: source, actual: blessed, context: 1) == """
            --- expected
            +++ actual
            @@ -7,3 +7,3 @@
             ```output
            -0
            +1
             ```

            """)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
