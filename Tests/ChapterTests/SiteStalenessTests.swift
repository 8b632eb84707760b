import Foundation
import Testing
import WorkbookCore
import WorkbookSite

/// The committed site/ must be exactly what a fresh build of the chapters produces, so the
/// book readers see always matches the chapters that `swift test` verifies.
@Suite struct SiteStalenessTests {
    @Test func committedSiteMatchesAFreshBuild() async throws {
        var verified: [VerifiedChapter] = []
        for file in ChapterOutputTests.chapterFiles {
            let outcome = try await BookRuns.shared.outcome(of: file)
            // A chapter with problems is reported by ChapterOutputTests; no site can be built.
            guard let chapter = outcome.verified else { return }
            verified.append(chapter)
        }
        let root = BookRuns.workbook.root
        let frontMatter = SiteBuilder.FrontMatter(markdown: try String(contentsOf: root.appendingPathComponent("chapters/index.md"), encoding: .utf8))
        let fresh = try SiteBuilder.build(verified, frontMatter: frontMatter)
        let committed = try AtomicDirectory.read(root.appendingPathComponent("site"))
        let stale = Set(fresh.keys).union(committed.keys).filter { fresh[$0] != committed[$0] }.sorted()
        #expect(stale.isEmpty, "site/ is stale (\(stale.joined(separator: ", "))): run `swift run workbook build` and commit site/")
    }
}
