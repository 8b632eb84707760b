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
    public var title: String
    public var columns: Int
    public var panelSize: FigureSize
    /// Alternative text for screen readers, put before the generated summary in `<desc>`.
    public var description: String?
    var panels: [any Chart] = []

    public init(title: String, columns: Int = 2, panelSize: FigureSize = FigureSize(width: 320, height: 240),
                description: String? = nil) {
        precondition(columns >= 1, "SmallMultiples \"\(title)\": columns must be at least 1, got \(columns)")
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

    public var panelCount: Int { panels.count }

    var rowCount: Int { (panels.count + columns - 1) / columns }

    public func svg(id: String) -> String { SVGDocument.render(self, id: id) }

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
