/// Shows a figure from a chapter's code.
///
/// - When a reader runs the chapter (`swift run lstm`), it prints a 60-column text rendering and
///   the path of the SVG, written under `${TMPDIR:-/tmp}/workbook-figures/<chapter>/`.
/// - A program that installed a presenter (``FigureDisplay``) gets the figure instead: the
///   workbook's verifier does, and the site embeds the figure under the snippet that showed it.
///
/// ```swift
/// var plot = LinePlot(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log)
/// plot.add(series: "LSTM", x: epochs, y: losses)
/// show(plot)
/// ```
public func show(_ figure: some Figure) {
    FigureSink.standard.show(figure)
}
