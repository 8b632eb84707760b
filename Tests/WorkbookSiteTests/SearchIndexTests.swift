import Testing
@testable import WorkbookSite

@Suite struct SearchIndexTests {
    @Test func wholeIndexForTwoSections() {
        let index = SearchIndex(sections: [
            .init(page: "03-lstm.html", pageTitle: "3. The LSTM", anchor: "forget-gate", title: "3.2 The forget gate",
                  text: "Arjun lets go of an obsession. The gate drops it.", code: "let forgetGate = sigmoid(z) // 0.5"),
            .init(page: "03-lstm.html", pageTitle: "3. The LSTM", anchor: "output", title: "3.4 Output \"gate\"",
                  text: "Rancho says <All is well>: sigmoid again.", code: ""),
        ])
        #expect(index.javaScript() == """
            window.searchIndex={"pages":[["03-lstm.html","3. The LSTM"]],"sections":[[0,"forget-gate","3.2 The forget gate","Arjun lets go of an obsession. The gate drops it."],[0,"output","3.4 Output \\"gate\\"","Rancho says \\u003cAll is well>: sigmoid again."]],"width":1,"words":"0again 1,1rjun 0,0drops 0,0forgetgate 0,0go 0,0lets 0,0obsession 0,0rancho 1,0says 1,1igmoid 01,0well 1"};

            """)
    }

    @Test func frontCodingAndWideSectionNumbers() {
        let sections = (0..<70).map { n in
            SearchIndex.Section(page: "p.html", pageTitle: "P", anchor: "s\(n)", title: "", text: n == 69 ? "forget forgets" : "forget", code: "")
        }
        let js = SearchIndex(sections: sections).javaScript()
        let words = js[js.range(of: "\"width\":")!.lowerBound...]
        let all = (0..<70).map { SearchIndex.base62($0, width: 2) }.joined()
        #expect(words == "\"width\":2,\"words\":\"0forget \(all),6s 17\"};\n")
    }

    @Test func base62() {
        #expect([0, 9, 10, 61, 62, 3843].map { SearchIndex.base62($0, width: 2) } == ["00", "09", "0a", "0Z", "10", "ZZ"])
    }

    @Test func codeIdentifiersSplitAtCaseChanges() {
        #expect(SearchIndex.codeWords("let hiddenState = LSTMCell(units_out: 64)")
            == ["let", "hiddenstate", "hidden", "state", "lstmcell", "units_out", "units", "out", "64"])
    }

    @Test func nonASCIIAndUnderscoredWordsAreIndexed() {
        #expect(SearchIndex.proseWords("Jürgen Schmidhuber, σ and scaled_dot_product_attention")
            == ["jürgen", "schmidhuber", "σ", "and", "scaled_dot_product_attention", "scaled", "dot", "product", "attention"])
        // A decomposed "ü" (u + combining diaeresis) is indexed composed, as the client's query is.
        #expect(SearchIndex.proseWords("Ju\u{308}rgen") == ["jürgen"])
        #expect(SearchIndex.keep("σ") && !SearchIndex.keep("x") && !SearchIndex.keep("42") && !SearchIndex.keep("the"))
        let js = SearchIndex(sections: [.init(page: "p.html", pageTitle: "P", anchor: "", title: "T",
                                              text: "Jürgen uses σ in scaled_dot_product_attention", code: "")]).javaScript()
        // Front-coded: "scaled" then "_dot_product_attention" sharing its 6 characters.
        for entry in [",0jürgen 0,", ",0scaled 0,6_dot_product_attention 0,", ",0σ 0\""] { #expect(js.contains(entry), "\(entry)") }
    }

    @Test func inlineMathEntersTheProseAsItsCharacters() throws {
        let mathML = try MathML.render("\\sigma(x_t)", display: .inline)
        #expect(MathText.of(mathML) == "σ ( x t )")
    }

    @Test func jsonEscapesScriptEndings() {
        #expect(SearchIndex.json("a</script>\"\\\n\u{1}") == #""a\u003c/script>\"\\\n\u0001""#)
    }
}
