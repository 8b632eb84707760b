/// A grid of figures under one title, for comparing like with like: one loss curve per learning
/// rate, one gate heatmap per layer.
///
/// ```swift
/// var grid = SmallMultiples(title: "Loss by learning rate", columns: 3)
/// for (rate, loss) in runs {
///     var plot = LinePlot(title: "lr = \(rate)", xLabel: "epoch", yScale: .log)
///     plot.add(series: "loss", y: loss)
///     grid.add(plot)
/// }
/// show(grid)
/// ```
///
/// Panels keep their own axes; series in the same position share a colour across panels.
public struct SmallMultiples: Figure, Sendable {
    /// The title over the whole grid: shown above it and in the SVG `<title>`.
    ///
    /// Each panel keeps its own title, drawn above the panel; the data tables are captioned with the
    /// panels' titles.
    public var title: String
    /// Panels per row; panels fill the grid left to right, then top to bottom.
    ///
    /// At least 1 (checked by the initialiser only: do not set it below 1 afterwards). The SVG is
    /// `min(columns, panelCount)` panels wide and ⌈panelCount / columns⌉ rows high (at least one
    /// of each, even with no panels).
    public var columns: Int
    /// The size of each grid cell, in SVG user units; every panel is drawn at this size, whatever
    /// its own `size`.
    ///
    /// The whole SVG is `panelSize.width · min(columns, max(1, panelCount))` wide and
    /// `panelSize.height · max(1, rows) + 36` high, the extra 36 units holding the grid's title.
    public var panelSize: FigureSize
    /// Alternative text for screen readers, put before the generated summary in `<desc>`.
    public var description: String?
    var panels: [any Chart] = []

    /// An empty grid; add panels with ``add(_:)``.
    ///
    /// `columns` must be at least 1 (stops the program otherwise).
    public init(title: String, columns: Int = 2, panelSize: FigureSize = FigureSize(width: 320, height: 240),
                description: String? = nil) {
        if !(columns >= 1) { fatalError("SmallMultiples \"\(title)\": columns must be at least 1, got \(columns)") }
        self.title = title
        self.columns = columns
        self.panelSize = panelSize
        self.description = description
    }

    /// Adds a panel: a `LinePlot`, `ScatterPlot`, `BarChart`, `Heatmap` or another `SmallMultiples`.
    public mutating func add(_ panel: some Figure) {
        guard let chart = panel as? any Chart else {
            preconditionFailure("SmallMultiples \"\(title)\": cannot place a \(type(of: panel)) in a panel; use the figures of this module")
        }
        panels.append(chart)
    }

    /// The number of panels added so far.
    public var panelCount: Int { panels.count }

    var rowCount: Int { (panels.count + columns - 1) / columns }

    /// A standalone SVG document: the title, then each panel titled in its grid cell.
    ///
    /// `id` prefixes every `id` and the CSS class in the document (sanitised as ``Figure/svg(id:)``
    /// says); all panels share the one prefix, so their ids never clash. Panels keep their own axes.
    public func svg(id: String) -> String { SVGDocument.render(self, id: id) }

    /// The title, then each panel's own ``Figure/terminal(width:)`` rendering at the full `width`,
    /// one under another with a blank line before each.
    ///
    /// The grid's columns are not kept in the terminal: panels are stacked vertically.
    public func terminal(width: Int) -> String {
        var lines = [TerminalText.truncate(title, to: width)]
        for panel in panels {
            lines.append("")
            lines.append(panel.terminal(width: width))
        }
        return lines.joined(separator: "\n")
    }

    /// One table per panel, in order.
    public func dataTableHTML() -> String {
        panels.map { $0.dataTableHTML() }.joined()
    }
}

extension SmallMultiples: Chart {
    var size: FigureSize {
        FigureSize(width: panelSize.width * Double(min(columns, max(1, panels.count))),
                   height: panelSize.height * Double(max(1, rowCount)) + 36)
    }

    var altText: String? { description }

    var summary: String {
        "\(panels.count) panels. " + panels.enumerated().map { index, panel in
            "Panel \(index + 1)" + (panel.title.isEmpty ? "" : ", \(panel.title)") + ": " + panel.summary
        }.joined(separator: " ")
    }

    func draw(_ svg: inout SVGWriter, in frame: Rect, ids: inout IDScope) {
        for (index, panel) in panels.enumerated() {
            let cell = Rect(x: frame.minX + Double(index % columns) * panelSize.width,
                            y: frame.minY + Double(index / columns) * panelSize.height,
                            width: panelSize.width, height: panelSize.height)
            SVGDocument.drawTitled(panel, in: cell.inset(bottom: 4, right: 8), titleClass: "pt",
                                   titleSize: Typography.panelTitleSize, svg: &svg, ids: &ids)
        }
    }
}
