/// Bars for named categories, one or more series side by side: parameter counts per layer,
/// accuracy per model, a gate's mean activation per token.
///
/// ```swift
/// var bars = BarChart(title: "Parameters", yLabel: "count", categories: ["LSTM", "Dense"])
/// bars.add(series: "ours", values: [16_896, 65])
/// show(bars)
/// ```
///
/// The value axis always includes zero; negative values hang below it.
public struct BarChart: Figure, Sendable {
    /// The chart's title: shown above it, in the SVG `<title>`, and as the data table's caption.
    public var title: String
    /// The category axis' label, drawn under the category names; empty for none.
    ///
    /// It also heads the data table's first column ("category" when empty).
    public var xLabel: String
    /// The value axis' label, drawn turned along the left edge; empty for none.
    ///
    /// It also heads the value column of an unnamed series ("value" when empty), and is the line
    /// under the title in ``terminal(width:)``.
    public var yLabel: String
    /// The category names, one bar group each, left to right (top to bottom in the terminal).
    ///
    /// Every series added with ``add(series:values:)`` needs exactly one value per category.
    /// Names longer than 24 characters are cut with `…` in the SVG (16 in the terminal).
    public var categories: [String]
    /// A fixed value-axis range; nil fits the data (and zero) and widens to round numbers.
    public var yRange: ClosedRange<Double>?
    /// The size of the whole SVG, title included, in SVG user units.
    public var size: FigureSize
    /// Alternative text for screen readers, put before the generated summary in `<desc>`.
    public var description: String?
    var series: [(name: String, values: [Double])] = []

    /// An empty chart for `categories`; add series with ``add(series:values:)``.
    ///
    /// - Parameters:
    ///   - title: the heading above the chart.
    ///   - xLabel: the caption under the categories; empty for none.
    ///   - yLabel: the caption of the value axis; empty for none.
    ///   - categories: the category names, one bar group each, left to right.
    ///   - yRange: a fixed value-axis range; nil fits the data and zero.
    ///   - size: the size of the whole SVG (640 × 400 by default).
    ///   - description: alternative text for screen readers, put before the generated summary.
    public init(title: String, xLabel: String = "", yLabel: String = "", categories: [String],
                yRange: ClosedRange<Double>? = nil,
                size: FigureSize = FigureSize(width: 640, height: 400), description: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.yRange = yRange
        self.size = size
        self.description = description
    }

    /// A chart with one unnamed series (no legend).
    public init<V: Sequence>(title: String, xLabel: String = "", yLabel: String = "", categories: [String], values: V,
                             size: FigureSize = FigureSize(width: 640, height: 400), description: String? = nil)
    where V.Element: PlotValue {
        self.init(title: title, xLabel: xLabel, yLabel: yLabel, categories: categories, size: size, description: description)
        add(series: "", values: values)
    }

    /// Adds a series with one value per category.
    public mutating func add<V: Sequence>(series name: String, values: V) where V.Element: PlotValue {
        let numbers = values.map(\.plotValue)
        precondition(numbers.count == categories.count,
                     "BarChart.add(series: \"\(name)\"): needs one value per category, got \(numbers.count) values for \(categories.count) categories")
        LegendLabels.check(name, joining: series.map(\.name), in: "Bar chart \"\(title)\"")
        series.append((name, numbers))
    }

    /// A standalone SVG document: grouped vertical bars, each group taking 80% of its category's
    /// band and split evenly between the series, with a value axis that always includes zero.
    ///
    /// `id` prefixes every `id` and the CSS class in the document (sanitised as
    /// ``Figure/svg(id:)`` says). A legend appears when there is more than one series or a named one;
    /// category labels stand level when they fit, else turned 45°, else upright (every k-th when even
    /// upright ones would touch). Non-finite values draw no bar.
    public func svg(id: String) -> String { SVGDocument.render(self, id: id) }

    var showsLegend: Bool { series.count > 1 || series.contains { !$0.name.isEmpty } }

    var valueAxis: Axis {
        Axis(scale: .linear, values: series.flatMap(\.values) + [0], fixed: yRange, targetTicks: max(2, Int(size.height / 70)))
    }
}

extension BarChart: Chart {
    var altText: String? { description }

    var summary: String {
        let names = series.map(\.name).filter { !$0.isEmpty }
        return "Bar chart of \(categories.count) categories"
            + (names.isEmpty ? "" : " and \(series.count) series (" + names.joined(separator: ", ") + ")")
            + ". Value axis" + (yLabel.isEmpty ? "" : " " + yLabel) + " " + valueAxis.rangeDescription + "."
    }

    func draw(_ svg: inout SVGWriter, in frame: Rect, ids: inout IDScope) {
        let axis = valueAxis
        let tick = Typography.tickSize
        let yTickWidth = axis.ticks.map { Typography.width($0.label, size: tick) }.max() ?? 0
        let names = LegendLabels.distinct(series.map(\.name), limit: LegendLabels.svgLimit)
            ?? series.map { TerminalText.truncate($0.name, to: LegendLabels.svgLimit) }
        let legendWidth = showsLegend ? 30 + (names.map { Typography.width($0, size: tick) }.max() ?? 0) : 0
        let labels = categories.map { TerminalText.truncate($0, to: 24) }

        var left = (yLabel.isEmpty ? 0 : 22) + yTickWidth + 10
        let right = showsLegend ? legendWidth + 16 : 8
        var band = (frame.width - left - right) / Double(max(1, categories.count))
        func centres() -> [(String, Double)] {
            labels.enumerated().map { ($0.element, frame.minX + left + (Double($0.offset) + 0.5) * band) }
        }
        // Category labels: level when they fit, else turned 45°, else upright, else thinned.
        var categoryLabels = CategoryLabels(centres(), size: tick)
        if categoryLabels.angle == .diagonal {
            // A turned label reaches left of its group by cos 45° of its width: keep every one in the frame.
            let reach = categoryLabels.kept.map { frame.minX + 4 - ($0.1 - Typography.width($0.0, size: tick) * 0.71) }.max() ?? 0
            if reach > 0 {
                left += reach
                band = (frame.width - left - right) / Double(max(1, categories.count))
                categoryLabels = CategoryLabels(angle: .diagonal, labels: centres(), size: tick)
            }
        }
        let labelSpace = categoryLabels.depth(size: tick)
        let plot = frame.inset(top: 8, left: left, bottom: labelSpace + (xLabel.isEmpty ? 0 : 20), right: right)
        func py(_ value: Double) -> Double { plot.maxY - (axis.fraction(value) ?? 0) * plot.height }

        let c = NumberFormat.coordinate
        var grid = "", axisPath = "M" + c(plot.minX) + " " + c(plot.minY) + "V" + c(plot.maxY)
        for t in axis.ticks {
            let y = py(t.value)
            grid += "M" + c(plot.minX) + " " + c(y) + "H" + c(plot.maxX)
            axisPath += "M" + c(plot.minX) + " " + c(y) + "h-4"
        }
        let zero = py(min(max(0, axis.domain.lowerBound), axis.domain.upperBound))
        axisPath += "M" + c(plot.minX) + " " + c(zero) + "H" + c(plot.maxX)
        svg.element("path", ["class": "gr", "d": .text(grid)])

        // Bars: a group takes 80% of the category's band, split evenly between series.
        let barWidth = band * 0.8 / Double(max(1, series.count))
        for (position, s) in series.enumerated() {
            let fill = svg.seriesFill(SeriesPalette.slot(position))
            svg.open("g", ["class": .text(fill)])
            for (index, value) in s.values.enumerated() where value.isFinite {
                let x = plot.minX + Double(index) * band + band * 0.1 + Double(position) * barWidth
                let y = py(value)
                svg.element("rect", ["x": .number(x), "y": .number(min(y, zero)),
                                     "width": .number(barWidth), "height": .number(abs(zero - y))])
            }
            svg.close("g")
        }
        svg.element("path", ["class": "ax", "d": .text(axisPath)])

        for (label, y) in thinned(axis.ticks.map { ($0.label, py($0.value)) }, extent: { _ in tick + 2 }) {
            svg.element("text", ["class": "e", "x": .number(plot.minX - 7), "y": .number(y + 4)], text: label)
        }
        for (label, x) in categoryLabels.kept {
            switch categoryLabels.angle {
            case .level:
                svg.element("text", ["class": "m", "x": .number(x), "y": .number(plot.maxY + 6 + tick)], text: label)
            case .diagonal:
                let y = plot.maxY + 6 + tick * 0.71
                svg.element("text", ["class": "e", "x": .number(x), "y": .number(y),
                                     "transform": .text("rotate(-45 " + c(x) + " " + c(y) + ")")], text: label)
            case .upright:
                let y = plot.maxY + 6
                svg.element("text", ["class": "e", "x": .number(x + 4), "y": .number(y),
                                     "transform": .text("rotate(-90 " + c(x + 4) + " " + c(y) + ")")], text: label)
            }
        }
        if !xLabel.isEmpty {
            svg.element("text", ["class": "lb", "x": .number(plot.midX), "y": .number(frame.maxY - 4)], text: Typography.fit(xLabel, in: plot.width, size: Typography.labelSize))
        }
        if !yLabel.isEmpty {
            let x = frame.minX + 13, y = plot.midY
            svg.element("text", ["class": "lb", "x": .number(x), "y": .number(y),
                                 "transform": .text("rotate(-90 " + c(x) + " " + c(y) + ")")], text: Typography.fit(yLabel, in: plot.height, size: Typography.labelSize))
        }
        if showsLegend {
            let x = plot.maxX + 16
            for (position, name) in names.enumerated() {
                let y = plot.minY + 8 + Double(position) * 18
                svg.element("rect", ["class": .text(svg.seriesFill(SeriesPalette.slot(position))),
                                     "x": .number(x), "y": .number(y - 6), "width": 12, "height": 12])
                svg.element("text", ["x": .number(x + 18), "y": .number(y + 4)], text: name)
            }
        }
    }
}

extension BarChart {
    /// The numbers as an HTML `<table>` captioned with the title: one row per category (the name as
    /// row header), one column per series.
    ///
    /// Column heads: ``xLabel`` (or "category"), then each series' name, or for an unnamed series
    /// ``yLabel`` (or "value"). All text is escaped.
    public func dataTableHTML() -> String {
        let rows = categories.enumerated().map { index, category in
            [DataTable.Cell.header(category)] + series.map { .number($0.values[index]) }
        }
        let columns = [xLabel.isEmpty ? "category" : xLabel]
            + series.map { $0.name.isEmpty ? (yLabel.isEmpty ? "value" : yLabel) : $0.name }
        return DataTable(caption: title, columns: columns, rows: rows).html()
    }

    /// Horizontal bars, one line per category and series, in eighths of a character.
    public func terminal(width: Int) -> String {
        var lines = [TerminalText.truncate(title, to: width)]
        if !yLabel.isEmpty { lines.append(TerminalText.truncate(yLabel, to: width)) }
        let labels = categories.map { TerminalText.truncate($0, to: 16) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let names = LegendLabels.distinct(series.map(\.name), limit: 12) ?? series.map { TerminalText.truncate($0.name, to: 12) }
        let nameWidth = series.count > 1 ? (names.map(\.count).max() ?? 0) + 1 : 0
        let texts = series.map { $0.values.map { NumberFormat.significant($0, digits: 4) } }
        let valueWidth = texts.flatMap { $0.map(\.count) }.max() ?? 0
        let barSpace = max(4, width - labelWidth - 1 - nameWidth - 1 - 1 - valueWidth)

        let finite = series.flatMap(\.values).filter(\.isFinite)
        let low = min(0, finite.min() ?? 0), high = max(0, finite.max() ?? 0)
        let span = high - low > 0 ? high - low : 1
        // The zero column splits the space in proportion to the negative and positive extents.
        let zeroColumn = Int((-low / span * Double(barSpace)).rounded())
        let eighths = Array(" ▏▎▍▌▋▊▉█")

        for (index, label) in labels.enumerated() {
            for (position, s) in series.enumerated() {
                let value = s.values[index]
                var bar = Array(repeating: Character(" "), count: barSpace)
                if value.isFinite && value > 0 {
                    let units = Int((value / span * Double(barSpace) * 8).rounded())
                    for column in 0..<(units / 8) where zeroColumn + column < barSpace { bar[zeroColumn + column] = "█" }
                    if units % 8 > 0 && zeroColumn + units / 8 < barSpace { bar[zeroColumn + units / 8] = eighths[units % 8] }
                } else if value.isFinite && value < 0 {
                    let cells = Int((-value / span * Double(barSpace)).rounded())
                    for column in max(0, zeroColumn - cells)..<zeroColumn { bar[column] = "█" }
                }
                let head = (position == 0 ? TerminalText.padRight(label, to: labelWidth) : String(repeating: " ", count: labelWidth))
                    + " " + (nameWidth > 0 ? TerminalText.padRight(names[position], to: nameWidth) : "")
                bar.insert("│", at: zeroColumn)
                lines.append(head + String(bar) + " " + texts[position][index])
            }
        }
        return TerminalText.join(lines)
    }
}
