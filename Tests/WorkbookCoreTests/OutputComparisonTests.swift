import Testing
@testable import WorkbookCore

@Suite struct OutputComparisonTests {
    @Test func exactByDefault() {
        #expect(OutputComparison.matches(expected: "a\nb\n", actual: "a\nb\n", tolerance: nil))
        #expect(OutputComparison.matches(expected: "a\nb\n", actual: "a\nb", tolerance: nil), "a missing final newline is forgiven")
        #expect(!OutputComparison.matches(expected: "a\nb\n", actual: "a\nb \n", tolerance: nil), "trailing space matters")
        #expect(!OutputComparison.matches(expected: "loss 0.30\n", actual: "loss 0.31\n", tolerance: nil))
        #expect(OutputComparison.matches(expected: "x\r\ny\r\n", actual: "x\ny\n", tolerance: nil))
    }

    @Test func numbersWithinTolerance() {
        #expect(OutputComparison.matches(expected: "loss 0.3000 after 12 steps\n", actual: "loss 0.30004 after 12 steps\n", tolerance: 1e-4))
        #expect(OutputComparison.matches(expected: "w = [-1.5e-3, 2.0]\n", actual: "w = [-1.50002e-3, 2.00009]\n", tolerance: 1e-4))
        // Relative above 1: 1000 ± 0.1 is within 1e-4.
        #expect(OutputComparison.matches(expected: "n 1000.0\n", actual: "n 1000.09\n", tolerance: 1e-4))
        #expect(OutputComparison.matches(expected: "n 1.0e3\n", actual: "n 1000.09\n", tolerance: 1e-4))
    }

    @Test func howANumberIsWrittenSetsItsTolerance() {
        // With an exponent: relative, however small.
        #expect(OutputComparison.matches(expected: "g 2.95e-07\n", actual: "g 2.9505e-07\n", tolerance: 1e-3))
        #expect(!OutputComparison.matches(expected: "g 2.95e-07\n", actual: "g 5.00e-07\n", tolerance: 1e-3))
        #expect(!OutputComparison.matches(expected: "g 0.0e+00\n", actual: "g 1.0e-30\n", tolerance: 1e-3))
        // With a decimal point: absolute below 1 (a small fixed-decimal number may move by t).
        #expect(OutputComparison.matches(expected: "mse 0.0010\n", actual: "mse 0.0021\n", tolerance: 2e-3))
        // Integers are counts: exact.
        #expect(!OutputComparison.matches(expected: "params 360\n", actual: "params 361\n", tolerance: 0.02))
        #expect(OutputComparison.matches(expected: "params 360 acc 0.98\n", actual: "params 360 acc 0.99\n", tolerance: 0.02))
    }

    @Test func numbersOutsideTolerance() {
        #expect(!OutputComparison.matches(expected: "loss 0.3000\n", actual: "loss 0.3002\n", tolerance: 1e-4))
        #expect(!OutputComparison.matches(expected: "n 1000.0\n", actual: "n 1000.2\n", tolerance: 1e-4))
        // The text around numbers must still match exactly.
        #expect(!OutputComparison.matches(expected: "loss 0.3\n", actual: "Loss 0.3\n", tolerance: 1e-4))
        #expect(!OutputComparison.matches(expected: "1 2\n", actual: "1 2 3\n", tolerance: 1e-4))
        #expect(!OutputComparison.matches(expected: "nan\n", actual: "0.0\n", tolerance: 1e-4))
    }

    @Test func tokens() {
        #expect(OutputComparison.tokens("t-1: -2.5e3, x2 .5") == [
            .text("t-"), .number("1", 1), .text(": "), .number("-2.5e3", -2500), .text(", x2 "), .number(".5", 0.5),
        ])
        #expect(OutputComparison.tokens("3-1") == [.number("3", 3), .text("-"), .number("1", 1)])
    }
}
