import Testing
@testable import Figures

@Suite struct HeatmapTests {
    func fills(_ map: Heatmap) -> [String] {
        ParsedXML(map.svg(id: "h")).all("rect").compactMap { $0.attributes["fill"] }.filter { $0.hasPrefix("#") }
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
