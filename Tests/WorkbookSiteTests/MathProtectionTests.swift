import Testing
@testable import WorkbookSite

@Suite struct MathProtectionTests {
    /// The protected Markdown and, per span, "line:column display tex".
    func protect(_ markdown: String) -> (String, [String]) {
        let result = MathProtection.protect(markdown)
        return (result.markdown, result.spans.map { "\($0.line):\($0.column) \($0.display.rawValue) \($0.tex)" })
    }

    @Test func inlineMathIsReplacedWithLettersAndDigits() {
        let (markdown, spans) = protect("The product $a*b*c$ and $x_1$ here.")
        #expect(markdown == "The product WBMATH0X and WBMATH1X here.")
        #expect(spans == ["1:14 inline a*b*c", "1:26 inline x_1"])
    }

    @Test func dollarAmountsStayText() {
        let (markdown, spans) = protect("It costs $5 and $6, or $ 7 $ in total.")
        #expect(markdown == "It costs $5 and $6, or $ 7 $ in total.")
        #expect(spans == [])
    }

    @Test func closingDollarFollowedByDigitIsNotAClose() {
        let (markdown, spans) = protect("$x$5 and $y$.")
        #expect(markdown == "WBMATH0X.")
        #expect(spans == ["1:2 inline x$5 and $y"])
    }

    @Test func escapedDollarIsLiteral() {
        let (markdown, spans) = protect(#"Pay \$3 for $n$ items, not \$4."#)
        #expect(markdown == #"Pay \$3 for WBMATH0X items, not \$4."#)
        #expect(spans == ["1:14 inline n"])
    }

    @Test func codeSpansAreLeftAlone() {
        let (markdown, spans) = protect("Use `let s = \"$x$\"` or ``a ` $b$`` then $c$.")
        #expect(markdown == "Use `let s = \"$x$\"` or ``a ` $b$`` then WBMATH0X.")
        #expect(spans == ["1:42 inline c"])
    }

    @Test func unclosedBacktickDoesNotHideMath() {
        let (markdown, _) = protect("a ` b $x$")
        #expect(markdown == "a ` b WBMATH0X")
    }

    @Test func fencedAndIndentedCodeAreLeftAlone() {
        let input = """
            Before $a$.

            ```swift
            print("$x$")
            ```

                let y = "$y$"

            ~~~~
            $z$
            ~~~~
            After $b$.
            """
        let (markdown, spans) = protect(input)
        #expect(markdown == input.replacingAll("$a$", with: "WBMATH0X").replacingAll("$b$", with: "WBMATH1X"))
        #expect(spans == ["1:9 inline a", "12:8 inline b"])
    }

    @Test func listContinuationParagraphsAreProseAndNestedFencesAreCode() {
        let input = """
            1.  A step with $a$.

                Still the item, indented four: $b$.

                ```swift
                print("$c$")
                ```

                    indented code in the item: $d$

            After the list, $e$.

                code again: $f$
            """
        #expect(MathProtection.classifyCodeLines(input.components(separatedBy: "\n"))
            == [false, false, false, false, true, true, true, false, true, true, false, false, true])
        #expect(MathProtection.protect(input).spans.map(\.tex) == ["a", "b", "e"])
    }

    @Test func displayMathSpansLinesAndKeepsLineCount() {
        let input = """
            Text
            $$
            \\begin{aligned} a &= b \\\\
              c &= d \\end{aligned}
            $$
            after.
            """
        let result = MathProtection.protect(input)
        #expect(result.markdown == "Text\nWBMATH0X\nWBMATH0C\n  WBMATH0C\nWBMATH0C\nafter.")
        #expect(result.spans.map(\.tex) == ["\\begin{aligned} a &= b \\\\\n  c &= d \\end{aligned}"])
        #expect(result.spans.map(\.line) == [2])
    }

    @Test func mathDoesNotCrossBlankLines() {
        let (markdown, spans) = protect("$a\n\nb$ and $$c\n\nd$$")
        #expect(markdown == "$a\n\nb$ and $$c\n\nd$$")
        #expect(spans == [])
    }

    @Test func placeholderPrefixAvoidsCollisions() {
        let result = MathProtection.protect("WBMATH is a word; $x$")
        #expect(result.markdown == "WBMATH is a word; WBMATHQ0X")
    }

    @Test func labelIsExtractedAndBlankedForOffsets() throws {
        let result = MathProtection.protect("$$ h = \\tanh(a) \\label{eq:rnn} $$")
        #expect(result.spans.map(\.tex) == [#"h = \tanh(a)"#])
        #expect(result.spans.map(\.label) == ["eq:rnn"])
    }

    @Test func restoreReplacesParagraphsAndInlinePlaceholders() {
        let result = MathProtection.protect("See $x$.\n\n$$y\\label{eq:y}$$\n\nand $$z$$ inline.")
        let html = "<p>See WBMATH0X.</p>\n<p>WBMATH1X</p>\n<p>and WBMATH2X inline.</p>\n"
        let restored = result.restore(in: html, mathML: ["<X/>", "<Y/>", "<Z/>"], equationNumbers: ["eq:y": "2.1"])
        #expect(restored == "<p>See <X/>.</p>\n<div class=\"equation\" id=\"eq:y\"><Y/><span class=\"equation-number\">(2.1)</span></div>\n<p>and <span class=\"equation\"><Z/></span> inline.</p>\n")
    }

    @Test func restoreRemovesContinuationLines() {
        let result = MathProtection.protect("$$\na\n$$")
        let restored = result.restore(in: "<p>WBMATH0X\nWBMATH0C\nWBMATH0C</p>\n", mathML: ["<A/>"])
        #expect(restored == "<div class=\"equation\"><A/></div>\n")
    }

    @Test func errorsAreLocatedInTheMarkdown() {
        let result = MathProtection.protect("Intro line\nSee $a + \\foo$ and\n$$\nx \\\\\n  \\bar$$")
        #expect(throws: MathSpanError(line: 2, column: 10, message: #"unsupported TeX command \foo"#)) {
            try result.renderMathML()
        }
        let second = MathProtection.protect("$$\nx +\n  \\wat$$")
        #expect(throws: MathSpanError(line: 3, column: 3, message: #"unsupported TeX command \wat"#)) {
            try second.renderMathML()
        }
        #expect(MathSpanError(line: 3, column: 3, message: "m").description == "3:3: error: m")
    }

    @Test func renderMathMLUsesCleanAnnotation() throws {
        let result = MathProtection.protect("$$ x \\label{eq:x} $$")
        #expect(try result.renderMathML() == ["<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\"><semantics><mi>x</mi><annotation encoding=\"application/x-tex\">x</annotation></semantics></math>"])
    }
}
