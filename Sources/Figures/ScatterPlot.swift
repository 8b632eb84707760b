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
    public static let defaultMark = Mark.points
    public static let kind = "Scatter plot"
}
