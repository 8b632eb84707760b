import Testing
@testable import WorkbookSite

@Suite struct HeadingsTests {
    @Test func slugsAreDeterministicAndUniquePerPage() {
        var slugs = SlugGenerator(reserved: ["chapter-title"])
        let titles = ["The Forget Gate — *Zindagi*!", "The forget gate", "Café & crème", "3 Idiots: “All is well”",
                      "σ and tanh", "", "chapter title", "C(t-1) / h_t"]
        let generated = titles.map { slugs.slug(for: $0) }
        #expect(generated == [
            "the-forget-gate-zindagi", "the-forget-gate", "cafe-creme", "3-idiots-all-is-well",
            "and-tanh", "section", "chapter-title-2", "ct-1-h-t",
        ])
    }

    @Test func reserveReportsCollisions() {
        var slugs = SlugGenerator()
        let results = [slugs.reserve("eq:cell"), slugs.reserve("eq:cell")]
        let recap = slugs.slug(for: "Recap")
        let again = slugs.reserve("recap")
        #expect(results == [true, false])
        #expect(recap == "recap")
        #expect(again == false)
    }

    @Test func headingNumbers() {
        var numbers = HeadingNumberer(chapter: 3)
        let levels = [1, 2, 3, 3, 2, 3, 4, 2, 4]
        let generated = levels.map { numbers.next(level: $0) }
        #expect(generated == ["3", "3.1", "3.1.1", "3.1.2", "3.2", "3.2.1", "3.2.1.1", "3.3", "3.3.1.1"])
    }

    @Test func explicitIDs() {
        #expect(splitExplicitID("The cell state {#sec:cell}") == ("The cell state", "sec:cell"))
        #expect(splitExplicitID("Sets {a, b}") == ("Sets {a, b}", nil))
        #expect(splitExplicitID("  Plain  ") == ("Plain", nil))
    }

    @Test func handWrittenNumbers() {
        #expect(HeadingPass.handWrittenNumber("1. The message") == "1.")
        #expect(HeadingPass.handWrittenNumber("4.1 Scores") == "4.1")
        #expect(HeadingPass.handWrittenNumber("2008 was a year") == nil)
        #expect(HeadingPass.handWrittenNumber("3 gates") == nil)
        #expect(HeadingPass.handWrittenNumber("The 1. thing") == nil)
    }
}
