import Testing
@testable import Figures

@Suite struct SVGStructureTests {
    @Test(arguments: Samples.all(id: "p").map(\.name))
    func everyFigureIsWellFormedAccessibleSVG(name: String) throws {
        let sample = try #require(Samples.all(id: "p").first { $0.name == name })
        let xml = ParsedXML(sample.svg)
        #expect(xml.error == nil)
        let root = try #require(xml.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-labelledby"] == "p-title p-desc")
        #expect(root.attributes["class"] == "fig p")
        #expect(xml.all("title").map(\.text) == [sample.title])
        #expect(xml.all("title").first?.attributes["id"] == "p-title")
        #expect(xml.all("desc").count == 1)
        #expect(xml.all("desc").first.map { !$0.text.isEmpty } == true)
        // Every id is scoped by the prefix and unique within the document.
        #expect(xml.ids.allSatisfy { $0.hasPrefix("p-") })
        #expect(Set(xml.ids).count == xml.ids.count)
    }

    @Test func idsAreSanitizedAndNumberedPerDocument() {
        let xml = ParsedXML(Samples.multiples.svg(id: "figure 3!"))
        #expect(xml.elements.first?.attributes["class"] == "fig figure-3-")
        #expect(xml.ids == ["figure-3--title", "figure-3--desc", "figure-3--clip1", "figure-3--grad2"])
        #expect(IDScope.sanitize("3rd") == "f3rd")
        #expect(IDScope.sanitize("") == "f")
    }

    @Test func styleIsScopedAndDefinesOnlyTheSeriesInUse() throws {
        let xml = ParsedXML(Samples.scatter.svg(id: "sc"))
        let style = try #require(xml.all("style").first?.text)
        let rules = style.split(separator: "\n").map(String.init)
        #expect(rules.allSatisfy { $0.hasPrefix(".sc") })
        // The plain colour first, for renderers without custom properties; the page's variable after it.
        #expect(rules.contains(".sc .s1{stroke:#0072b2;stroke:var(--fig-series-1, #0072b2)}"))
        #expect(rules.contains(".sc .bg{fill:#fcfcfa;fill:var(--fig-bg,#fcfcfa)}"))
        #expect(!style.contains("--fig-series-2"))
        #expect(rules.contains(".sc text{fill:currentColor}"))
    }

    @Test func xTicksAreRoundNumbersSpacedEvenlyAlongTheAxis() throws {
        var plot = LinePlot(title: "Ramp", xLabel: "step", yLabel: "value")
        plot.add(series: "", x: [0, 1, 2, 3, 4], y: [0.0, 1, 2, 3, 4])
        let xml = ParsedXML(plot.svg(id: "r"))
        let xTicks = xml.all("text").filter { $0.attributes["class"] == "m" }
        #expect(xTicks.map(\.text) == ["0", "1", "2", "3", "4"])
        let yTicks = xml.all("text").filter { $0.attributes["class"] == "e" }
        #expect(yTicks.map(\.text) == ["0", "1", "2", "3", "4"])

        // The axis path is "M<left> <top>V<bottom>H<right>…"; ticks 0 and 4 sit at its ends.
        let axis = try #require(xml.all("path").first { $0.attributes["class"] == "ax" }?.attributes["d"])
        let numbers = axis.split(whereSeparator: { "MVHvh ".contains($0) }).compactMap { Double($0) }
        let (left, right) = (numbers[0], numbers[3])
        let xs = xTicks.compactMap { $0.attributes["x"].flatMap(Double.init) }
        for (i, x) in xs.enumerated() {
            #expect(abs(x - (left + Double(i) * (right - left) / 4)) <= 0.01, "tick \(i) at \(x)")
        }
    }

    @Test func logAxisPutsDecadesAtEqualDistances() throws {
        let xml = ParsedXML(Samples.logLossPlot.svg(id: "l"))
        let yTicks = xml.all("text").filter { $0.attributes["class"] == "e" }
        #expect(yTicks.map(\.text) == ["0.01", "0.1", "1", "10"])
        let ys = yTicks.compactMap { $0.attributes["y"].flatMap(Double.init) }
        let gaps = zip(ys, ys.dropFirst()).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - gaps[0]) <= 0.02 })
        #expect(xml.all("text").first { $0.attributes["class"] == "lb" && $0.attributes["transform"] != nil }?.text
            == "loss (log scale)")
    }

    @Test func legendNamesEverySeriesInOrder() {
        let xml = ParsedXML(Samples.logLossPlot.svg(id: "l"))
        let unclassed = xml.all("text").filter { $0.attributes["class"] == nil }.map(\.text)
        #expect(unclassed == ["RNN", "LSTM"])
        let lines = xml.all("path").compactMap { $0.attributes["class"] }.filter { $0.hasPrefix("ln") }
        #expect(lines == ["ln s1", "ln s2", "ln s1", "ln s2"])  // two curves, two legend swatches
    }

    @Test func coordinatesHaveAtMostTwoDecimals() {
        let svg = Samples.logLossPlot.svg(id: "l")
        let decimals = svg.split(whereSeparator: { !"0123456789.".contains($0) })
            .filter { $0.contains(".") && $0.first!.isNumber && $0.last!.isNumber }
            .map { $0.split(separator: ".")[1].count }
        #expect(!decimals.isEmpty)
        #expect(decimals.allSatisfy { $0 <= 2 })
    }

    @Test func typicalFiguresStaySmall() {
        #expect(Samples.logLossPlot.svg().utf8.count < 6_000)
        #expect(Samples.heatmap.svg().utf8.count < 6_000)
        #expect(Samples.bars.svg().utf8.count < 4_000)
    }
}

@Suite struct LongTextTests {
    @Test func longTitlesAreCutOnTheCanvasButKeptWhole() {
        let title = String(repeating: "forget gate ", count: 20)
        var plot = LinePlot(title: title, size: FigureSize(width: 240, height: 160))
        plot.add(series: "", y: [1, 2])
        let xml = ParsedXML(plot.svg(id: "t"))
        let shown = xml.all("text").first { $0.attributes["class"] == "ti" }?.text
        // 240 − 16 = 224 units hold 21 characters of 15 × 0.64 and the ellipsis (15 × 1).
        #expect(shown == "forget gate forget ga…")
        #expect(xml.all("title").first?.text == title)
    }
}
