import CPortableMath  // log10 with the same bits on every platform (no libm)

/// How an axis maps data values to positions.
public enum Scale: Sendable, Equatable {
    /// Equal distances for equal differences.
    case linear
    /// Base-10 logarithmic: equal distances for equal ratios. Values ≤ 0 cannot be drawn and are skipped.
    case log

    /// `value` transformed so the axis is linear in the result; nil if it cannot be drawn.
    func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log: return value > 0 ? cpm_log10(value) : nil
        }
    }

    /// Whether `value` can be placed on an axis with this scale.
    func accepts(_ value: Double) -> Bool { transform(value) != nil }
}

/// A tick mark: where it goes and what it says.
struct Tick: Equatable {
    let value: Double
    let label: String
}

/// An axis after its ticks were chosen: the shown domain, the scale and the ticks.
struct Axis {
    let scale: Scale
    /// The values at the two ends of the axis.
    let domain: ClosedRange<Double>
    let ticks: [Tick]
    /// Unlabelled marks between ticks (log axes only: 2…9 × 10ⁿ).
    let minorTicks: [Double]

    /// Round-number ticks for data spanning `lower...upper`, with about `targetTicks` ticks.
    ///
    /// With `nice`, the domain is widened to the first tick at or outside the data on each side.
    init(scale: Scale, dataLower lower: Double, dataUpper upper: Double, targetTicks: Int, nice: Bool = true) {
        self.scale = scale
        switch scale {
        case .linear:
            let result = TickGenerator.linear(lower: lower, upper: upper, targetCount: targetTicks, nice: nice)
            domain = result.domain
            ticks = result.ticks
            minorTicks = []
        case .log:
            let result = TickGenerator.logarithmic(lower: lower, upper: upper, nice: nice)
            domain = result.domain
            ticks = result.ticks
            minorTicks = result.minor
        }
    }

    /// Builds an axis for the drawable values in `values` (NaN, ±inf, and ≤ 0 on a log axis are ignored).
    /// A `fixed` domain, if given, is used as is.
    init(scale: Scale, values: [Double], fixed: ClosedRange<Double>?, targetTicks: Int) {
        if let fixed {
            self.init(scale: scale, dataLower: fixed.lowerBound, dataUpper: fixed.upperBound,
                      targetTicks: targetTicks, nice: false)
            return
        }
        let drawable = values.filter(scale.accepts)
        let lower = drawable.min() ?? (scale == .log ? 1 : 0)
        let upper = drawable.max() ?? (scale == .log ? 10 : 1)
        self.init(scale: scale, dataLower: lower, dataUpper: upper, targetTicks: targetTicks)
    }

    /// Where `value` falls along the axis, 0 at the lower end and 1 at the upper end; nil if undrawable.
    func fraction(_ value: Double) -> Double? {
        guard let v = scale.transform(value),
              let lo = scale.transform(domain.lowerBound),
              let hi = scale.transform(domain.upperBound) else { return nil }
        return hi > lo ? (v - lo) / (hi - lo) : 0.5
    }

    /// "from 0 to 20" / "from 0.01 to 10, log scale", for descriptions.
    var rangeDescription: String {
        "from " + NumberFormat.significant(domain.lowerBound) + " to " + NumberFormat.significant(domain.upperBound)
            + (scale == .log ? ", log scale" : "")
    }
}
