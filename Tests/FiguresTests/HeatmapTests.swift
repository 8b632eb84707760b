import Testing
@testable import Figures

@Suite struct HeatmapTests {
    func fills(_ map: Heatmap) -> [String] {
        ParsedXML(map.svg(id: "h")).all("path").compactMap { $0.attributes["stroke"] }.filter { $0.hasPrefix("#") }
    }

    @Test func cellsTakeViridisColoursAcrossTheDataRange() {
        let map = Heatmap(title: "Ramp", values: [[0.0, 0.5, 1.0]])
        #expect(fills(map) == ["#440154", "#21908c", "#fde725"])
    }

    @Test func aFixedRangeClampsAndNaNCellsStayEmpty() {
        let map = Heatmap(title: "Clamped", values: [[Float(-3), .nan, 0.5, 7]], range: 0...1)
        #expect(fills(map) == ["#440154", "#21908c", "#fde725"])
    }

    @Test func signedValuesUseTheDivergingScale() {
        let map = Heatmap(title: "Weights", values: [[-1.0, 0, 1]], colorScale: .blueRed, range: -1...1)
        #expect(fills(map) == ["#2166ac", "#f7f7f7", "#b2182b"])
    }

    @Test func colourScaleInterpolatesBetweenAnchors() {
        // Halfway between anchors 0 (#440154) and 1 (#472d7b), rounding halves up.
        #expect(ColorScale.viridis.color(at: 0.0625).hex == "#461768")
        #expect(ColorScale.viridis.color(at: -2) == ColorScale.viridis.anchors.first)
        #expect(ColorScale.viridis.color(at: .nan) == ColorScale.viridis.anchors.first)
    }

    @Test func colourBarIsAGradientThroughTheAnchors() throws {
        let xml = ParsedXML(Samples.heatmap.svg(id: "h"))
        let gradient = try #require(xml.all("linearGradient").first)
        #expect(gradient.attributes["id"] == "h-grad1")
        #expect(xml.all("stop").compactMap { $0.attributes["stop-color"] } == ColorScale.viridis.anchors.map(\.hex))
        #expect(xml.all("rect").contains { $0.attributes["fill"] == "url(#h-grad1)" })
        let barLabels = xml.all("text").filter { $0.attributes["class"] == nil }.map(\.text)
        #expect(barLabels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func rowsAndColumnsAreLabelled() {
        let texts = ParsedXML(Samples.heatmap.svg(id: "h")).all("text")
        #expect(texts.filter { $0.attributes["class"] == "e" }.map(\.text) == ["forget", "input", "output"])
        #expect(texts.filter { $0.attributes["class"] == "m" }.map(\.text) == ["the", "cat", "sat"])
        // Cell values in black on light cells and white on dark ones.
        let values = texts.filter { $0.attributes["class"]?.hasPrefix("m v") == true }
        #expect(values.map(\.text) == ["0.1", "0.9", "0.5", "0.7", "0.2", "0.95", "0.3", "0.6", "0.05"])
        #expect(values.map { $0.attributes["class"]! } == ["m vw", "m vk", "m vk", "m vk", "m vw", "m vk", "m vw", "m vk", "m vw"])
    }
}

@Suite struct HeatmapSizeTests {
    /// Cells are one unit each in a nested viewport, one path per colour, each run of a colour along
    /// a row one stroke through the row's middle (the stroke is one unit wide, a cell's height).
    @Test func cellsAreOnePathPerColourInCellUnits() throws {
        let map = Heatmap(title: "Runs", values: [[0.0, 0, 1], [1, .nan, 0]], range: 0...1)
        let svg = map.svg(id: "h")
        let start = try #require(svg.range(of: "<svg x=")), end = try #require(svg.range(of: "</svg>\n<text"))
        #expect(String(svg[start.lowerBound..<svg.index(end.lowerBound, offsetBy: 7)]) == """
            <svg x="15.04" y="37" width="563.84" height="123" viewBox="0 0 3 2" preserveAspectRatio="none" shape-rendering="crispEdges">
            <path stroke="#440154" d="M0 0.5h2M2 1.5h1"/>
            <path stroke="#fde725" d="M2 0.5h1M0 1.5h1"/>
            </svg>

            """)
    }

    /// A 32 × 64 grid of 97 levels (as big as figure 4.2, the positional encodings): under
    /// 16 bytes a cell instead of the 70 a `<rect>` took.
    @Test func aBigGridStaysSmall() {
        let values: [[Double]] = (0..<32).map { (r: Int) -> [Double] in
            (0..<64).map { (c: Int) -> Double in Double((r * 7 + c * 13) % 97) / 96 }
        }
        let bytes = Heatmap(title: "Big", values: values, colorScale: .blueRed).svg(id: "h").utf8.count
        #expect(bytes < 2048 * 16)
    }
}
