import Testing
@testable import Figures

@Suite struct DataTableTests {
    @Test func seriesSharingXBecomeColumns() {
        var plot = LinePlot(title: "Loss", xLabel: "epoch")
        plot.add(series: "RNN", x: [1, 2], y: [0.5, 0.25])
        plot.add(series: "LSTM", x: [1, 2], y: [Float(0.4), 0.125])
        #expect(plot.dataTableHTML() == """
            <table class="fig-data">
            <caption>Loss</caption>
            <thead><tr><th scope="col">epoch</th><th scope="col">RNN</th><th scope="col">LSTM</th></tr></thead>
            <tbody>
            <tr><td>1</td><td>0.5</td><td>0.4</td></tr>
            <tr><td>2</td><td>0.25</td><td>0.125</td></tr>
            </tbody>
            </table>

            """)
    }

    @Test func seriesWithDifferentXBecomeRows() {
        var plot = ScatterPlot(title: "Points")
        plot.add(series: "a", x: [1], y: [2])
        plot.add(series: "b", x: [3], y: [1e-7])
        #expect(plot.dataTableHTML() == """
            <table class="fig-data">
            <caption>Points</caption>
            <thead><tr><th scope="col">series</th><th scope="col">x</th><th scope="col">y</th></tr></thead>
            <tbody>
            <tr><td>a</td><td>1</td><td>2</td></tr>
            <tr><td>b</td><td>3</td><td>1e-7</td></tr>
            </tbody>
            </table>

            """)
    }

    @Test func heatmapRowsAreHeaderCells() {
        let map = Heatmap(title: "G", values: [[0.5, 1]], rowLabels: ["forget"], columnLabels: ["the", "cat"])
        #expect(map.dataTableHTML() == """
            <table class="fig-data">
            <caption>G</caption>
            <thead><tr><th scope="col"></th><th scope="col">the</th><th scope="col">cat</th></tr></thead>
            <tbody>
            <tr><th scope="row">forget</th><td>0.5</td><td>1</td></tr>
            </tbody>
            </table>

            """)
    }
}
