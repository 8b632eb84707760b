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
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale
    public var yScale: Scale
    /// Fixed axis ranges; nil (the default) fits the data and widens to round numbers.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var size: FigureSize
    /// Alternative text for screen readers, put before the generated summary in `<desc>`.
    public var description: String?
    var series: [Series] = []

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
        series.append(Series(name: name, x: x, y: y, mark: mark))
    }

    /// Adds a series plotted against its index 0, 1, 2, …
    public mutating func add<YS: Sequence>(series name: String, y: YS, mark: Mark = Style.defaultMark) where YS.Element: PlotValue {
        series.append(Series(name: name, y: y, mark: mark))
    }

    var model: XYPlot {
        XYPlot(title: title, xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale,
               xRange: xRange, yRange: yRange, series: series, kind: Style.kind)
    }

    public func svg(id: String) -> String { SVGDocument.render(self, id: id) }
    public func terminal(width: Int) -> String { model.terminal(width: width) }
    public func dataTableHTML() -> String { model.dataTable.html() }
}

extension XYFigure: Chart {
    var altText: String? { description }
    var summary: String { model.summary }
    func draw(_ svg: inout SVGWriter, in frame: Rect, ids: inout IDScope) { model.draw(&svg, in: frame, ids: &ids) }
}
