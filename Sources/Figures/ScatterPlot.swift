/// Series drawn as dots: predictions against targets, one point per sample.
///
/// ```swift
/// var plot = ScatterPlot(title: "Forecast vs truth", xLabel: "true", yLabel: "predicted")
/// plot.add(series: "AR(2)", x: truth, y: forecast)
/// show(plot)
/// ```
public typealias ScatterPlot = XYFigure<Points>

/// The style of a `ScatterPlot`: series are dots unless `add` says otherwise.
public enum Points: XYStyle {
    /// ``Mark/points``: a series added without a mark is drawn as dots.
    public static let defaultMark = Mark.points
    /// `"Scatter plot"`: how the figure starts its description for screen readers.
    public static let kind = "Scatter plot"
}
