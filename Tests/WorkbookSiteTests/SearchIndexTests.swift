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
            window.searchIndex={"pages":[["03-lstm.html","3. The LSTM"]],"sections":[[0,"forget-gate","3.2 The forget gate"],[0,"output","3.4 Output \\"gate\\""]],"width":1,"words":"0again 1,1rjun 0,0drops 0,0forgetgate 0,0go 0,0lets 0,0obsession 0,0rancho 1,0says 1,1igmoid 01,0well 1"};

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

    @Test func jsonEscapesScriptEndings() {
        #expect(SearchIndex.json("a</script>\"\\\n\u{1}") == #""a\u003c/script>\"\\\n\u0001""#)
    }
}
