import Foundation
import Testing
@testable import WorkbookSite

/// The figure colours book.css gives each theme, by WCAG 2 contrast against that theme's page.
@Suite struct FigureThemeTests {
    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16)!
        func linear(_ component: Int) -> Double {
            let c = Double(component) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(value >> 16) + 0.7152 * linear((value >> 8) & 0xFF) + 0.0722 * linear(value & 0xFF)
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return ((max(x, y) + 0.05) / (min(x, y) + 0.05) * 100).rounded() / 100
    }

    /// `--name: #rrggbb;` values of the first block of book.css that starts with `selector {`.
    static func variables(_ css: String, block selector: String) throws -> [String: String] {
        let start = try #require(css.range(of: selector + " {\n"))
        let end = try #require(css.range(of: "\n}", range: start.upperBound..<css.endIndex))
        var found: [String: String] = [:]
        for line in css[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let parts = line.trimmingCharacters(in: .whitespaces).dropLast().split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].hasPrefix("--") { found[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return found
    }

    @Test func everySeriesColourHasThreeToOneOnItsPage() throws {
        let css = try SiteAssets.resource("book.css")
        let light = try Self.variables(css, block: ":root"), dark = try Self.variables(css, block: ":root[data-theme=\"dark\"]")
        let series = (1...8).map { "--fig-series-\($0)" }
        let lightColours = series.map { light[$0]! }, darkColours = series.map { dark[$0]! }
        // The light theme's colours are the standalone SVG's (Figures' SeriesPalette): they read on both pages.
        #expect(lightColours == ["#0072b2", "#d55e00", "#009e73", "#b8528f", "#a87400", "#3b8dc4", "#7d7d12", "#7a7a7a"])
        #expect(lightColours.map { Self.contrast($0, light["--bg"]!) } == [5.05, 3.76, 3.33, 4.4, 3.96, 3.53, 4.25, 4.18])
        #expect(lightColours.map { Self.contrast($0, dark["--bg"]!) } == [3.46, 4.64, 5.24, 3.96, 4.41, 4.95, 4.11, 4.18])
        #expect(darkColours.map { Self.contrast($0, dark["--bg"]!) }.allSatisfy { $0 >= 3 })
        #expect(light["--fig-bg"] == "transparent" && light["--fig-ink"] == "currentColor")
    }

    /// Math at the end of an emphasis keeps the comma after it on its line; a wide formula scrolls inside itself.
    @Test func punctuationAfterMathInsideEmphasisIsGlued() throws {
        let got = TestBook.body(try TestBook.site([TestBook.verified("# Glue\n\nSo *we get $x$*, and (**$y$**).\n", outputs: [])]))
        let x = try MathML.render("x", display: .inline), y = try MathML.render("y", display: .inline)
        let box = { (math: String) in "<span class=\"math-inline\">" + math + "</span>" }
        #expect(got == "<p>So <span class=\"nowrap\"><em>we get \(box(x))</em>,</span> and <span class=\"nowrap\">(<strong>\(box(y))</strong>).</span></p>\n")
        let css = try SiteAssets.resource("book.css")
        #expect(css.contains(".math-inline { display: inline-flex; max-width: 100%; overflow-x: auto; overflow-y: hidden; }"))
    }
}
