/// Colours of data series: CSS custom properties with fixed fallbacks.
///
/// A page that inlines a figure can restyle every series for its theme by setting
/// `--fig-series-1` … `--fig-series-8`; a standalone SVG uses the fallbacks.
/// The fallbacks are the Okabe–Ito palette (Masataka Okabe and Kei Ito, "Color Universal Design",
/// 2008): distinguishable with the common colour-vision deficiencies and readable on white and on
/// dark grey. Yellow (#F0E442) is left out: it vanishes on white.
enum SeriesPalette {
    static let fallbacks = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999", "#000000"]

    /// The palette slot (1-based) of the series at `position` (0-based), cycling after eight.
    static func slot(_ position: Int) -> Int { position % fallbacks.count + 1 }

    /// `var(--fig-series-3, #009E73)` for slot 3.
    static func cssColor(_ slot: Int) -> String {
        "var(--fig-series-\(slot), \(fallbacks[slot - 1]))"
    }
}
