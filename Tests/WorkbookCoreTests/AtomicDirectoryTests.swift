import Foundation
import Testing
@testable import WorkbookCore

@Suite struct AtomicDirectoryTests {
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")

    @Test func replacesTheWholeFolder() throws {
        let site = parent.appendingPathComponent("site")
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: site.appendingPathComponent("old.html"))
        try AtomicDirectory.replace(site, with: ["index.html": Data("new".utf8), "assets/book.css": Data("css".utf8)])
        #expect(try AtomicDirectory.read(site) == ["index.html": Data("new".utf8), "assets/book.css": Data("css".utf8)])
        // Nothing but the folder itself is left in its parent.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["site"])
    }

    @Test func aFailedWriteLeavesTheOldFolder() throws {
        let site = parent.appendingPathComponent("site")
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: site.appendingPathComponent("index.html"))
        #expect(throws: WorkbookError.self) {
            try AtomicDirectory.replace(site, with: ["a.html": Data(), "../escape.html": Data("x".utf8)])
        }
        #expect(try AtomicDirectory.read(site) == ["index.html": Data("kept".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["site"])
    }
}
