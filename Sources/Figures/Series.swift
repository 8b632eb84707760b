/// How a series is drawn.
public enum Mark: Sendable, Equatable {
    /// A polyline through the points, broken where a value cannot be drawn (NaN, ±inf, ≤ 0 on a log axis).
    case line
    /// A dot at each point.
    case points
    /// A polyline with a dot at each point.
    case lineAndPoints
}

/// One named sequence of (x, y) points.
struct Series: Sendable, Equatable {
    let name: String
    let x: [Double]
    let y: [Double]
    let mark: Mark

    init<XS: Sequence, YS: Sequence>(name: String, x: XS, y: YS, mark: Mark)
    where XS.Element: PlotValue, YS.Element: PlotValue {
        let xs = x.map(\.plotValue)
        let ys = y.map(\.plotValue)
        precondition(xs.count == ys.count,
                     "add(series: \"\(name)\"): x and y must have the same length, got \(xs.count) and \(ys.count)")
        self.name = name
        self.x = xs
        self.y = ys
        self.mark = mark
    }

    /// `y` against 0, 1, 2, …
    init<YS: Sequence>(name: String, y: YS, mark: Mark) where YS.Element: PlotValue {
        let ys = y.map(\.plotValue)
        self.init(name: name, x: (0..<ys.count).map(Double.init), y: ys, mark: mark)
    }
}
