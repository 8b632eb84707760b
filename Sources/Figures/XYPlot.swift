/// What line and scatter plots share: series on an x and a y axis, drawn as SVG or in a terminal.
///
/// `LinePlot` and `ScatterPlot` are thin public façades over this model; they differ only in the
/// default `Mark` of a new series.
struct XYPlot: Sendable {
    var title: String
    var xLabel: String
    var yLabel: String
    var xScale: Scale
    var yScale: Scale
    var xRange: ClosedRange<Double>?
    var yRange: ClosedRange<Double>?
    var series: [Series]
    /// "Line plot" or "Scatter plot", for the description.
    var kind: String

    var showsLegend: Bool { series.count > 1 || series.contains { !$0.name.isEmpty } }

    func axes(xTicks: Int, yTicks: Int) -> (x: Axis, y: Axis) {
        (Axis(scale: xScale, values: series.flatMap(\.x), fixed: xRange, targetTicks: xTicks),
         Axis(scale: yScale, values: series.flatMap(\.y), fixed: yRange, targetTicks: yTicks))
    }

    // MARK: Description and table

    var summary: String {
        let (x, y) = axes(xTicks: 6, yTicks: 5)
        let names = series.map(\.name).filter { !$0.isEmpty }
        return "\(kind) with \(series.count) series" + (names.isEmpty ? "" : ": " + names.joined(separator: ", ")) + ". "
            + "x axis" + (xLabel.isEmpty ? "" : " " + xLabel) + " " + x.rangeDescription + "; "
            + "y axis" + (yLabel.isEmpty ? "" : " " + yLabel) + " " + y.rangeDescription + "."
    }

    /// One column per series when all series share the same x values, otherwise one row per point.
    var dataTable: DataTable {
        let xName = xLabel.isEmpty ? "x" : xLabel
        if let first = series.first, series.allSatisfy({ $0.x == first.x }) {
            let rows = first.x.indices.map { i in
                [DataTable.Cell.number(first.x[i])] + series.map { .number($0.y[i]) }
            }
            return DataTable(caption: title, columns: [xName] + series.map { $0.name.isEmpty ? (yLabel.isEmpty ? "y" : yLabel) : $0.name },
                             rows: rows)
        }
        let rows = series.flatMap { s in
            zip(s.x, s.y).map { [DataTable.Cell.text(s.name), .number($0), .number($1)] }
        }
        return DataTable(caption: title, columns: ["series", xName, yLabel.isEmpty ? "y" : yLabel], rows: rows)
    }

    // MARK: SVG

    func draw(_ svg: inout SVGWriter, in frame: Rect, ids: inout IDScope) {
        let (xAxis, yAxis) = axes(xTicks: max(2, Int(frame.width / 120)), yTicks: max(2, Int(frame.height / 80)))
        let tick = Typography.tickSize
        let yTickWidth = yAxis.ticks.map { Typography.width($0.label, size: tick) }.max() ?? 0
        let legendNames = LegendLabels.distinct(series.map(\.name), limit: LegendLabels.svgLimit)
            ?? series.map { TerminalText.truncate($0.name, to: LegendLabels.svgLimit) }
        let legendWidth = showsLegend
            ? 30 + (legendNames.map { Typography.width($0, size: tick) }.max() ?? 0)
            : 0
        let lastXLabelHalf = (xAxis.ticks.last.map { Typography.width($0.label, size: tick) } ?? 0) / 2
        let plot = frame.inset(
            top: 8,
            left: (yLabel.isEmpty ? 0 : 22) + yTickWidth + 10,
            bottom: tick + 10 + (xLabel.isEmpty ? 0 : 20),
            right: max(lastXLabelHalf + 4, legendWidth + 16)
        )
        func px(_ value: Double) -> Double? { xAxis.fraction(value).map { plot.minX + $0 * plot.width } }
        func py(_ value: Double) -> Double? { yAxis.fraction(value).map { plot.maxY - $0 * plot.height } }

        // Grid, axis lines and ticks.
        let c = NumberFormat.coordinate
        var grid = "", axis = "M" + c(plot.minX) + " " + c(plot.minY) + "V" + c(plot.maxY) + "H" + c(plot.maxX)
        for t in xAxis.ticks {
            guard let x = px(t.value) else { continue }
            grid += "M" + c(x) + " " + c(plot.minY) + "V" + c(plot.maxY)
            axis += "M" + c(x) + " " + c(plot.maxY) + "v4"
        }
        for t in yAxis.ticks {
            guard let y = py(t.value) else { continue }
            grid += "M" + c(plot.minX) + " " + c(y) + "H" + c(plot.maxX)
            axis += "M" + c(plot.minX) + " " + c(y) + "h-4"
        }
        for value in xAxis.minorTicks {
            if let x = px(value) { axis += "M" + c(x) + " " + c(plot.maxY) + "v2" }
        }
        for value in yAxis.minorTicks {
            if let y = py(value) { axis += "M" + c(plot.minX) + " " + c(y) + "h-2" }
        }
        svg.element("path", ["class": "gr", "d": .text(grid)])
        svg.element("path", ["class": "ax", "d": .text(axis)])

        // Tick labels, thinned so neighbours never overlap.
        let xPositions = xAxis.ticks.compactMap { t in px(t.value).map { (t.label, $0) } }
        for (label, x) in thinned(xPositions, extent: { Typography.width($0, size: tick) }) {
            svg.element("text", ["class": "m", "x": .number(x), "y": .number(plot.maxY + 6 + tick)], text: label)
        }
        let yPositions = yAxis.ticks.compactMap { t in py(t.value).map { (t.label, $0) } }
        for (label, y) in thinned(yPositions, extent: { _ in tick + 2 }) {
            svg.element("text", ["class": "e", "x": .number(plot.minX - 7), "y": .number(y + 4)], text: label)
        }

        // Axis labels.
        if !xLabel.isEmpty {
            svg.element("text", ["class": "lb", "x": .number(plot.midX), "y": .number(frame.maxY - 4)], text: Typography.fit(axisTitle(xLabel, xScale), in: plot.width, size: Typography.labelSize))
        }
        if !yLabel.isEmpty {
            let x = frame.minX + 13, y = plot.midY
            svg.element("text", ["class": "lb", "x": .number(x), "y": .number(y),
                                 "transform": .text("rotate(-90 " + c(x) + " " + c(y) + ")")],
                        text: Typography.fit(axisTitle(yLabel, yScale), in: plot.height, size: Typography.labelSize))
        }

        // Data, clipped to the plot area (plus room for a dot's radius).
        let clip = ids.next("clip")
        svg.open("clipPath", ["id": .text(clip)])
        let pad = 4.0
        svg.element("rect", ["x": .number(plot.minX - pad), "y": .number(plot.minY - pad),
                             "width": .number(plot.width + 2 * pad), "height": .number(plot.height + 2 * pad)])
        svg.close("clipPath")
        svg.open("g", ["clip-path": .text("url(#\(clip))")])
        for (position, s) in series.enumerated() {
            let slot = SeriesPalette.slot(position)
            var line = PathData(), dots = PathData()
            var penDown = false
            for (xValue, yValue) in zip(s.x, s.y) {
                guard let x = px(xValue), let y = py(yValue) else {
                    penDown = false
                    continue
                }
                if penDown { line.line(x, y) } else { line.move(x, y) }
                penDown = true
                dots.dot(x, y)
            }
            if s.mark != .points && !line.isEmpty {
                svg.element("path", ["class": .text("ln " + svg.seriesStroke(slot)), "d": .text(line.text)])
            }
            if s.mark != .line && !dots.isEmpty {
                svg.element("path", ["class": .text("dt " + svg.seriesStroke(slot)), "d": .text(dots.text)])
            }
        }
        svg.close("g")

        // Legend, right of the plot area.
        if showsLegend {
            let x = plot.maxX + 16
            for (position, s) in series.enumerated() {
                let slot = SeriesPalette.slot(position)
                let y = plot.minY + 8 + Double(position) * 18
                var swatch = PathData()
                if s.mark == .points {
                    swatch.dot(x + 9, y)
                } else {
                    swatch.move(x, y)
                    swatch.line(x + 18, y)
                }
                svg.element("path", ["class": .text((s.mark == .points ? "dt " : "ln ") + svg.seriesStroke(slot)),
                                     "d": .text(swatch.text)])
                if s.mark == .lineAndPoints {
                    var dot = PathData()
                    dot.dot(x + 9, y)
                    svg.element("path", ["class": .text("dt " + svg.seriesStroke(slot)), "d": .text(dot.text)])
                }
                svg.element("text", ["x": .number(x + 24), "y": .number(y + 4)], text: legendNames[position])
            }
        }
    }

    private func axisTitle(_ label: String, _ scale: Scale) -> String {
        scale == .log ? label + " (log scale)" : label
    }

    // MARK: Terminal

    func terminal(width: Int, rows: Int = 12) -> String {
        let (xAxis, yAxis) = axes(xTicks: 4, yTicks: 3)
        var lines = [TerminalText.truncate(title, to: width)]
        if !yLabel.isEmpty { lines.append(TerminalText.truncate(axisTitle(yLabel, yScale), to: width)) }

        let labelWidth = yAxis.ticks.map(\.label.count).max() ?? 0
        let names = series.map { Escaping.singleLine($0.name) }
        // The plot keeps at least 8 columns; the legend margin gives way first on narrow widths.
        let marginWidth = showsLegend ? max(0, min(14, (names.map(\.count).max() ?? 0) + 2, width - labelWidth - 1 - 8)) : 0
        let columns = max(8, width - labelWidth - 1 - marginWidth)
        let marginNames = LegendLabels.distinct(names, limit: marginWidth - 1)
            ?? names.map { TerminalText.truncate($0, to: marginWidth - 1) }
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        func dotX(_ v: Double) -> Int? { xAxis.fraction(v).map { Int(($0 * Double(canvas.dotWidth - 1)).rounded()) } }
        func dotY(_ v: Double) -> Int? { yAxis.fraction(v).map { Int(((1 - $0) * Double(canvas.dotHeight - 1)).rounded()) } }

        // Each series' name goes in the right margin, on the row where the series ends.
        var margin = Array(repeating: "", count: rows)
        for (position, s) in series.enumerated() {
            var previous: (x: Int, y: Int)?
            var lastRow: Int?
            for (xValue, yValue) in zip(s.x, s.y) {
                guard let x = dotX(xValue), let y = dotY(yValue) else {
                    previous = nil
                    continue
                }
                if s.mark != .points, let previous { canvas.line(from: previous, to: (x, y)) } else { canvas.set(x, y) }
                previous = (x, y)
                lastRow = min(max(y / 4, 0), rows - 1)
            }
            if marginWidth > 1, let lastRow {
                let name = " " + marginNames[position]
                let free = (0..<rows).filter { margin[$0].isEmpty }.min { abs($0 - lastRow) < abs($1 - lastRow) }
                if let free { margin[free] = name }
            }
        }

        var tickLabels = Array(repeating: "", count: rows)
        for t in yAxis.ticks {
            guard let y = dotY(t.value) else { continue }
            let row = min(max(y / 4, 0), rows - 1)
            if tickLabels[row].isEmpty { tickLabels[row] = t.label }
        }
        for row in 0..<rows {
            let label = TerminalText.padLeft(tickLabels[row], to: labelWidth)
            lines.append(label + (tickLabels[row].isEmpty ? "│" : "┤")
                         + TerminalText.padRight(canvas.text(row: row), to: columns) + margin[row])
        }

        var axisLine = Array(repeating: Character("─"), count: columns)
        var labelLine = TerminalText.LabelLine(width: labelWidth + 1 + columns + marginWidth)
        for t in xAxis.ticks {
            guard let x = dotX(t.value) else { continue }
            let column = min(max(x / 2, 0), columns - 1)
            axisLine[column] = "┬"
            labelLine.place(t.label, centeredAt: labelWidth + 1 + column)
        }
        lines.append(String(repeating: " ", count: labelWidth) + "└" + String(axisLine))
        lines.append(labelLine.text)
        if !xLabel.isEmpty {
            lines.append(String(repeating: " ", count: labelWidth + 1) + TerminalText.center(axisTitle(xLabel, xScale), in: columns))
        }
        return TerminalText.join(lines)
    }
}
