import Testing
@testable import Figures

@Suite struct TickTests {
    @Test func linearTicksAreRoundNumbersAroundTheData() {
        let axis = Axis(scale: .linear, dataLower: 1, dataUpper: 40, targetTicks: 4)
        #expect(axis.domain == 0...40)
        #expect(axis.ticks.map(\.label) == ["0", "10", "20", "30", "40"])
    }

    @Test func linearTicksUseTheStepsDecimals() {
        let axis = Axis(scale: .linear, dataLower: -0.93, dataUpper: 0.97, targetTicks: 5)
        #expect(axis.domain == -1...1)
        #expect(axis.ticks.map(\.label) == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        #expect(axis.ticks.map(\.value) == [-1, -0.5, 0, 0.5, 1])
    }

    @Test func linearStepOfTwo() {
        let axis = Axis(scale: .linear, dataLower: 0.013, dataUpper: 0.087, targetTicks: 4)
        #expect(axis.ticks.map(\.label) == ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"])
    }

    @Test func fixedRangeKeepsItsBoundsAndTicksInside() {
        let axis = Axis(scale: .linear, values: [0.2, 0.3], fixed: 0.05...0.95, targetTicks: 4)
        #expect(axis.domain == 0.05...0.95)
        #expect(axis.ticks.map(\.label) == ["0.2", "0.4", "0.6", "0.8"])
    }

    @Test func singleValueGetsAnAxisAroundIt() {
        // Widened by 10% of the value on each side: 9...11.
        let axis = Axis(scale: .linear, values: [10, 10, 10], fixed: nil, targetTicks: 4)
        #expect(axis.domain == 9...11)
        #expect(axis.ticks.map(\.label) == ["9.0", "9.5", "10.0", "10.5", "11.0"])
    }

    @Test func logTicksFallOnDecades() {
        let axis = Axis(scale: .log, values: [0.013, 7.2, -1, 0], fixed: nil, targetTicks: 4)
        #expect(axis.domain == 0.01...10)
        #expect(axis.ticks.map(\.label) == ["0.01", "0.1", "1", "10"])
        #expect(axis.minorTicks.count == 3 * 8)
        #expect(axis.minorTicks.prefix(3).map { NumberFormat.significant($0) } == ["0.02", "0.03", "0.04"])
    }

    @Test func logTicksSkipDecadesOnLongAxes() {
        let axis = Axis(scale: .log, dataLower: 3e-9, dataUpper: 20, targetTicks: 4)
        #expect(axis.ticks.map(\.label) == ["1e-10", "1e-8", "1e-6", "0.0001", "0.01", "1", "100"])
        #expect(axis.minorTicks.isEmpty)
    }

    @Test func shortLogAxesGetOneTwoFiveTicks() {
        let axis = Axis(scale: .log, dataLower: 0.3, dataUpper: 17, targetTicks: 4)
        #expect(axis.domain == 0.2...20)
        #expect(axis.ticks.map(\.label) == ["0.2", "0.5", "1", "2", "5", "10", "20"])
    }

    @Test func logAxisWithinOneDecadeAddsThrees() {
        let axis = Axis(scale: .log, dataLower: 0.42, dataUpper: 2.9, targetTicks: 4)
        #expect(axis.domain == 0.3...3)
        #expect(axis.ticks.map(\.label) == ["0.3", "0.5", "1", "2", "3"])
        #expect(axis.minorTicks.map { NumberFormat.significant($0) } == ["0.4", "0.6", "0.7", "0.8", "0.9"])
    }

    @Test func narrowLogAxesUseLinearSteps() {
        let axis = Axis(scale: .log, dataLower: 2.52, dataUpper: 2.97, targetTicks: 4)
        #expect(axis.domain == 2.5...3)
        #expect(axis.ticks.map(\.label) == ["2.5", "2.6", "2.7", "2.8", "2.9", "3.0"])
        #expect(axis.minorTicks.isEmpty)
    }

    @Test func fractionsPlaceValuesOnTheAxis() {
        let log = Axis(scale: .log, dataLower: 0.01, dataUpper: 10, targetTicks: 4)
        #expect(log.fraction(1).map { abs($0 - 2.0 / 3.0) < 1e-12 } == true)
        #expect(log.fraction(0) == nil)
        let linear = Axis(scale: .linear, dataLower: 0, dataUpper: 40, targetTicks: 4)
        #expect(linear.fraction(10) == 0.25)
    }
}
