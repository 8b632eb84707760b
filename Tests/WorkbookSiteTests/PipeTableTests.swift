import Testing
@testable import WorkbookSite

@Suite struct PipeTableTests {
    @Test func parsesHeaderAlignmentsAndRows() throws {
        let table = try #require(PipeTable(lines: [
            "| gate | `a|b` | count |",
            "| :--- | :---: | ---: |",
            "| forget | x \\| y | 16,896 |",
            "| input |",
        ]))
        #expect(table.header == ["gate", "`a|b`", "count"])
        #expect(table.alignments == [.left, .center, .right])
        #expect(table.rows == [["forget", "x | y", "16,896"], ["input", "", ""]])
        #expect(table.html { "[\($0)]" } == """
            <table>
            <thead>
            <tr><th class="align-left">[gate]</th><th class="align-center">[`a|b`]</th><th class="align-right">[count]</th></tr>
            </thead>
            <tbody>
            <tr><td class="align-left">[forget]</td><td class="align-center">[x | y]</td><td class="align-right">[16,896]</td></tr>
            <tr><td class="align-left">[input]</td><td class="align-center">[]</td><td class="align-right">[]</td></tr>
            </tbody>
            </table>

            """)
    }

    @Test func paragraphsThatAreNotTables() {
        #expect(PipeTable(lines: ["| just one line |"]) == nil)
        #expect(PipeTable(lines: ["| a | b |", "| not a delimiter |"]) == nil)
        #expect(PipeTable(lines: ["| a | b |", "| --- |"]) == nil, "the delimiter row must match the header's width")
        #expect(PipeTable(lines: ["prose with | a bar", "| --- | --- |"]) == nil)
    }
}
