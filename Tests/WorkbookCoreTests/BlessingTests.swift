import Foundation
import Testing
@testable import WorkbookCore

@Suite struct BlessingTests {
    /// Blesses `source` with the given outputs, checks that a second bless changes nothing,
    /// and returns the blessed text.
    func bless(_ source: String, _ outputs: [String]) throws -> String {
        let chapter = try Chapter(source: source, path: "chapters/01-b.md")
        let blessed = try Blessing.bless(chapter, Fixtures.run(chapter, outputs: outputs)).source
        let again = try Chapter(source: blessed, path: "chapters/01-b.md")
        let second = try Blessing.bless(again, Fixtures.run(again, outputs: outputs))
        #expect(second.source == blessed, "blessing twice must change nothing")
        #expect(second.changedSnippets.isEmpty)
        #expect(Verification.check(again, Fixtures.run(again, outputs: outputs)).isEmpty)
        return blessed
    }

    @Test func rewritesOnlyTheStaleBlock() throws {
        let source = "# T\n\nProse *kept*  \nexactly.\n\n```swift\nprint(1)\n```\n\n```output\n0\n```\n\n```swift\nprint(2)\n```\n\n```output\n2\n```\n"
        #expect(try bless(source, ["1\n", "2\n"]) == source.replacingOccurrences(of: "```output\n0\n```", with: "```output\n1\n```"))
    }

    @Test func addsAMissingBlockAndEmptiesASilentOne() throws {
        let source = "```swift\nprint(\"new\")\n```\nText.\n\n```swift\nlet quiet = 1\n```\n\n```output\nstale\n```\n"
        #expect(try bless(source, ["new\n", ""]) == "```swift\nprint(\"new\")\n```\n\n```output\nnew\n```\nText.\n\n```swift\nlet quiet = 1\n```\n\n```output\n```\n")
    }

    @Test func keepsPrefixesInQuotesAndLists() throws {
        let source = "> ```swift\n> print(\"q\")\n> ```\n>\n> ```output\n> old\n> ```\n\n- item\n\n  ```swift\n  print(\"l\")\n  ```\n"
        #expect(try bless(source, ["q\n\nq2\n", "l\n"]) == "> ```swift\n> print(\"q\")\n> ```\n>\n> ```output\n> q\n>\n> q2\n> ```\n\n- item\n\n  ```swift\n  print(\"l\")\n  ```\n\n  ```output\n  l\n  ```\n")
    }

    @Test func keepsCRLFAndLengthensFencesWhenNeeded() throws {
        let source = "```swift\r\nprint(x)\r\n```\r\n\r\n~~~output\r\nold\r\n~~~\r\n"
        #expect(try bless(source, ["~~~\n"]) == "```swift\r\nprint(x)\r\n```\r\n\r\n~~~~output\r\n~~~\r\n~~~~\r\n")
        let backticks = "```swift\nprint(x)\n```\n\n```output\nold\n```\n"
        #expect(try bless(backticks, ["```\n"]) == "```swift\nprint(x)\n```\n\n````output\n```\n````\n")
    }

    @Test func leavesToleratedNumbersAlone() throws {
        let source = "```swift\nprint(1)\n```\n\n```output tolerance=1e-3\nloss 0.500\n```\n"
        #expect(try bless(source, ["loss 0.5004\n"]) == source)
    }

    @Test func leavesTheOutputOfAnInterruptedSnippetAlone() throws {
        let source = "```swift\nprint(1)\n```\n\n```output\n0\n```\n\n```swift\nprint(2)\n```\n\n```output\n2\nmore\n```\n"
        let chapter = try Chapter(source: source, path: "chapters/01-b.md")
        let crashed = Fixtures.run(chapter, outputs: ["1\n", "2\n"], finished: false, termination: .signaled(4))
        let blessed = try Blessing.bless(chapter, crashed)
        #expect(blessed.changedSnippets == [1])
        #expect(blessed.source == source.replacingOccurrences(of: "```output\n0\n```", with: "```output\n1\n```"))
    }

    @Test func refusesAnUnclosedBlock() throws {
        let chapter = try Chapter(source: "```swift\nprint(1)\n```\n\n```output\n0\n", path: "chapters/01-b.md")
        #expect(throws: Diagnostics.self) { try Blessing.bless(chapter, Fixtures.run(chapter, outputs: ["1\n"])) }
    }

    @Test func fileWithoutFinalNewline() throws {
        #expect(try bless("```swift\nprint(1)\n```\n\n```output\n0\n```", ["1\n"]) == "```swift\nprint(1)\n```\n\n```output\n1\n```")
        #expect(try bless("```swift\nprint(1)\n```", ["1\n"]) == "```swift\nprint(1)\n```\n\n```output\n1\n```\n")
    }
}
