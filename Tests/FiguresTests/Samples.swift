@testable import Figures

/// Figures of every kind, built from fixed data, shared by the SVG tests.
enum Samples {
    static let epochs = Array(1...20)

    static var logLossPlot: LinePlot {
        var plot = LinePlot(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log)
        plot.add(series: "RNN", x: epochs, y: epochs.map { 2.0 / Double($0).squareRoot() })
        plot.add(series: "LSTM", x: epochs, y: epochs.map { Float(5.0 / Double($0 * $0)) })
        return plot
    }

    static var scatter: ScatterPlot {
        var plot = ScatterPlot(title: "Forecast vs truth", xLabel: "true", yLabel: "predicted")
        plot.add(series: "AR(2)", x: [0.1, 0.4, 0.35, 0.8], y: [0.12, 0.38, 0.4, 0.7])
        return plot
    }

    static var bars: BarChart {
        var bars = BarChart(title: "Parameters", yLabel: "count", categories: ["LSTM(64)", "Dense(1)"])
        bars.add(series: "Swift", values: [16_896, 65])
        bars.add(series: "Keras", values: [16_896, 65])
        return bars
    }

    static var heatmap: Heatmap {
        Heatmap(title: "Gate activations", values: [[0.1, 0.9, 0.5], [0.7, 0.2, 0.95], [0.3, 0.6, 0.05]],
                rowLabels: ["forget", "input", "output"], columnLabels: ["the", "cat", "sat"], range: 0...1, showValues: true)
    }

    static var multiples: SmallMultiples {
        var grid = SmallMultiples(title: "Three views", columns: 2)
        grid.add(logLossPlot)
        grid.add(bars)
        grid.add(heatmap)
        return grid
    }

    static var emptyPlot: LinePlot { LinePlot(title: "Nothing yet") }

    /// Every sample as (name, svg with the given id, title).
    static func all(id: String) -> [(name: String, svg: String, title: String)] {
        [
            ("log line", logLossPlot.svg(id: id), logLossPlot.title),
            ("scatter", scatter.svg(id: id), scatter.title),
            ("bars", bars.svg(id: id), bars.title),
            ("heatmap", heatmap.svg(id: id), heatmap.title),
            ("multiples", multiples.svg(id: id), multiples.title),
            ("empty", emptyPlot.svg(id: id), emptyPlot.title),
        ]
    }
}
