import Testing
@testable import Figures

@Suite struct WholeSVGTests {
    /// The complete document for a tiny plot: pins the structure, the number format and the stylesheet.
    @Test func tinyLinePlotDocument() {
        var plot = LinePlot(title: "Tiny", xLabel: "t", size: FigureSize(width: 240, height: 160))
        plot.add(series: "", x: [0, 1, 2], y: [0.0, 1, 0.5])
        #expect(plot.svg(id: "g") == """
            <svg xmlns="http://www.w3.org/2000/svg" class="fig g" width="240" height="160" viewBox="0 0 240 160" role="img" aria-labelledby="g-title g-desc">
            <title id="g-title">Tiny</title>
            <desc id="g-desc">Line plot with 1 series. x axis t from 0 to 2; y axis from 0 to 1.</desc>
            <style>
            .g{font-family:sans-serif;font-family:var(--fig-font,sans-serif);font-size:11px;color:#1d2025;color:var(--fig-ink,#1d2025)}
            .g .bg{fill:#fcfcfa;fill:var(--fig-bg,#fcfcfa)}
            .g text{fill:currentColor}
            .g .ti{font-size:15px;font-weight:600;text-anchor:middle}
            .g .pt{font-size:13px;font-weight:600;text-anchor:middle}
            .g .lb{font-size:12px;text-anchor:middle}
            .g .m{text-anchor:middle}
            .g .e{text-anchor:end}
            .g .ax{fill:none;stroke:currentColor}
            .g .gr{fill:none;stroke:currentColor;stroke-opacity:.15}
            .g .ln{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
            .g .dt{fill:none;stroke-width:6;stroke-linecap:round}
            .g .vk{fill:#000}
            .g .vw{fill:#fff}
            .g .s1{stroke:#0072b2;stroke:var(--fig-series-1, #0072b2)}
            .g .f1{fill:#0072b2;fill:var(--fig-series-1, #0072b2)}
            </style>
            <rect class="bg" width="100%" height="100%"/>
            <text class="ti" x="120" y="21">Tiny</text>
            <path class="gr" d="M31.12 37V119M127.56 37V119M224 37V119M31.12 119H224M31.12 78H224M31.12 37H224"/>
            <path class="ax" d="M31.12 37V119H224M31.12 119v4M127.56 119v4M224 119v4M31.12 119h-4M31.12 78h-4M31.12 37h-4"/>
            <text class="m" x="31.12" y="136">0</text>
            <text class="m" x="127.56" y="136">1</text>
            <text class="m" x="224" y="136">2</text>
            <text class="e" x="24.12" y="123">0.0</text>
            <text class="e" x="24.12" y="82">0.5</text>
            <text class="e" x="24.12" y="41">1.0</text>
            <text class="lb" x="127.56" y="156">t</text>
            <clipPath id="g-clip1">
            <rect x="27.12" y="33" width="200.88" height="90"/>
            </clipPath>
            <g clip-path="url(#g-clip1)">
            <path class="ln s1" d="M31.12 119L127.56 37L224 78"/>
            </g>
            </svg>
            
            """)
    }
}
