import Testing
@testable import WorkbookSite

@Suite struct SwiftHighlighterTests {
    @Test func declarationsLiteralsCommentsAndDirectives() {
        let code = """
            /// Doc
            @MainActor public struct Cell: Sendable {
                var w: [Float] = [0.5, 1e-3] // weights
                static func f(x: Int, _ y: String = "a<b&\\(x)") -> Int { #if DEBUG
                  return x &+ 0x1F
                  #endif
                }
            }
            /* block */
            """
        #expect(SwiftHighlighter.highlight(code) == """
            <span class="doc">/// Doc</span>
            <span class="attr">@MainActor</span> <span class="kw">public</span> <span class="kw">struct</span> <span class="ty">Cell</span>: <span class="ty">Sendable</span> {
                <span class="kw">var</span> w: [<span class="ty">Float</span>] = [<span class="num">0.5</span>, <span class="num">1e-3</span>] <span class="com">// weights</span>
                <span class="kw">static</span> <span class="kw">func</span> f(<span class="lbl">x</span>: <span class="ty">Int</span>, _ y: <span class="ty">String</span> = <span class="str">"a&lt;b&amp;</span>\\(x)<span class="str">"</span>) -&gt; <span class="ty">Int</span> { <span class="dir">#if</span> <span class="dir">DEBUG</span>
                  <span class="kw">return</span> x &amp;+ <span class="num">0x1F</span>
                  <span class="dir">#endif</span>
                }
            }
            <span class="com">/* block */</span>
            """)
    }

    @Test func capitalisedValuesAreTypesAndClosuresStayPlain() {
        let code = #"let c = Cell(w: []).w.map { $0 * 2 }"#
        #expect(SwiftHighlighter.highlight(code) == #"<span class="kw">let</span> c = <span class="ty">Cell</span>(<span class="lbl">w</span>: []).w.map { $0 * <span class="num">2</span> }"#)
    }

    @Test func printedMarkupIsEscaped() {
        #expect(SwiftHighlighter.highlight(#"print("<script>alert(1)</script>")"#)
            == #"print(<span class="str">"&lt;script&gt;alert(1)&lt;/script&gt;"</span>)"#)
    }

    @Test func invalidCodeIsStillEscapedAndComplete() {
        #expect(SwiftHighlighter.highlight("let = <") == #"<span class="kw">let</span> = &lt;"#)
    }

    @Test func emptyCode() {
        #expect(SwiftHighlighter.highlight("") == "")
    }
}
