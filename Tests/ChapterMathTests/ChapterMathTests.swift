// Proves how a chapter's `exp(x)` reaches SeqKit's PortableMath although the chapter imports
// Foundation. This file is set up like a chapter: it imports Foundation and SeqKit, and its
// module declares the chapter block (ChapterMath.swift). Measured with Swift 6.3: a free
// `exp(_: Double)` *in SeqKit* would be ambiguous with Glibc's here; a declaration in the
// calling module itself shadows both.
import Foundation
import Testing
import SeqKit
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ChapterMathTests {
    /// Points where glibc 2.x's last bit differs from PortableMath's (found by comparing both).
    @Test func callsResolveToPortableMath() {
        #expect(exp(0.364).bitPattern == PortableMath.exp(0.364).bitPattern)
        #expect(log(0.691).bitPattern == PortableMath.log(0.691).bitPattern)
        #expect(sin(0.403).bitPattern == PortableMath.sin(0.403).bitPattern)
        #expect(cos(0.509).bitPattern == PortableMath.cos(0.509).bitPattern)
        #expect(tanh(0.124).bitPattern == PortableMath.tanh(0.124).bitPattern)
        #expect(expm1(1.0).bitPattern == PortableMath.expm1(1.0).bitPattern)
        #expect(log1p(2.0).bitPattern == PortableMath.log1p(2.0).bitPattern)
        #expect(pow(0.9, 7.5).bitPattern == PortableMath.pow(0.9, 7.5).bitPattern)
        // Chapters also pass these functions by name. (An all-integer-literal call such as
        // `log10(1000)` is ambiguous with Foundation alone already: write `log10(1000.0)`.)
        #expect([0.364].map(exp) == [PortableMath.exp(0.364)])
        #expect(pow(3.0, 2) == 9 && log10(1000.0) == 3)
        #if canImport(Glibc)
        // The points do tell the two apart: if the call had gone to glibc, the bits would differ.
        #expect(Glibc.exp(0.364).bitPattern != PortableMath.exp(0.364).bitPattern)
        #expect(Glibc.log(0.691).bitPattern != PortableMath.log(0.691).bitPattern)
        #expect(Glibc.sin(0.403).bitPattern != PortableMath.sin(0.403).bitPattern)
        #expect(Glibc.cos(0.509).bitPattern != PortableMath.cos(0.509).bitPattern)
        #expect(Glibc.tanh(0.124).bitPattern != PortableMath.tanh(0.124).bitPattern)
        #expect(Glibc.expm1(1.0).bitPattern != PortableMath.expm1(1.0).bitPattern)
        #endif
    }

    /// Every chapter folder carries exactly the block this module was built with.
    @Test func everyChapterCarriesTheBlock() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let root = here.deletingLastPathComponent().deletingLastPathComponent()
        func block(_ url: URL) throws -> String {
            let text = try String(contentsOf: url, encoding: .utf8)
            let start = try #require(text.range(of: "// Portable math for the chapter's own code."), "\(url.path)")
            return String(text[start.lowerBound...])
        }
        let expected = try block(here.appendingPathComponent("ChapterMath.swift"))
        let chapters = root.appendingPathComponent("Sources/Chapters")
        let names = try FileManager.default.contentsOfDirectory(atPath: chapters.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.count >= 5)
        for name in names {
            let file = chapters.appendingPathComponent(name).appendingPathComponent("Chapter.swift")
            #expect(try block(file) == expected, "Sources/Chapters/\(name)/Chapter.swift differs from Tests/ChapterMathTests/ChapterMath.swift")
        }
    }
}
