/// A grid of values as coloured cells with labelled rows and columns and a colour bar:
/// gate activations per time step, attention weights between tokens.
///
/// ```swift
/// let map = Heatmap(title: "Gate activations", values: gates,   // [[Double]], one array per row
///                   rowLabels: ["forget", "input", "output"], columnLabels: tokens, range: 0...1)
/// show(map)
/// ```
///
/// Cells use fixed colours from `colorScale` (viridis by default; `.blueRed` for signed values),
/// which read the same on light and dark pages. NaN cells are left empty.
public struct Heatmap: Figure, Sendable {
    /// The heatmap's title: shown above it, in the SVG `<title>`, and as the data table's caption.
    public var title: String
    /// `values[row][column]`.
    public let values: [[Double]]
    /// One label per row of ``values``, top to bottom (the row numbers from 0 unless given).
    ///
    /// Keep one per row when changing it: the renderings index it by row and do not check again.
    /// Labels are cut with `…` at 20 characters in the SVG and 12 in the terminal.
    public var rowLabels: [String]
    /// One label per column of ``values``, left to right (the column numbers from 0 unless given).
    ///
    /// Keep one per column when changing it. In the SVG, labels are cut at 20 characters; they stand
    /// level when they fit side by side, else turned 45°, else upright, and only when even upright
    /// labels would touch is every k-th kept. Empty labels take no room: label only some columns
    /// (`"0"`, `""`, `""`, `"★3"`, …) to mark them.
    public var columnLabels: [String]
    /// The caption under the columns; empty for none.
    public var xLabel: String
    /// The caption beside the rows, turned along the left edge; empty for none.
    ///
    /// It also heads the data table's first column.
    public var yLabel: String
    /// Maps each value to a cell colour over ``range`` (or the data's range); ``ColorScale/viridis``
    /// by default, ``ColorScale/blueRed`` for signed values.
    public var colorScale: ColorScale
    /// The values mapped to the two ends of the colour scale; nil uses the data's minimum and maximum.
    public var range: ClosedRange<Double>?
    /// Writes each value in its cell when the cells are large enough.
    public var showValues: Bool
    /// The size of the whole SVG, title and colour bar included, in SVG user units.
    public var size: FigureSize
    /// Alternative text for screen readers, put before the generated summary in `<desc>`.
    public var description: String?

    /// A heatmap of `values`, row 0 at the top.
    ///
    /// - Parameters:
    ///   - title: the heading above the grid.
    ///   - values: one array per row, all of the same length.
    ///   - rowLabels: one per row; empty (the default) numbers the rows from 0.
    ///   - columnLabels: one per column; empty (the default) numbers the columns from 0.
    ///   - xLabel: the caption under the columns.
    ///   - yLabel: the caption beside the rows.
    ///   - colorScale: maps each value to a colour (viridis by default).
    ///   - range: the values mapped to the two ends of the colour scale; nil uses the data's finite minimum and maximum.
    ///   - showValues: writes each value in its cell when the cells are large enough.
    ///   - size: nil picks a width of 640 and a height from the number of rows.
    ///   - description: alternative text for screen readers.
    public init<V: PlotValue>(title: String, values: [[V]], rowLabels: [String] = [], columnLabels: [String] = [],
                              xLabel: String = "", yLabel: String = "", colorScale: ColorScale = .viridis,
                              range: ClosedRange<Double>? = nil, showValues: Bool = false,
                              size: FigureSize? = nil, description: String? = nil) {
        let rows = values.map { $0.map(\.plotValue) }
        let columnCount = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() {
            precondition(row.count == columnCount,
                         "Heatmap \"\(title)\": every row needs \(columnCount) values (as row 0), row \(index) has \(row.count)")
        }
        precondition(rowLabels.isEmpty || rowLabels.count == rows.count,
                     "Heatmap \"\(title)\": \(rowLabels.count) row labels for \(rows.count) rows")
        precondition(columnLabels.isEmpty || columnLabels.count == columnCount,
                     "Heatmap \"\(title)\": \(columnLabels.count) column labels for \(columnCount) columns")
        self.title = title
        self.values = rows
        self.rowLabels = rowLabels.isEmpty ? rows.indices.map(String.init) : rowLabels
        self.columnLabels = columnLabels.isEmpty ? (0..<columnCount).map(String.init) : columnLabels
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colorScale = colorScale
        self.range = range
        self.showValues = showValues
        self.description = description
        let tall = Double(rows.count) * 26
        let columnLabelSpace = (self.columnLabels.map { Typography.width($0, size: Typography.tickSize) }.max() ?? 0) * 0.71 + 20
        self.size = size ?? FigureSize(width: 640,
                                       height: 36 + min(440, max(120, tall)) + columnLabelSpace + (xLabel.isEmpty ? 0 : 20))
    }

    /// A standalone SVG document: the cells (one path per colour in a nested viewport of one unit
    /// per cell, each run of equal colour along a row one stroke), row and column labels, and a
    /// vertical colour bar, low at the bottom, with ticks over the colour domain.
    ///
    /// `id` prefixes every `id` and the CSS class in the document (sanitised as ``Figure/svg(id:)``
    /// says). NaN and infinite cells are left empty. With ``showValues``, values are written with two
    /// significant digits only when cells are at least 30 × 14 units, in black or white, whichever
    /// contrasts more.
    public func svg(id: String) -> String { SVGDocument.render(self, id: id) }

    var rowCount: Int { values.count }
    var columnCount: Int { values.first?.count ?? 0 }

    /// The values at the two ends of the colour scale.
    var domain: ClosedRange<Double> {
        if let range, range.lowerBound < range.upperBound { return range }
        let finite = values.joined().filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        return low < high ? low...high : (low - 0.5)...(high + 0.5)
    }

    /// The colour of a cell value.
    public func color(of value: Double) -> RGB { colorScale.color(for: value, in: domain) }
}

extension Heatmap: Chart {
    var altText: String? { description }

    var summary: String {
        func list(_ labels: [String]) -> String {
            labels.count <= 12 ? labels.joined(separator: ", ") : labels.prefix(12).joined(separator: ", ") + ", …"
        }
        let d = domain
        return "Heatmap of \(rowCount) rows × \(columnCount) columns. Rows" + (yLabel.isEmpty ? "" : " (\(yLabel))")
            + ": " + list(rowLabels) + ". Columns" + (xLabel.isEmpty ? "" : " (\(xLabel))") + ": " + list(columnLabels)
            + ". Colour scale \(colorScale.name) from " + NumberFormat.significant(d.lowerBound)
            + " to " + NumberFormat.significant(d.upperBound) + "."
    }

    func draw(_ svg: inout SVGWriter, in frame: Rect, ids: inout IDScope) {
        let tick = Typography.tickSize
        let c = NumberFormat.coordinate
        let d = domain
        let barAxis = Axis(scale: .linear, dataLower: d.lowerBound, dataUpper: d.upperBound, targetTicks: 4, nice: false)
        let barLabelWidth = barAxis.ticks.map { Typography.width($0.label, size: tick) }.max() ?? 0
        let rows = rowLabels.map { TerminalText.truncate($0, to: 20) }
        let columns = columnLabels.map { TerminalText.truncate($0, to: 20) }
        let rowLabelWidth = rows.map { Typography.width($0, size: tick) }.max() ?? 0

        var left = (yLabel.isEmpty ? 0 : 22) + rowLabelWidth + 8
        let right = 16 + 14 + 6 + barLabelWidth + 4
        var cellWidth = (frame.width - left - right) / Double(max(1, columnCount))
        func columnCentres() -> [(String, Double)] {
            columns.enumerated().map { ($0.element, frame.minX + left + (Double($0.offset) + 0.5) * cellWidth) }
        }
        // Column labels: level when they fit, else turned 45°, else upright, else thinned.
        var columnLabels = CategoryLabels(columnCentres(), size: tick)
        if columnLabels.angle == .diagonal {
            // A turned label reaches left of its cell by cos 45° of its width: keep every one in the frame.
            let reach = columnLabels.kept.map { frame.minX + 4 - ($0.1 + 3 - Typography.width($0.0, size: tick) * 0.71) }.max() ?? 0
            if reach > 0 {
                left += reach
                cellWidth = (frame.width - left - right) / Double(max(1, columnCount))
                columnLabels = CategoryLabels(angle: .diagonal, labels: columnCentres(), size: tick)
            }
        }
        let labelSpace = columnLabels.depth(size: tick)
        let grid = frame.inset(top: 8, left: left, bottom: labelSpace + (xLabel.isEmpty ? 0 : 20), right: right)
        let cellHeight = grid.height / Double(max(1, rowCount))

        // Cells: a nested viewport one unit per cell, and one path per colour holding each run of
        // equal colours along a row as a stroke one cell high through the row's middle (`M3 1.5h2`:
        // columns 3 and 4 of row 1; butt caps end it on the cell edges), so a big grid costs a few
        // bytes per run, not a <rect> with four coordinates per cell. crispEdges avoids hairline
        // seams between neighbours.
        svg.open("svg", ["x": .number(grid.minX), "y": .number(grid.minY), "width": .number(grid.width), "height": .number(grid.height),
                         "viewBox": .text("0 0 \(columnCount) \(rowCount)"), "preserveAspectRatio": "none",
                         "shape-rendering": "crispEdges"])
        var runs: [String: String] = [:]
        var colourOrder: [String] = []
        for (r, row) in values.enumerated() {
            let hexes = row.map { $0.isFinite ? colorScale.color(for: $0, in: d).hex : "" }
            var col = 0
            while col < row.count {
                guard row[col].isFinite else { col += 1; continue }
                let hex = hexes[col]
                var end = col + 1
                while end < row.count && hexes[end] == hex { end += 1 }
                if runs[hex] == nil { colourOrder.append(hex) }
                runs[hex, default: ""] += "M\(col) \(r).5h\(end - col)"
                col = end
            }
        }
        for hex in colourOrder {
            svg.element("path", ["stroke": .text(hex), "d": .text(runs[hex]!)])
        }
        svg.close("svg")
        if showValues && cellWidth >= 30 && cellHeight >= 14 {
            for (r, row) in values.enumerated() {
                for (col, value) in row.enumerated() where value.isFinite {
                    // Black text when it contrasts more than white (WCAG contrast ratios cross at luminance 0.179).
                    let ink = colorScale.color(for: value, in: d).luminance > 0.179 ? "vk" : "vw"
                    svg.element("text", ["class": .text("m " + ink),
                                         "x": .number(grid.minX + (Double(col) + 0.5) * cellWidth),
                                         "y": .number(grid.minY + (Double(r) + 0.5) * cellHeight + 4)],
                                text: NumberFormat.significant(value, digits: 2))
                }
            }
        }

        // Row and column labels.
        let rowPositions = rows.enumerated().map { ($0.element, grid.minY + (Double($0.offset) + 0.5) * cellHeight) }
        for (label, y) in thinned(rowPositions, extent: { _ in tick + 2 }) {
            svg.element("text", ["class": "e", "x": .number(grid.minX - 6), "y": .number(y + 4)], text: label)
        }
        for (label, x) in columnLabels.kept {
            switch columnLabels.angle {
            case .level:
                svg.element("text", ["class": "m", "x": .number(x), "y": .number(grid.maxY + 6 + tick)], text: label)
            case .diagonal:
                let y = grid.maxY + 6 + tick * 0.71
                svg.element("text", ["class": "e", "x": .number(x + 3), "y": .number(y),
                                     "transform": .text("rotate(-45 " + c(x + 3) + " " + c(y) + ")")], text: label)
            case .upright:
                // The baseline sits right of the cell's centre by half a digit's height, so the text is centred on it.
                let y = grid.maxY + 6
                svg.element("text", ["class": "e", "x": .number(x + 4), "y": .number(y),
                                     "transform": .text("rotate(-90 " + c(x + 4) + " " + c(y) + ")")], text: label)
            }
        }
        if !xLabel.isEmpty {
            svg.element("text", ["class": "lb", "x": .number(grid.midX), "y": .number(frame.maxY - 4)], text: Typography.fit(xLabel, in: grid.width, size: Typography.labelSize))
        }
        if !yLabel.isEmpty {
            let x = frame.minX + 13, y = grid.midY
            svg.element("text", ["class": "lb", "x": .number(x), "y": .number(y),
                                 "transform": .text("rotate(-90 " + c(x) + " " + c(y) + ")")], text: Typography.fit(yLabel, in: grid.height, size: Typography.labelSize))
        }

        // Colour bar: a vertical gradient through the scale's anchors, low at the bottom.
        let gradient = ids.next("grad")
        svg.open("linearGradient", ["id": .text(gradient), "x1": 0, "y1": 1, "x2": 0, "y2": 0])
        for (index, anchor) in colorScale.anchors.enumerated() {
            let offset = Double(index) / Double(colorScale.anchors.count - 1)
            svg.element("stop", ["offset": .number(offset), "stop-color": .text(anchor.hex)])
        }
        svg.close("linearGradient")
        let bar = Rect(x: grid.maxX + 16, y: grid.minY, width: 14, height: grid.height)
        svg.element("rect", ["x": .number(bar.x), "y": .number(bar.y), "width": .number(bar.width), "height": .number(bar.height),
                             "fill": .text("url(#\(gradient))")])
        var barTicks = ""
        var barLabels: [(String, Double)] = []
        for t in barAxis.ticks {
            guard let f = barAxis.fraction(t.value) else { continue }
            let y = bar.maxY - f * bar.height
            barTicks += "M" + c(bar.maxX) + " " + c(y) + "h4"
            barLabels.append((t.label, y))
        }
        svg.element("path", ["class": "ax", "d": .text(barTicks)])
        for (label, y) in thinned(barLabels, extent: { _ in tick + 2 }) {
            svg.element("text", ["x": .number(bar.maxX + 6), "y": .number(y + 4)], text: label)
        }
    }
}

extension Heatmap {
    /// The numbers as an HTML `<table>` captioned with the title: one row per heatmap row (its label
    /// as row header), one column per heatmap column.
    ///
    /// Column heads: ``yLabel``, then the column labels. All text is escaped.
    public func dataTableHTML() -> String {
        let rows = values.enumerated().map { index, row in
            [DataTable.Cell.header(rowLabels[index])] + row.map { .number($0) }
        }
        return DataTable(caption: title, columns: [yLabel] + columnLabels, rows: rows).html()
    }

    /// Shade characters, light to dark: five levels from ` ` (lowest fifth) to `█` (highest fifth).
    /// Cells that are NaN show `·`.
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// One text row per heatmap row, each cell a run of shade characters, column labels on top.
    public func terminal(width: Int) -> String {
        var lines = [TerminalText.truncate(title, to: width)]
        let rows = rowLabels.map { TerminalText.truncate($0, to: 12) }
        let labelWidth = rows.map(\.count).max() ?? 0
        let available = max(1, width - labelWidth - 1)
        let shown = min(columnCount, available)
        let widestColumnLabel = columnLabels.map(\.count).max() ?? 1
        let cellWidth = max(1, min(widestColumnLabel + 1, 6, available / max(1, shown)))

        var header = TerminalText.LabelLine(width: labelWidth + 1 + shown * cellWidth)
        for col in 0..<shown {
            // Wide cells: every label, cut to fit. Narrow cells: whole labels, skipping those that would touch.
            let label = TerminalText.truncate(columnLabels[col], to: cellWidth >= 4 ? cellWidth - 1 : 6)
            header.place(label, centeredAt: labelWidth + 1 + col * cellWidth + label.count / 2)
        }
        lines.append(header.text)
        let d = domain
        for (r, row) in values.enumerated() {
            var line = TerminalText.padRight(rows[r], to: labelWidth) + " "
            for value in row.prefix(shown) {
                let shade: Character
                if value.isFinite {
                    let t = (value - d.lowerBound) / (d.upperBound - d.lowerBound)
                    shade = Self.shades[min(4, max(0, Int(t * 5)))]
                } else {
                    shade = "·"
                }
                line += String(repeating: shade, count: cellWidth)
            }
            lines.append(line)
        }
        var legend = String(repeating: " ", count: labelWidth + 1) + NumberFormat.significant(d.lowerBound) + " ["
            + String(Self.shades) + "] " + NumberFormat.significant(d.upperBound)
        if shown < columnCount { legend += "  (first \(shown) of \(columnCount) columns)" }
        lines.append(legend)
        return TerminalText.join(lines)
    }
}
