/// Wraps a chart's drawing into a standalone, accessible SVG document.
///
/// Theming: a standalone file carries its own colours: dark ink (#1d2025) on a light background
/// (#fcfcfa) and the fallback series palette, each colour also written before its `var()` form so
/// that a renderer without CSS custom properties (librsvg, older viewers) still draws it. A page
/// that inlines the figure restyles it with custom properties: `--fig-ink` (text and axes; the
/// book sets `currentColor`, the page's text colour), `--fig-bg` (the book sets `transparent`),
/// `--fig-series-N` and `--fig-font`. The `<style>` element is scoped by the figure's own class
/// because, once inlined into HTML, its rules apply to the whole page.
enum SVGDocument {
    static func render(_ chart: some Chart, id: String) -> String {
        let prefix = IDScope.sanitize(id)
        var ids = IDScope(prefix: prefix)
        let size = chart.size
        let frame = Rect(x: 0, y: 0, width: size.width, height: size.height)
        var body = SVGWriter()
        drawTitled(chart, in: frame, titleClass: "ti", titleSize: Typography.titleSize, svg: &body, ids: &ids)
        return wrap(body, prefix: prefix, size: size, title: chart.title, description: chart.descriptionText)
    }

    /// Draws `chart` with its title on top, as a whole figure or as a panel of small multiples.
    static func drawTitled(_ chart: some Chart, in frame: Rect, titleClass: String, titleSize: Double,
                           svg: inout SVGWriter, ids: inout IDScope) {
        var content = frame.inset(top: 6)
        if !chart.title.isEmpty {
            svg.element("text", ["class": .text(titleClass), "x": .number(frame.midX), "y": .number(frame.minY + 6 + titleSize)],
                        text: Typography.fit(chart.title, in: frame.width - 16, size: titleSize))
            content = frame.inset(top: titleSize + 14)
        }
        chart.draw(&svg, in: content, ids: &ids)
    }

    static func wrap(_ body: SVGWriter, prefix: String, size: FigureSize, title: String, description: String) -> String {
        var document = SVGWriter()
        document.open("svg", [
            "xmlns": "http://www.w3.org/2000/svg",
            "class": .text("fig " + prefix),
            "width": .number(size.width),
            "height": .number(size.height),
            "viewBox": .text("0 0 " + NumberFormat.coordinate(size.width) + " " + NumberFormat.coordinate(size.height)),
            "role": "img",
            "aria-labelledby": .text("\(prefix)-title \(prefix)-desc"),
        ])
        document.element("title", ["id": .text("\(prefix)-title")], text: title)
        document.element("desc", ["id": .text("\(prefix)-desc")], text: description)
        document.element("style", text: stylesheet(prefix: prefix, series: body.usedSeries))
        document.element("rect", ["class": "bg", "width": "100%", "height": "100%"])
        document.append(body)
        document.close("svg")
        return document.markup
    }

    /// The standalone figure's ink and background: the book's light theme (#1d2025 on #fcfcfa,
    /// a contrast of 16:1).
    static let ink = "#1d2025", background = "#fcfcfa"

    /// CSS rules scoped to `.prefix`. Only the series colours in use are defined.
    static func stylesheet(prefix p: String, series: Set<Int>) -> String {
        var rules = [
            ".\(p){font-family:sans-serif;font-family:var(--fig-font,sans-serif);font-size:11px;"
                + "color:\(ink);color:var(--fig-ink,\(ink))}",
            ".\(p) .bg{fill:\(background);fill:var(--fig-bg,\(background))}",
            ".\(p) text{fill:currentColor}",
            ".\(p) .ti{font-size:15px;font-weight:600;text-anchor:middle}",
            ".\(p) .pt{font-size:13px;font-weight:600;text-anchor:middle}",
            ".\(p) .lb{font-size:12px;text-anchor:middle}",
            ".\(p) .m{text-anchor:middle}",
            ".\(p) .e{text-anchor:end}",
            ".\(p) .ax{fill:none;stroke:currentColor}",
            ".\(p) .gr{fill:none;stroke:currentColor;stroke-opacity:.15}",
            ".\(p) .ln{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}",
            ".\(p) .dt{fill:none;stroke-width:6;stroke-linecap:round}",
            ".\(p) .vk{fill:#000}",
            ".\(p) .vw{fill:#fff}",
        ]
        for slot in series.sorted() {
            let plain = SeriesPalette.fallbacks[slot - 1], color = SeriesPalette.cssColor(slot)
            rules.append(".\(p) .s\(slot){stroke:\(plain);stroke:\(color)}")
            rules.append(".\(p) .f\(slot){fill:\(plain);fill:\(color)}")
        }
        return "\n" + rules.joined(separator: "\n") + "\n"
    }
}
