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
        #expect(Document(parsing: source, options: [.smartPunctuation]).renderHTML() == "<p>“Quotes” – and… more</p>\n")
        #expect(Document(parsing: source).renderHTML() == "<p>&quot;Quotes&quot; -- and... more</p>\n")
    }

    @Test func rawHTMLIsEscapedNeverPassedThrough() {
        let html = Document(parsing: "<script>alert(1)</script>\n\nA <b>bold</b> claim.\n").renderHTML()
        #expect(html == "<pre class=\"raw-html\">&lt;script&gt;alert(1)&lt;/script&gt;\n</pre>\n<p>A &lt;b&gt;bold&lt;/b&gt; claim.</p>\n")
    }

    @Test func replacementsSubstituteWholeSubtrees() {
        let document = Document(parsing: "## Gates\n\nSee `code` and *this*.\n\n```swift\nlet x = 1\n```\n")
        let html = document.renderHTML { node in
            switch node.kind {
            case .heading: return "<h2 id=\"gates\">\(node.plainText)</h2>\n"
            case .codeBlock: return "<pre class=\"swift\">\(escapeHTML(node.literal ?? ""))</pre>\n"
            case .code: return "<code class=\"inline\">\(node.literal ?? "")</code>"
            default: return nil
            }
        }
        #expect(html == "<h2 id=\"gates\">Gates</h2>\n<p>See <code class=\"inline\">code</code> and <em>this</em>.</p>\n<pre class=\"swift\">let x = 1\n</pre>\n")
        // Rendering does not consume the document: a second rendering gives the same HTML.
        #expect(document.renderHTML() == document.renderHTML())
    }

    @Test func sourceLinesKeepEndings() {
        let lines = SourceLines("a\r\nb\nc")
        #expect(lines.lines == [Array("a".utf8), Array("b".utf8), Array("c".utf8)])
        #expect(lines.endings == [Array("\r\n".utf8), Array("\n".utf8), []])
        #expect(lines.dominantEnding == Array("\n".utf8), "a tie goes to \\n")
        #expect(SourceLines("x\r\ny\r\nz\n").dominantEnding == Array("\r\n".utf8))
    }
}
