import Testing
@testable import WorkbookCore

@Suite struct UnifiedDiffTests {
    @Test func changedLineWithContext() {
        let expected = "a\nb\nc\nd\ne\nf\ng\nloss 0.30\nh\n"
        let actual = "a\nb\nc\nd\ne\nf\ng\nloss 0.31\nh\n"
        #expect(UnifiedDiff.diff(expected: expected, actual: actual) == """
            --- expected
            +++ actual
            @@ -5,5 +5,5 @@
             e
             f
             g
            -loss 0.30
            +loss 0.31
             h

            """)
    }

    @Test func whitespaceIsVisible() {
        #expect(UnifiedDiff.diff(expected: "tabs and trailing\n", actual: "tabs\tand trailing \n") == """
            --- expected
            +++ actual
            @@ -1,1 +1,1 @@
            -tabs·and·trailing
            +tabs→and·trailing·

            """)
        #expect(UnifiedDiff.diff(expected: "x y\n", actual: "x y  \n") == """
            --- expected
            +++ actual
            @@ -1,1 +1,1 @@
            -x·y
            +x·y··

            """)
    }

    @Test func insertionsAndDeletions() {
        #expect(UnifiedDiff.diff(expected: "one\ntwo\n", actual: "one\ntwo\nthree\n") == """
            --- expected
            +++ actual
            @@ -1,2 +1,3 @@
             one
             two
            +three

            """)
        #expect(UnifiedDiff.diff(expected: "gone\n", actual: "") == """
            --- expected
            +++ actual
            @@ -1,1 +0,0 @@
            -gone

            """)
    }
}
