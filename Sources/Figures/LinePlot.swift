/// Series drawn as lines: loss curves, forecasts against data, gradient norms.
public typealias LinePlot = XYFigure<Lines>

/// The style of a `LinePlot`: series are lines unless `add` says otherwise.
public enum Lines: XYStyle {
    /// ``Mark/line``: a series added without a mark is drawn as a line.
    public static let defaultMark = Mark.line
    /// `"Line plot"`: how the figure starts its description for screen readers.
    public static let kind = "Line plot"
}

/// What tells a `LinePlot` from a `ScatterPlot`.
public protocol XYStyle: Sendable {
    /// The mark of a series added without one.
    static var defaultMark: Mark { get }
    /// How the figure describes itself to screen readers ("Line plot").
    static var kind: String { get }
}
