/// A plot of series against an x axis, drawn as lines (`LinePlot`) or dots (`ScatterPlot`).
///
/// ```swift
/// var plot = LinePlot(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log)
/// plot.add(series: "RNN", x: 1...20, y: rnnLoss)
/// plot.add(series: "LSTM", x: 1...20, y: lstmLoss)
/// show(plot)
/// ```
///
/// Ticks fall on round numbers (steps of 1, 2 or 5 × 10ⁿ; decades on a log axis). Points that
/// cannot be drawn (NaN, ±inf, ≤ 0 on a log axis) leave a gap. A legend appears when a series has a name.
/// The two kinds differ only in the default mark of a series and in how the figure describes itself.
public struct XYFigure<Style: XYStyle>: Figure, Sendable {
    /// The plot's title: shown above it, in the SVG `<title>`, and as the data table's caption.
    public var title: String
    /// The x axis' label, drawn under the axis; empty for none.
    ///
    /// On a ``Scale/log`` axis " (log scale)" is appended in the SVG and the terminal. It heads the
    /// data table's x column ("x" when empty).
    public var xLabel: String
    /// The y axis' label, drawn turned along the left edge (above the plot in the terminal); empty
    /// for none.
    ///
    /// On a ``Scale/log`` axis " (log scale)" is appended. It heads the y column of an unnamed series
    /// in the data table ("y" when empty).
    public var yLabel: String
    /// How x values map to positions: ``Scale/linear`` (the default) or ``Scale/log``, on which
    /// points with x ≤ 0 leave a gap.
    public var xScale: Scale
    /// How y values map to positions: ``Scale/linear`` (the default) or ``Scale/log``, on which
    /// points with y ≤ 0 leave a gap.
    public var yScale: Scale
    /// Fixed axis ranges; nil (the default) fits the data and widens to round numbers.
    public var xRange: ClosedRange<Double>?
    /// A fixed y-axis range; nil (the default) fits the data and widens to round numbers.
    public var yRange: ClosedRange<Double>?
    /// The size of the whole SVG, title and legend included, in SVG user units.
    public var size: FigureSize
    /// Alternative text for screen readers, put before the generated summary in `<desc>`.
    public var description: String?
    var series: [Series] = []

    /// An empty plot; add series with ``add(series:x:y:mark:)`` or ``add(series:y:mark:)``.
    ///
    /// - Parameters:
    ///   - title: the heading above the plot.
    ///   - xLabel: the caption under the x axis; empty for none.
    ///   - yLabel: the caption of the y axis; empty for none.
    ///   - xScale: `.linear` (the default) or `.log` for the x axis.
    ///   - yScale: `.linear` (the default) or `.log` for the y axis.
    ///   - xRange: a fixed x-axis range; nil fits the data.
    ///   - yRange: a fixed y-axis range; nil fits the data.
    ///   - size: the size of the whole SVG (640 × 400 by default).
    ///   - description: alternative text for screen readers, put before the generated summary.
    public init(title: String, xLabel: String = "", yLabel: String = "",
                xScale: Scale = .linear, yScale: Scale = .linear,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                size: FigureSize = FigureSize(width: 640, height: 400), description: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.xRange = xRange
        self.yRange = yRange
        self.size = size
        self.description = description
    }

    /// Adds a series of points (`x[i]`, `y[i]`); `x` and `y` must have the same length.
    public mutating func add<XS: Sequence, YS: Sequence>(series name: String, x: XS, y: YS, mark: Mark = Style.defaultMark)
    where XS.Element: PlotValue, YS.Element: PlotValue {
        LegendLabels.check(name, joining: series.map(\.name), in: "\(Style.kind) \"\(title)\"")
        series.append(Series(name: name, x: x, y: y, mark: mark))
    }

    /// Adds a series plotted against its index 0, 1, 2, …
    public mutating func add<YS: Sequence>(series name: String, y: YS, mark: Mark = Style.defaultMark) where YS.Element: PlotValue {
        LegendLabels.check(name, joining: series.map(\.name), in: "\(Style.kind) \"\(title)\"")
        series.append(Series(name: name, y: y, mark: mark))
    }

    var model: XYPlot {
        XYPlot(title: title, xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale,
               xRange: xRange, yRange: yRange, series: series, kind: Style.kind)
    }

    /// A standalone SVG document: axes with round-number ticks, each series as lines and/or dots
    /// in its palette colour, and a legend when there is more than one series or a named one.
    ///
    /// `id` prefixes every `id` and the CSS class in the document (sanitised as ``Figure/svg(id:)``
    /// says). Points that cannot be drawn (NaN, ±inf, ≤ 0 on a log axis) leave a gap.
    public func svg(id: String) -> String { SVGDocument.render(self, id: id) }
    /// A 12-row braille plot at most `width` columns wide: the title, the y label, y tick labels on
    /// the left, an x axis with ticks and labels below and, as for the SVG legend, each series'
    /// name in a right margin on the row where the series ends.
    ///
    /// The plot area keeps at least 8 columns; on narrow widths the name margin gives way first.
    /// Lines joining points are drawn unless the series' mark is ``Mark/points``.
    public func terminal(width: Int) -> String { model.terminal(width: width) }
    /// The numbers as an HTML `<table>` captioned with the title.
    ///
    /// When every series has the same x values: one row per x, one column per series. Otherwise one
    /// row per point, with columns "series", x and y. All text is escaped.
    public func dataTableHTML() -> String { model.dataTable.html() }
}

extension XYFigure: Chart {
    var altText: String? { description }
    var summary: String { model.summary }
    func draw(_ svg: inout SVGWriter, in frame: Rect, ids: inout IDScope) { model.draw(&svg, in: frame, ids: &ids) }
}
