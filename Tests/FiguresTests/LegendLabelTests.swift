import Testing
@testable import Figures

@Suite struct LegendLabelTests {
    static let seeds = ["LSTM, forget bias 3, seeds 4/1", "LSTM, forget bias 3, seeds 6/3"]

    /// Cut at 24 characters, both names read "LSTM, forget bias 3, se…": the legend could not tell them apart.
    @Test func namesThatWouldBeCutAlikeKeepTheirEnds() {
        #expect(Self.seeds.map { TerminalText.truncate($0, to: 24) } == ["LSTM, forget bias 3, se…", "LSTM, forget bias 3, se…"])
        #expect(LegendLabels.distinct(Self.seeds + ["GRU"], limit: 24)
                == ["LSTM, forget bias 3…4/1", "LSTM, forget bias 3…6/3", "GRU"])
    }

    @Test func theSVGLegendAndTheTerminalMarginShowDistinctLabels() {
        var plot = LinePlot(title: "Rematch")
        for (i, name) in Self.seeds.enumerated() { plot.add(series: name, y: [Double(i), 1]) }
        let legend = ParsedXML(plot.svg(id: "r")).all("text").filter { $0.attributes["class"] == nil }.map(\.text)
        #expect(legend == ["LSTM, forget bias 3…4/1", "LSTM, forget bias 3…6/3"])
        // The terminal's margin holds 13 characters.
        #expect(LegendLabels.distinct(Self.seeds, limit: 13) == ["LSTM, for…4/1", "LSTM, for…6/3"])
        let terminal = plot.terminal(width: 60)
        #expect(terminal.contains(" LSTM, for…4/1") && terminal.contains(" LSTM, for…6/3"), "\(terminal)")
    }

    @Test func namesThatNoCutSeparatesAreRejectedAtTheCall() {
        #expect(LegendLabels.problem(adding: "loss", to: ["loss"], in: "Line plot \"Training\"")
                == "Line plot \"Training\": add(series: \"loss\"): its legend label would be the same as that of series \"loss\"; "
                + "give the series names that differ within their first 23 or their last 22 characters")
        let middle = ["validation loss of the A model, smoothed over ten epochs",
                      "validation loss of the B model, smoothed over ten epochs"]
        #expect(LegendLabels.distinct(middle, limit: 24) == nil)
        #expect(LegendLabels.problem(adding: middle[1], to: [middle[0]], in: "Line plot \"t\"")?.contains("series \"\(middle[0])\"") == true)
        // Unnamed series (reference lines) never clash, and short distinct names are left alone.
        #expect(LegendLabels.problem(adding: "", to: [""], in: "Line plot \"t\"") == nil)
        #expect(LegendLabels.distinct(["RNN", "LSTM", ""], limit: 24) == ["RNN", "LSTM", ""])
    }

    @Test func addingADuplicateNameStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            var plot = LinePlot(title: "Training")
            plot.add(series: "loss", y: [1.0, 0.5])
            plot.add(series: "loss", y: [0.9, 0.4])
        }
    }
}
