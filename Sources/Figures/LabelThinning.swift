/// The labelled positions to keep so that no two labels overlap: every k-th, for the smallest k that works.
/// `extent` is a label's size along the axis.
func thinned(_ labels: [(String, Double)], extent: (String) -> Double) -> [(String, Double)] {
    guard labels.count > 2 else { return labels }
    for stride in 1..<labels.count {
        let kept = labels.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
        let fits = zip(kept, kept.dropFirst()).allSatisfy { a, b in
            abs(b.1 - a.1) >= (extent(a.0) + extent(b.0)) / 2 + 6
        }
        if fits { return kept }
    }
    return [labels[0]]
}
