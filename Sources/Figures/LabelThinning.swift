/// The labelled positions to keep so that no two labels overlap: every k-th, for the smallest k that works.
///
/// Empty labels take no room and are dropped first, so a sparse labelling ("0", "", "", "★3", …) is
/// thinned by its real labels, not by the empty slots between them (which used to drop every label
/// at an odd slot). Two neighbours fit when their centres are at least `(extent(a) + extent(b)) / 2
/// + gap` apart; `extent` is a label's size along the axis.
func thinned(_ labels: [(String, Double)], extent: (String) -> Double, gap: Double = 6) -> [(String, Double)] {
    let labels = labels.filter { !$0.0.isEmpty }
    guard labels.count > 1 else { return labels }
    for stride in 1..<labels.count {
        let kept = labels.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
        if fits(kept, extent: extent, gap: gap) { return kept }
    }
    return [labels[0]]
}

/// Whether neighbouring labels (in axis order) leave `gap` between them.
func fits(_ labels: [(String, Double)], extent: (String) -> Double, gap: Double) -> Bool {
    zip(labels, labels.dropFirst()).allSatisfy { a, b in
        abs(b.1 - a.1) >= (extent(a.0) + extent(b.0)) / 2 + gap
    }
}

/// How category labels under a horizontal axis (heatmap columns, bar groups) are drawn: level when
/// they fit side by side, else turned 45°, else upright (90°), and thinned only when even upright
/// labels would touch.
///
/// Turned labels are parallel strips one line high: two neighbours `dx` apart along the axis are
/// `dx · sin(angle)` apart across their strips, so they clear each other when that is at least a
/// line height plus a gap, whatever their lengths.
struct CategoryLabels {
    enum Angle: CaseIterable {
        case level, diagonal, upright

        /// sin and cos of 0°, 45° and 90° (constants: no libm).
        var sine: Double { switch self { case .level: 0; case .diagonal: 0.70710678; case .upright: 1 } }
        var cosine: Double { switch self { case .level: 1; case .diagonal: 0.70710678; case .upright: 0 } }
        /// The `rotate(…)` angle in SVG (negative: the text rises to the right).
        var degrees: Double { switch self { case .level: 0; case .diagonal: -45; case .upright: -90 } }
    }

    let angle: Angle
    /// The labels to draw, with their centres along the axis.
    let kept: [(String, Double)]

    /// Room between two labels across their strips (turned) or side by side (level).
    static let gap = 3.0

    /// The first angle at which every non-empty label fits; thinned upright labels when none does.
    init(_ labels: [(String, Double)], size: Double) {
        let present = labels.filter { !$0.0.isEmpty }
        for angle in Angle.allCases where Self.fit(present, angle: angle, size: size) {
            self.init(angle: angle, labels: labels, size: size)
            return
        }
        self.init(angle: .upright, labels: labels, size: size)
    }

    /// The labels at a given angle, thinned if they do not all fit there.
    init(angle: Angle, labels: [(String, Double)], size: Double) {
        self.angle = angle
        let (extent, gap) = Self.spacing(angle: angle, size: size)
        kept = thinned(labels, extent: extent, gap: gap)
    }

    /// How far below the axis the kept labels reach, at text size `size`, plus a 10-unit gap.
    func depth(size: Double) -> Double {
        let widest = kept.map { Typography.width($0.0, size: size) }.max() ?? 0
        switch angle {
        case .level: return size + 10
        case .diagonal: return widest * 0.71 + size * 0.71 + 10
        case .upright: return widest + 10
        }
    }

    static func fit(_ labels: [(String, Double)], angle: Angle, size: Double) -> Bool {
        let (extent, gap) = spacing(angle: angle, size: size)
        return fits(labels, extent: extent, gap: gap)
    }

    /// A label's extent along the axis and the gap between neighbours, at `angle`.
    static func spacing(angle: Angle, size: Double) -> (extent: (String) -> Double, gap: Double) {
        switch angle {
        case .level:
            return ({ Typography.width($0, size: size) }, 2 * gap)
        case .diagonal, .upright:
            let across = Typography.lineHeight(size) / angle.sine
            return ({ _ in across }, gap / angle.sine)
        }
    }
}
