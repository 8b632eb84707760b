/// Shows a figure from a chapter's code.
///
/// - When the workbook verifier runs the chapter, the figure goes to a side channel (files plus a
///   marker it strips from stdout), and the site embeds it under the snippet that showed it.
/// - When a reader runs the chapter (`swift run lstm`), it prints a 60-column text rendering and
///   the path of the SVG, written under `${TMPDIR:-/tmp}/workbook-figures/<chapter>/`.
///
/// ```swift
/// var plot = LinePlot(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log)
/// plot.add(series: "LSTM", x: epochs, y: losses)
/// show(plot)
/// ```
public func show(_ figure: some Figure) {
    FigureSink.standard.show(figure)
}
