import Testing
@testable import Figures

@Suite struct NumberFormatTests {
    @Test func fixedKeepsTheRequestedDecimals() {
        #expect(NumberFormat.fixed(2.5, decimals: 2) == "2.50")
        #expect(NumberFormat.fixed(-0.125, decimals: 2) == "-0.13")
        #expect(NumberFormat.fixed(1234.5, decimals: 0) == "1235")
        #expect(NumberFormat.fixed(0.1 + 0.2, decimals: 1) == "0.3")
        #expect(NumberFormat.fixed(-0.001, decimals: 2) == "0.00")
    }

    @Test func coordinatesDropTrailingZeros() {
        #expect([12.5, 300, -0.25, 1 / 3, 99.999].map(NumberFormat.coordinate) == ["12.5", "300", "-0.25", "0.33", "100"])
    }

    @Test func significantSwitchesToExponentOutsidePlainRange() {
        let values = [0, 16_896, 0.000_123_45, 1.5e-7, 2.345_6e9, 9.999_96, -42.0, .nan, -.infinity]
        #expect(values.map { NumberFormat.significant($0, digits: 4) }
            == ["0", "16896", "0.0001235", "1.5e-7", "2.346e9", "10", "-42", "NaN", "-inf"])
    }

    @Test func decadeExponentIsExactAtPowersOfTen() {
        #expect([0.001, 0.00999, 1, 9.99, 10, 1e6].map(decadeExponent(of:)) == [-3, -3, 0, 0, 1, 6])
    }
}
