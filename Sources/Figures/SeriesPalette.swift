/// Colours of data series: CSS custom properties with fixed fallbacks.
///
/// A page that inlines a figure can restyle every series for its theme by setting
/// `--fig-series-1` … `--fig-series-8`; a standalone SVG uses the fallbacks, which therefore must
/// read on a light and on a dark background alike: each has a WCAG contrast of at least 3:1 (the
/// minimum for graphics, WCAG 2.1 success criterion 1.4.11) against both the book's light page
/// (#fcfcfa) and its dark page (#15171c), which holds for relative luminances between about 0.13
/// and 0.29. The hues are those of the Okabe–Ito palette (Masataka Okabe and Kei Ito, "Color
/// Universal Design", 2008), distinguishable with the common colour-vision deficiencies, with
/// orange, reddish purple, sky blue and grey darkened into that band (yellow became olive).
enum SeriesPalette {
    static let fallbacks = ["#0072b2", "#d55e00", "#009e73", "#b8528f", "#a87400", "#3b8dc4", "#7d7d12", "#7a7a7a"]

    /// The palette slot (1-based) of the series at `position` (0-based), cycling after eight.
    static func slot(_ position: Int) -> Int { position % fallbacks.count + 1 }

    /// `var(--fig-series-3, #009e73)` for slot 3.
    static func cssColor(_ slot: Int) -> String {
        "var(--fig-series-\(slot), \(fallbacks[slot - 1]))"
    }
}
