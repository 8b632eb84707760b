import Testing
@testable import Figures

@Suite struct LabelThinningTests {
    @Test func keepsEveryKthLabelSoNeighboursDoNotTouch() {
        let labels = [("1000", 0.0), ("2000", 10), ("3000", 20), ("4000", 30)]
        // Each label is 24 wide; neighbours need 24 + 6 = 30 between centres.
        let kept = thinned(labels, extent: { _ in 24 })
        #expect(kept.map(\.0) == ["1000", "4000"])
    }

    @Test func keepsAllLabelsWhenTheyFit() {
        let labels = [("a", 0.0), ("b", 20), ("c", 40)]
        #expect(thinned(labels, extent: { _ in 6 }).map(\.0) == ["a", "b", "c"])
    }
}
