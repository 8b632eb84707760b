/// Chooses tick positions at round numbers.
///
/// Linear axes step by 1, 2 or 5 times a power of ten; logarithmic axes put ticks on decades
/// (and on 2× and 5× inside a decade when the axis spans at most two decades).
enum TickGenerator {
    /// Ticks with a 1-2-5 step giving about `targetCount` intervals across `lower...upper`.
    ///
    /// Tick values are computed as integer multiples of the step (`k × m / 10^e`), never by repeated
    /// addition, so 0.1 + 0.2 drift never shows up in a label.
    static func linear(lower: Double, upper: Double, targetCount: Int, nice: Bool)
        -> (domain: ClosedRange<Double>, ticks: [Tick]) {
        var lo = lower, hi = upper
        if !(lo < hi) {
            // A single value: widen by 10% of its size (or by 1 around zero) so it sits mid-axis.
            let pad = lo == 0 ? 1 : lo.magnitude * 0.1
            lo -= pad
            hi += pad
        }
        let raw = (hi - lo) / Double(max(1, targetCount))
        var exponent = decadeExponent(of: raw)
        // The 1-2-5 multiple nearest the raw step (thresholds from Heckbert, "Nice numbers for graph labels",
        // Graphics Gems, 1990), so the tick count stays close to the target.
        let normalized = raw / powerOfTen(exponent)
        var multiple: Int64 = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
        if multiple == 10 {
            multiple = 1
            exponent += 1
        }
        // value(k) = k × multiple × 10^exponent, written so that negative exponents divide (exact for labels).
        func value(_ k: Int64) -> Double {
            exponent >= 0 ? Double(k * multiple) * powerOfTen(exponent) : Double(k * multiple) / powerOfTen(-exponent)
        }
        let step = value(1)
        // Tolerance in steps, well above Float precision, so 0.1 as a Float still counts as the tick 0.1.
        let slack = 1e-6
        // Nice: the ticks just outside the data; fixed: the ticks just inside the domain.
        // The slack keeps a bound that sits on a tick (up to rounding) from adding an extra step.
        var first = Int64(nice ? (lo / step + slack).rounded(.down) : (lo / step - slack).rounded(.up))
        var last = Int64(nice ? (hi / step - slack).rounded(.up) : (hi / step + slack).rounded(.down))
        if !nice {
            // Keep only ticks inside the fixed domain.
            if value(first) < lo - step * slack { first += 1 }
            if value(last) > hi + step * slack { last -= 1 }
        }
        let decimals = max(0, -exponent)
        let ticks = first <= last
            ? (first...last).map { Tick(value: value($0), label: linearLabel(value($0), decimals: decimals)) }
            : []
        let domain = nice ? value(first)...value(last) : lo...hi
        return (domain, ticks)
    }

    /// Ticks for a base-10 logarithmic axis over positive `lower...upper`.
    ///
    /// - Data spanning at most a factor 3 gets linear 1-2-5 ticks (2.5, 2.6, … 3.0).
    /// - Data spanning at most a factor 10 gets ticks at 1, 2, 3 and 5 × 10ⁿ, at most a factor 100 ticks at
    ///   1, 2 and 5 × 10ⁿ; with `nice` the domain is widened only to the nearest such tick (0.2…50, not 0.1…100).
    /// - Wider spans get decade ticks, every second or third decade when there are more than six.
    ///
    /// `minor` holds the unlabelled in-between marks: the remaining 2…9 × 10ⁿ inside the domain
    /// (none when decades are skipped).
    static func logarithmic(lower: Double, upper: Double, nice: Bool)
        -> (domain: ClosedRange<Double>, ticks: [Tick], minor: [Double]) {
        var lo = lower > 0 && lower.isFinite ? lower : 1
        var hi = upper > 0 && upper.isFinite ? upper : lo * 10
        if !(lo < hi) {
            lo /= 2
            hi *= 2
        }
        // Data often arrives as Float: 0.01 as a Float is 0.00999999977. A relative tolerance well above
        // Float's precision keeps such values on their round tick instead of opening another decade.
        let tolerance = 1e-6
        let low = lo * (1 + tolerance), high = hi * (1 - tolerance)
        let lowDecade = decadeExponent(of: low)
        let highDecade = decadeExponent(of: high) + (powerOfTen(decadeExponent(of: high)) < high ? 1 : 0)
        let decades = highDecade - lowDecade

        let ratio = high / low
        // Less than a factor 3: round numbers on a linear step say more than powers of ten would.
        if ratio <= 3 {
            let linear = linear(lower: lo, upper: hi, targetCount: 4, nice: nice)
            if linear.domain.lowerBound > 0 { return (linear.domain, linear.ticks, []) }
        }
        var candidates: [Double] = []
        if ratio <= 100 {
            // Within one decade 1-2-5 can leave just two ticks, so 3 joins them there.
            let mantissas: [Double] = ratio <= 10 ? [1, 2, 3, 5] : [1, 2, 5]
            for e in (lowDecade - 1)...(highDecade) {
                for m in mantissas {
                    candidates.append(e >= 0 ? m * powerOfTen(e) : m / powerOfTen(-e))
                }
            }
        } else {
            let every = (decades + 5) / 6
            var e = lowDecade - (((lowDecade % every) + every) % every)
            while e <= highDecade + every {
                candidates.append(e >= 0 ? powerOfTen(e) : 1 / powerOfTen(-e))
                e += every
            }
        }

        let domain: ClosedRange<Double>
        if nice {
            domain = (candidates.last { $0 <= low } ?? lo)...(candidates.first { $0 >= high } ?? hi)
        } else {
            domain = lo...hi
        }
        func inside(_ value: Double) -> Bool {
            value >= domain.lowerBound * (1 - tolerance) && value <= domain.upperBound * (1 + tolerance)
        }
        let ticks = candidates.filter(inside).map { Tick(value: $0, label: logLabel($0)) }
        var minor: [Double] = []
        if ratio <= 100 || (decades + 5) / 6 == 1 {
            for e in (lowDecade - 1)...highDecade {
                for m in 2...9 {
                    let value = e >= 0 ? Double(m) * powerOfTen(e) : Double(m) / powerOfTen(-e)
                    if inside(value) && !ticks.contains(where: { $0.value == value }) { minor.append(value) }
                }
            }
        }
        return (domain, ticks, minor)
    }

    /// `2.5`, `-10`, `0.05` with the step's number of decimals; plain below 1e7, then `1.5e7`.
    static func linearLabel(_ value: Double, decimals: Int) -> String {
        value.magnitude >= 1e7 ? NumberFormat.significant(value, digits: 3) : NumberFormat.fixed(value, decimals: min(decimals, 9))
    }

    /// `0.001`, `1`, `1000`, `1e6`, `2e-5`.
    static func logLabel(_ value: Double) -> String {
        NumberFormat.significant(value, digits: 1)
    }
}
