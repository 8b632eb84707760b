import Testing
@testable import Figures

/// Series colours against the book's backgrounds, by the WCAG 2 contrast ratio
/// ((L1 + 0.05) / (L2 + 0.05) of relative luminances); 3:1 is the minimum for graphics (SC 1.4.11).
@Suite struct PaletteContrastTests {
    static func rgb(_ hex: String) -> RGB {
        let value = UInt32(hex.dropFirst(), radix: 16)!
        return RGB(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (rgb(a).luminance, rgb(b).luminance)
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    static let lightPage = "#fcfcfa", darkPage = "#15171c"

    @Test func everyFallbackColourReadsOnTheLightAndTheDarkPage() {
        let ratios = SeriesPalette.fallbacks.map { colour in
            [Self.contrast(colour, Self.lightPage), Self.contrast(colour, Self.darkPage)].map { ($0 * 100).rounded() / 100 }
        }
        #expect(ratios == [[5.05, 3.46], [3.76, 4.64], [3.33, 5.24], [4.4, 3.96],
                           [3.96, 4.41], [3.53, 4.95], [4.25, 4.11], [4.18, 4.18]])
        #expect(ratios.allSatisfy { $0.allSatisfy { $0 >= 3 } })
    }

    /// A standalone SVG paints its own background, and its ink on it reads as body text.
    @Test func aStandaloneFigureCarriesItsColours() throws {
        #expect(SVGDocument.background == Self.lightPage)
        #expect(Self.contrast(SVGDocument.ink, SVGDocument.background) >= 7)
        let svg = Samples.logLossPlot.svg(id: "s")
        let xml = ParsedXML(svg)
        #expect(xml.all("rect").first?.attributes == ["class": "bg", "width": "100%", "height": "100%"])
        let style = try #require(xml.all("style").first?.text)
        for slot in 1...2 {
            let colour = SeriesPalette.fallbacks[slot - 1]
            #expect(style.contains(".s .s\(slot){stroke:\(colour);stroke:var(--fig-series-\(slot), \(colour))}"))
        }
    }
}
