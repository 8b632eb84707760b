// Proves how a chapter's `exp(x)` reaches SeqKit's PortableMath although the chapter imports
// Foundation. This file is set up like a chapter: it imports Foundation and SeqKit, and its
// module compiles the chapters' prelude (ChapterPrelude.swift, a link to chapters/prelude.swift). Measured with Swift 6.3: a free
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
        #expect(atan2(0.7, -0.3).bitPattern == PortableMath.atan2(0.7, -0.3).bitPattern)
        #expect(atan(0.3).bitPattern == PortableMath.atan(0.3).bitPattern)
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
}
