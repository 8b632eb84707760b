import Testing
@testable import WorkbookSite

@Suite struct HeadingRewriterTests {
    @Test func numbersAnchorsAndTakesTheTitle() {
        let html = """
            <h1>The LSTM</h1>
            <p>Intro.</p>
            <h2>Gates &amp; <em>cells</em></h2>
            <h3>Forget {#sec:forget}</h3>
            <h3>Forget</h3>
            <h2>Recap</h2>

            """
        let result = HeadingRewriter.rewrite(html, chapter: 3)
        #expect(result.title == "The LSTM")
        #expect(result.html == """
            <p>Intro.</p>
            <h2 id="gates-cells"><span class="secno">3.1</span> Gates &amp; <em>cells</em> <a class="anchor" href="#gates-cells" aria-label="Link to section 3.1">#</a></h2>
            <h3 id="sec:forget"><span class="secno">3.1.1</span> Forget <a class="anchor" href="#sec:forget" aria-label="Link to section 3.1.1">#</a></h3>
            <h3 id="forget"><span class="secno">3.1.2</span> Forget <a class="anchor" href="#forget" aria-label="Link to section 3.1.2">#</a></h3>
            <h2 id="recap"><span class="secno">3.2</span> Recap <a class="anchor" href="#recap" aria-label="Link to section 3.2">#</a></h2>

            """)
        #expect(result.sections.map(\.anchor) == ["gates-cells", "sec:forget", "forget", "recap"])
        #expect(result.labels == ["sec:forget": SectionHeading(level: 3, number: "3.1.1", title: "Forget", anchor: "sec:forget")])
    }

    @Test func mathInHeadingsUsesTheTeXForTitleAndSlug() throws {
        let math = try MathML.render(#"\tanh"#, display: .inline)
        let result = HeadingRewriter.rewrite("<h2>Why \(math) &lt;saturates&gt;</h2>", chapter: 2)
        #expect(result.sections == [SectionHeading(level: 2, number: "2.1", title: #"Why \tanh <saturates>"#, anchor: "why-tanh-saturates")])
    }
}
