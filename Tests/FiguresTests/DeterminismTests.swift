import Testing
@testable import Figures

@Suite struct DeterminismTests {
    @Test func sameDataGivesByteIdenticalSVG() {
        for (a, b) in zip(Samples.all(id: "x"), Samples.all(id: "x")) {
            #expect(a.svg == b.svg, "\(a.name)")
        }
        #expect(Samples.logLossPlot.svg() == Samples.logLossPlot.svg())
    }

    @Test func contentDerivedPrefixDiffersBetweenFigures() throws {
        let first = ParsedXML(Samples.logLossPlot.svg()).elements.first?.attributes["class"]
        let second = ParsedXML(Samples.scatter.svg()).elements.first?.attributes["class"]
        let prefix = try #require(first?.split(separator: " ").last.map(String.init))
        #expect(prefix.count == 11 && prefix.hasPrefix("f") && prefix.dropFirst().allSatisfy(\.isHexDigit))
        #expect(first != second)
    }

    @Test func hashIsTheFixedFNV1a() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c (Fowler–Noll–Vo reference test vector).
        #expect(ContentHash.hex(of: "a") == "af63dc4c86")
        #expect(ContentHash.hex(of: "") == "cbf29ce484")
    }

    @Test func doubleFloatAndIntDataDrawTheSameFigure() {
        var doubles = LinePlot(title: "Same")
        doubles.add(series: "s", x: [1.0, 2, 3], y: [0.5, 0.25, 0.125])
        var mixed = LinePlot(title: "Same")
        mixed.add(series: "s", x: 1...3, y: [Float(0.5), 0.25, 0.125])
        #expect(doubles.svg(id: "s") == mixed.svg(id: "s"))
    }
}
