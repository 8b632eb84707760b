import Testing
@testable import WorkbookSite

@Suite struct CrossReferencesTests {
    func table() throws -> CrossReferenceTable {
        var table = CrossReferenceTable()
        try table.define("eq:cell", kind: .equation, number: "3.1", page: "03-lstm.html", anchor: "eq:cell")
        try table.define("fig:loss", kind: .figure, number: "2.4", page: "02-rnn.html", anchor: "fig:loss")
        try table.define("ch:lstm", kind: .chapter, number: "3", page: "03-lstm.html", anchor: nil)
        return table
    }

    @Test func findsReferencesOutsideCode() {
        let markdown = """
            See {@eq:cell} and `{@fig:no}` or {@ not a ref}.
            ```
            {@fig:inside}
            ```
            Then {@fig:loss}, {@ch:lstm}.
            """
        #expect(CrossReference.find(in: markdown) == [
            CrossReference(label: "eq:cell", line: 1, column: 5),
            CrossReference(label: "fig:loss", line: 5, column: 6),
            CrossReference(label: "ch:lstm", line: 5, column: 19),
        ])
    }

    @Test func resolvesToLinksAcrossAndWithinPages() throws {
        let html = "<p>By {@eq:cell}, {@fig:loss} and {@ch:lstm}; code: <code>{@x:y}</code> {@ literal}</p>"
        #expect(try table().resolve(in: html, page: "03-lstm.html")
            == "<p>By <a class=\"xref\" href=\"#eq:cell\">Equation\u{A0}3.1</a>, <a class=\"xref\" href=\"02-rnn.html#fig:loss\">Figure\u{A0}2.4</a> and <a class=\"xref\" href=\"#chapter-title\">Chapter\u{A0}3</a>; code: <code>{@x:y}</code> {@ literal}</p>")
    }

    @Test func brokenReferencesAreErrorsAtTheirLine() throws {
        let references = CrossReference.find(in: "Intro\nAs {@fig:lost} shows, and {@tab:none}.")
        #expect(try table().check(references) == [
            CrossReferenceError(label: "fig:lost", line: 2, column: 4, message: "unknown cross-reference {@fig:lost}; defined labels: fig:loss"),
            CrossReferenceError(label: "tab:none", line: 2, column: 27, message: "unknown cross-reference {@tab:none}"),
        ])
        #expect(throws: CrossReferenceError(label: "eq:x", message: "unknown cross-reference {@eq:x}")) {
            try table().resolve(in: "<p>{@eq:x}</p>", page: "a.html")
        }
        #expect(CrossReferenceError(label: "a:b", line: 2, column: 4, message: "m").description == "2:4: error: m")
    }

    @Test func duplicateLabelsAreErrors() throws {
        var table = try table()
        var caught: CrossReferenceError?
        do {
            try table.define("eq:cell", kind: .equation, number: "4.1", page: "04.html", anchor: "eq:cell")
        } catch {
            caught = error
        }
        #expect(caught == CrossReferenceError(label: "eq:cell", message: "label 'eq:cell' is defined twice (first as Equation 3.1 in 03-lstm.html)"))
    }

    @Test func chapterCounters() {
        var counters = ChapterCounters(chapter: 2)
        let numbers = [counters.nextEquation(), counters.nextFigure(), counters.nextEquation(), counters.nextFigure()]
        #expect(numbers == ["2.1", "2.1", "2.2", "2.2"])
    }
}
