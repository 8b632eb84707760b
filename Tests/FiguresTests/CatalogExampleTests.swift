import Testing
import Figures   // not @testable: the catalog's example must compile against the public API alone

/// The example on the DocC landing page (Sources/Figures/Figures.docc/Figures.md), compiled and
/// run so the page cannot rot. Keep the two in step by hand: the code below is the page's listing.
@Suite("DocC landing page example")
struct CatalogExampleTests {
    @Test func threeRenderingsOfOnePlot() {
        var plot = LinePlot(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log)
        plot.add(series: "LSTM", x: [1, 2, 3, 4], y: [0.69, 0.41, 0.23, 0.15])
        let svg = plot.svg()                  // a standalone SVG document
        let text = plot.terminal(width: 60)   // Unicode braille, at most 60 columns
        let table = plot.dataTableHTML()      // the numbers, as an HTML <table>

        #expect(svg.hasPrefix("<svg") && svg.contains("Training loss"), "\(svg.prefix(200))")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 }, "\(text)")
        #expect(table.hasPrefix("<table") && table.contains("0.15"), "\(table)")
        #expect(plot.svg() == svg, "the same figure must render to the same bytes")
    }
}
