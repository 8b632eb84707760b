import Foundation
import Testing
import WorkbookProtocol
@testable import WorkbookCore

/// The marker protocol on runs written by hand: only authenticated markers in sequence count.
@Suite struct MarkerProtocolTests {
    let chapter: Chapter

    init() throws {
        chapter = try Chapter(source: "```swift\nprint(1)\n```\n\n```output\n1\n```\n\n```swift\nprint(2)\n```\n\n```output\n2\n```\n", path: "chapters/01-p.md")
    }

    @Test func sipHashMatchesThePapersTestVector() {
        // Aumasson and Bernstein (2012), appendix A: key 00…0f, message 00…0e.
        #expect(SipHash24(key: Array(0..<16)).hash(Array(0..<15)) == 0xa129ca6149be45e5)
        #expect(SipHash24(key: Array(0..<16)).hash([]) == 0x726fdb47dd0e0e31)
    }

    @Test func theChannelMessageRoundTrips() {
        let message = ChannelMessage(key: Array(100..<116), figuresDirectory: "/tmp/fig ures")
        #expect(String(decoding: message.encoded(), as: UTF8.self) == "key=6465666768696a6b6c6d6e6f70717273\nfigures=/tmp/fig ures\n")
        #expect(ChannelMessage(decoding: message.encoded()) == message)
        #expect(ChannelMessage(decoding: Array("key=00\nfigures=/x\n".utf8)) == nil)
    }

    @Test func aMarkerUnderAnotherKeyIsText() {
        var other = MarkerWriter(key: Array(repeating: 7, count: 16))
        let forged = String(decoding: other.encode(.snippet(2)), as: UTF8.self)
        var marker = Fixtures.Markers()
        let stdout = marker(.snippet(1)) + "1\n" + forged + "x\n" + marker(.snippet(2)) + "2\n" + marker(.end)
        let run = Fixtures.run(chapter, stdout: stdout)
        #expect(run.snippets.map(\.text) == ["1\n" + forged + "x\n", "2\n"])
        #expect(run.protocolProblems.isEmpty)
        #expect(Verification.check(chapter, run).map(\.kind) == [.controlCharacters])
    }

    @Test func aHalfMarkerDoesNotSwallowTheRealOne() {
        var marker = Fixtures.Markers()
        let stdout = marker(.snippet(1)) + "1\n\u{1E}wb:" + marker(.snippet(2)) + "2\n" + marker(.end)
        let run = Fixtures.run(chapter, stdout: stdout)
        #expect(run.snippets.map(\.text) == ["1\n\u{1E}wb:", "2\n"])
        #expect(run.finished)
    }

    @Test func aReplayedMarkerBreaksTheSequence() {
        var marker = Fixtures.Markers()
        let first = marker(.snippet(1))
        let stdout = first + "1\n" + first + marker(.snippet(2)) + "2\n" + marker(.end)
        let run = Fixtures.run(chapter, stdout: stdout)
        #expect(run.protocolProblems == [.sequenceGap(expected: 2, got: 1), .outOfOrder(expected: 2, got: 1)])
        #expect(Verification.check(chapter, run).map(\.description) == [
            "chapters/01-p.md:1:1: error: the verifier's markers are out of sequence (marker 1 where 2 was due); the run cannot be trusted",
            "chapters/01-p.md:9:1: error: snippet 2 was never seen to start: the program announced snippet 1 instead; the run cannot be trusted",
        ])
    }

    @Test func snippetsMustStartInOrderAndTheEndComesLast() {
        var marker = Fixtures.Markers()
        let skipped = marker(.snippet(2)) + "2\n" + marker(.end)
        let run = Fixtures.run(chapter, stdout: skipped)
        #expect(run.protocolProblems == [.outOfOrder(expected: 1, got: 2), .endTooEarly(lastStarted: nil)])
        #expect(!run.finished)
        #expect(Verification.check(chapter, run).map(\.kind) == [.protocolViolation, .protocolViolation, .exit])

        var again = Fixtures.Markers()
        let late = again(.snippet(1)) + "1\n" + again(.snippet(2)) + "2\n" + again(.end) + again(.snippet(2))
        let lateRun = Fixtures.run(chapter, stdout: late)
        #expect(lateRun.protocolProblems == [.afterEnd])
        #expect(Verification.check(chapter, lateRun).map(\.description) == [
            "chapters/01-p.md:9:1: error: the program wrote verifier markers after its end; the run cannot be trusted",
        ])
    }

    @Test func figureNamesArePlainFileNames() {
        var marker = Fixtures.Markers()
        // The writer encodes whatever it is given; the scanner accepts only plain names.
        let stdout = marker(.snippet(1)) + marker(.figure("../../etc/passwd")) + marker(.figure("figure-1.svg")) + "1\n" + marker(.snippet(2)) + "2\n" + marker(.end)
        let run = Fixtures.run(chapter, stdout: stdout)
        #expect(run.snippets[0].figures == ["figure-1.svg"])
        #expect(run.protocolProblems == [.sequenceGap(expected: 2, got: 3)])
    }
}
