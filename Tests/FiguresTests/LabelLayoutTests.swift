import Testing
@testable import Figures

/// Tick and category labels never overlap, measured with the font the book's figures use on
/// Linux (DejaVu Sans), not with the layout's own estimate.
@Suite struct LabelLayoutTests {
    /// Advance widths of DejaVu Sans in em (measured in Chromium at 11 px: digits 0.636, ★ 0.909);
    /// letters the labels below do not use count as a wide 0.75 em.
    static func renderedWidth(_ text: String, size: Double = 11) -> Double {
        text.reduce(0) { sum, character in
            let em: Double = switch character {
            case "0"..."9", "e": 0.636
            case ".": 0.318
            case "-": 0.361
            case " ": 0.318
            case "★": 0.909
            default: character.isASCII ? 0.75 : 1
            }
            return sum + em * size
        }
    }

    /// The line box of 11 px DejaVu Sans text (its SVG bounding box is 13 px high).
    static let lineHeight = 13.0

    struct Placed { let text: String; let x: Double; let y: Double; let turn: Double }

    /// Text elements of `classes` with their position and rotation (0, -45 or -90).
    static func labels(_ svg: String, classes: Set<String>) -> [Placed] {
        ParsedXML(svg).all("text").filter { classes.contains($0.attributes["class"] ?? "") }.map { element in
            let turn = element.attributes["transform"].map { Double($0.dropFirst(7).prefix { $0 != " " })! } ?? 0
            return Placed(text: element.text, x: Double(element.attributes["x"]!)!, y: Double(element.attributes["y"]!)!, turn: turn)
        }
    }

    /// Labels under a heatmap's columns or a bar chart's groups: level ones are centred (`m`),
    /// turned ones end-anchored (`e`, which the unturned row and value labels also are).
    static func columnLabels(_ svg: String) -> [Placed] {
        labels(svg, classes: ["m"]) + labels(svg, classes: ["e"]).filter { $0.turn != 0 }
    }

    /// Neighbours side by side (level) or as parallel strips (turned) leave room between them.
    static func overlaps(_ placed: [Placed], along keyPath: KeyPath<Placed, Double> = \.x) -> [String] {
        let sorted = placed.sorted { $0[keyPath: keyPath] < $1[keyPath: keyPath] }
        return zip(sorted, sorted.dropFirst()).compactMap { a, b in
            let distance = b[keyPath: keyPath] - a[keyPath: keyPath]
            let needed: Double
            switch (keyPath == \Placed.y, a.turn) {
            case (true, _): needed = lineHeight
            case (false, 0): needed = (renderedWidth(a.text) + renderedWidth(b.text)) / 2 + 1
            case (false, -45): needed = lineHeight / 0.70710678
            default: needed = lineHeight
            }
            return distance >= needed ? nil : "\(a.text)|\(b.text) \(distance) < \(needed)"
        }
    }

    @Test func emptyLabelsTakeNoRoomAndTwoThatTouchKeepOne() {
        let sparse = [("0", 0.0), ("", 10), ("", 20), ("★3", 30), ("", 40)]
        #expect(thinned(sparse, extent: { _ in 12 }).map(\.0) == ["0", "★3"])
        #expect(thinned([("1000", 0.0), ("2000", 10)], extent: { _ in 24 }).map(\.0) == ["1000"])
    }

    /// Figure 3.4: 50 steps, labels at the marked steps 7 and 12 and at every tenth. Thinning
    /// every second slot dropped ★7, and "10" and "★12", 21.3 units apart at 45°, touched.
    @Test func figure34KeepsBothMarkersStandingUpright() {
        let markers = [7, 12]
        let labels = (0..<50).map { markers.contains($0) ? "★\($0)" : ($0 % 10 == 0 ? "\($0)" : "") }
        let rows = (0..<3).map { r in (0..<50).map { Double(($0 + r) % 5) / 4 } }
        let map = Heatmap(title: "Gates of unit 8 on one test sequence (markers at [7, 12])", values: rows,
                          rowLabels: ["forget", "input", "output"], columnLabels: labels,
                          xLabel: "step (★ = marked)", range: 0...1)
        let placed = Self.columnLabels(map.svg(id: "g"))
        #expect(placed.map(\.text) == ["0", "★7", "10", "★12", "20", "30", "40"])
        #expect(placed.allSatisfy { $0.turn == -90 })
        #expect(Self.overlaps(placed).isEmpty)
    }

    @Test(arguments: [240.0, 320, 640])
    func tickLabelsNeverOverlapOnAnyRange(width: Double) {
        let ranges: [(Double, Double)] = [(0, 1), (-0.93, 0.97), (0.013, 0.087), (0, 1e-3), (1e-4, 2e-4), (3, 3),
                                          (-12_345, 98_765), (0, 1_000_000), (1e6, 9.9e6), (123_456, 123_789),
                                          (-5e6, 5e6), (0, 49), (1, 4000)]
        for (low, high) in ranges {
            for scale in [Scale.linear, .log] where scale == .linear || low > 0 {
                var plot = LinePlot(title: "t", xLabel: "x", yLabel: "y", xScale: scale, yScale: scale,
                                    size: FigureSize(width: width, height: width * 0.625))
                plot.add(series: "", x: [low, high], y: [low, high])
                let svg = plot.svg(id: "p")
                let x = Self.labels(svg, classes: ["m"]), y = Self.labels(svg, classes: ["e"])
                #expect(x.count >= 2, "\(low)...\(high) \(scale) at \(width): x labels \(x.map(\.text))")
                #expect(Self.overlaps(x).isEmpty, "\(low)...\(high) \(scale) at \(width): \(Self.overlaps(x))")
                #expect(Self.overlaps(y, along: \.y).isEmpty, "\(low)...\(high) \(scale) at \(width): \(Self.overlaps(y, along: \.y))")
            }
        }
    }

    @Test(arguments: [320.0, 640])
    func categoryLabelsNeverOverlap(width: Double) {
        let sets: [[String]] = [
            (0..<5).map(String.init), (0..<20).map(String.init), (0..<64).map(String.init), (0..<150).map(String.init),
            ["the", "cat", "sat", "on", "the mat"], (0..<30).map { "token \($0)" },
            (0..<50).map { [3, 4, 30].contains($0) ? "★\($0)" : "" },
        ]
        for columns in sets {
            let map = Heatmap(title: "h", values: [columns.indices.map(Double.init)], columnLabels: columns,
                              size: FigureSize(width: width, height: 220))
            let drawn = Self.columnLabels(map.svg(id: "h"))
            #expect(Self.overlaps(drawn).isEmpty, "\(columns.prefix(3))… at \(width): \(Self.overlaps(drawn))")
            var bars = BarChart(title: "b", categories: columns, size: FigureSize(width: width, height: 300))
            bars.add(series: "", values: columns.indices.map(Double.init))
            let barLabels = Self.columnLabels(bars.svg(id: "b"))
            #expect(Self.overlaps(barLabels).isEmpty, "bars \(columns.prefix(3))… at \(width): \(Self.overlaps(barLabels))")
        }
    }
}
