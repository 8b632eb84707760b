import Testing
@testable import Figures

@Suite struct TerminalTests {
    @Test func linePlotOfARampRendersAsBraille() {
        var plot = LinePlot(title: "Ramp", xLabel: "step", yLabel: "value")
        plot.add(series: "", x: [0, 1, 2, 3, 4], y: [0.0, 1, 2, 3, 4])
        #expect(plot.terminal(width: 30) == """
            Ramp
            value
            4┤                         ⢀⡠⠊
             │                       ⢀⠔⠁
             │                     ⡠⠒⠁
            3┤                   ⡠⠊
             │                ⢀⠤⠊
             │              ⢀⠔⠁
            2┤            ⡠⠔⠁
             │         ⢀⠔⠊
            1┤       ⡠⠒⠁
             │    ⢀⠤⠊
             │  ⢀⠔⠁
            0┤⡠⠊⠁
             └┬──────┬──────┬─────┬──────┬
              0      1      2     3      4
                          step
            """)
    }

    @Test func twoSeriesAreNamedInTheRightMargin() {
        var plot = LinePlot(title: "Loss", yScale: .log)
        plot.add(series: "RNN", y: [Float(1), 0.8, 0.7, 0.65])
        plot.add(series: "LSTM", y: [Float(1), 0.3, 0.05, 0.01])
        #expect(plot.terminal(width: 40) == """
            Loss
               1┤⠙⠫⣑⠒⠒⠒⠒⠢⠤⠤⠤⠤⣀⣀⣀⣀⣀
             0.5┤   ⠉⠢⢄           ⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉ RNN
                │      ⠉⠒⢄⡀
                │         ⠈⠢⡀
             0.2┤           ⠈⠢⡀
                │             ⠈⠢⡀
             0.1┤               ⠈⠢⡀
            0.05┤                 ⠈⠢⡀
                │                   ⠈⠢⢄
                │                      ⠑⢄⡀
            0.02┤                        ⠈⠢⡀
            0.01┤                          ⠈⠑⢄ LSTM
                └┬────────┬─────────┬────────┬
                 0        1         2        3
            """)
    }

    @Test func barChartDrawsEighthBlocks() {
        let bars = BarChart(title: "Params", categories: ["LSTM", "Dense"], values: [16_896, 65])
        #expect(bars.terminal(width: 40) == """
            Params
            LSTM  │███████████████████████████ 16896
            Dense │▏                           65
            """)
    }

    @Test func negativeBarsHangLeftOfTheZeroLine() {
        let bars = BarChart(title: "Signed", categories: ["a", "b"], values: [-1.0, 3])
        #expect(bars.terminal(width: 30) == """
            Signed
            a ██████│                   -1
            b       │██████████████████ 3
            """)
    }

    @Test func heatmapUsesFiveShades() {
        let map = Heatmap(title: "Gates", values: [[0.0, 0.25, 0.5], [0.75, 1.0, .nan]],
                          rowLabels: ["forget", "input"], columnLabels: ["the", "cat", "sat"])
        #expect(map.terminal(width: 40) == """
            Gates
                   the cat sat
            forget     ░░░░▒▒▒▒
            input  ▓▓▓▓████····
                   0 [ ░▒▓█] 1
            """)
    }
}
