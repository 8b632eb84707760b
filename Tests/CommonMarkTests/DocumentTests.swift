import CommonMark
import Testing

@Suite struct DocumentTests {
    @Test func snapshotKeepsPositionsAndInfo() {
        let document = Document(parsing: "# Title\n\n> ```swift x=1\n> let a = 1\n> ```\n")
        let blocks = document.root.children
        #expect(blocks.map(\.kind) == [.heading, .blockQuote])
        #expect(blocks[0].headingLevel == 1)
        #expect(blocks[0].plainText == "Title")
        let code = blocks[1].children[0]
        #expect(code.kind == .codeBlock)
        #expect(code.isFenced)
        #expect(code.fenceInfo == "swift x=1")
        #expect(code.literal == "let a = 1\n")
        #expect(code.start == SourcePosition(line: 3, column: 3))
        #expect(code.end == SourcePosition(line: 5, column: 5))
    }

    @Test func indentedCodeIsNotFenced() {
        let code = Document(parsing: "Text\n\n    indented\n").root.children[1]
        #expect(code.kind == .codeBlock)
        #expect(!code.isFenced)
    }

    @Test func smartPunctuationIsAParseOption() {
        let source = "\"Quotes\" -- and... more"
        #expect(Document(parsing: source, options: [.smartPunctuation]).root.plainText == "“Quotes” – and… more")
        #expect(Document(parsing: source).root.plainText == "\"Quotes\" -- and... more")
    }

    @Test func mathIsANodeWithItsPositionAndNeverMarkup() {
        let paragraph = Document(parsing: "# T\n\nSo $a*b*c$ and $$x \\\\ y$$, `$no$`, $5 and $6, \\$.\n").root.children[1]
        #expect(paragraph.children.map(\.kind) == [.text, .math, .text, .math, .text, .code, .text])
        #expect(paragraph.children[1].literal == "a*b*c")
        #expect(paragraph.children[1].math?.display == false)
        #expect(paragraph.children[1].start == SourcePosition(line: 3, column: 4))
        #expect(paragraph.children[3].literal == "x \\\\ y")
        #expect(paragraph.children[3].math?.display == true)
        #expect(paragraph.children[6].literal == ", $5 and $6, $.")
    }

    @Test func linesAfterMultiLineMathAreCounted() {
        let paragraph = Document(parsing: "A\r\n$$\r\na\r\nb\r\n$$\r\nafter `x`\r\n").root.children[0]
        let code = paragraph.children.first { $0.kind == .code }
        #expect(code?.start.line == 6)
    }

    @Test func pipeTablesAreNodes() {
        let table = Document(parsing: "| a | b |\r\n| :-: | --: |\r\n| `x\\|y` | 2 |\r\n").root.children[0]
        #expect(table.kind == .table)
        #expect(table.tableAlignments == [.center, .right])
        #expect(table.children.map(\.isHeaderRow) == [true, false])
        #expect(table.children[1].children[0].children.first?.literal == "x|y")
    }

    @Test func rawHTMLStaysANodeOfItsOwn() {
        let blocks = Document(parsing: "<script>alert(1)</script>\n\nA <b>bold</b> claim.\n").root.children
        #expect(blocks.map(\.kind) == [.htmlBlock, .paragraph])
        #expect(blocks[1].children.map(\.kind) == [.text, .htmlInline, .text, .htmlInline, .text])
    }

    @Test func sourceLinesKeepEndings() {
        let lines = SourceLines("a\r\nb\nc")
        #expect(lines.lines == [Array("a".utf8), Array("b".utf8), Array("c".utf8)])
        #expect(lines.endings == [Array("\r\n".utf8), Array("\n".utf8), []])
        #expect(lines.dominantEnding == Array("\n".utf8), "a tie goes to \\n")
        #expect(SourceLines("x\r\ny\r\nz\n").dominantEnding == Array("\r\n".utf8))
    }
}

