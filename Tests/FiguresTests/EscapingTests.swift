import Testing
@testable import Figures

@Suite struct EscapingTests {
    static let nasty = #"a < b & "c" 'd' > e"#

    @Test func xmlEscapesMarkupCharactersAndDropsControlCharacters() {
        #expect(Escaping.xml(Self.nasty) == "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e")
        #expect(Escaping.xml("bell\u{07}tab\tok") == "bell\u{FFFD}tab\tok")
    }

    @Test func labelsSurviveTheRoundTripThroughAnXMLParser() {
        var plot = LinePlot(title: Self.nasty, xLabel: "x < 1", yLabel: "P&L")
        plot.add(series: "<LSTM>", y: [1.0, 2])
        let svg = plot.svg(id: "e")
        #expect(svg.contains("<title id=\"e-title\">a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e</title>"))
        let xml = ParsedXML(svg)
        #expect(xml.error == nil)
        #expect(xml.all("title").map(\.text) == [Self.nasty])
        let texts = xml.all("text").map(\.text)
        #expect(texts.contains("x < 1"))
        #expect(texts.contains("P&L"))
        #expect(texts.contains("<LSTM>"))
    }

    @Test func heatmapAndBarLabelsAreEscaped() {
        let map = Heatmap(title: "t", values: [[1.0, 2]], rowLabels: ["<s>"], columnLabels: ["&", "\"q\""])
        let bars = BarChart(title: "b", categories: ["<unk>", "a&b"], values: [1, 2])
        for svg in [map.svg(id: "m"), bars.svg(id: "b")] {
            #expect(ParsedXML(svg).error == nil)
        }
        #expect(ParsedXML(map.svg(id: "m")).all("text").map(\.text).prefix(4) == ["t", "<s>", "&", "\"q\""])
        #expect(ParsedXML(bars.svg(id: "b")).all("text").map(\.text).suffix(2) == ["<unk>", "a&b"])
    }

    @Test func tableCaptionAndHeadersAreEscaped() {
        let bars = BarChart(title: "A <b> & C", categories: ["<unk>"], values: [1.5])
        #expect(bars.dataTableHTML() == """
            <table class="fig-data">
            <caption>A &lt;b&gt; &amp; C</caption>
            <thead><tr><th scope="col">category</th><th scope="col">value</th></tr></thead>
            <tbody>
            <tr><th scope="row">&lt;unk&gt;</th><td>1.5</td></tr>
            </tbody>
            </table>

            """)
    }
}
