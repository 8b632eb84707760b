import Foundation
import Testing
@testable import WorkbookCore
import WorkbookServer
@testable import WorkbookSite

/// `workbook serve` for real: a server on a free loopback port, pages fetched over HTTP, the
/// reload events read from the event stream while a chapter is edited.
@Suite struct PreviewServerTests {
    @Test func servesTheBuiltBookAndReloadsOnEdits() async throws {
        let book = try EngineCacheTests.Book(chapter: EngineCacheTests.chapter)
        let preview = Preview(workbook: Workbook(root: book.root), engine: book.engine)
        let server = try PreviewServer(preview: preview, port: 0)
        try await server.start()
        defer { Task { await server.stop() } }
        let port = try #require(await server.port())

        // The page is the bytes `workbook build` writes, plus the reload script.
        let page = try await HTTP.get("/01-demo.html", port: port)
        #expect(page.status == 200)
        let built = try SiteFiles.build(try book.engine.verifyAll(Workbook(root: book.root).chapters()).compactMap(\.verified), root: book.root)
        let builtPage = String(decoding: try #require(built["01-demo.html"]), as: UTF8.self)
        #expect(page.body == LiveReload.inject(into: builtPage))
        #expect(page.body.contains("<script src=\"/\(LiveReload.scriptPath)\"></script>"))
        #expect(try await HTTP.get("/", port: port).body == LiveReload.inject(into: String(decoding: built["index.html"]!, as: UTF8.self)))
        #expect(try await HTTP.get("/\(LiveReload.scriptPath)", port: port).body == LiveReload.script)
        #expect(try await HTTP.get("/assets/book.css", port: port).body == String(decoding: built["assets/book.css"]!, as: UTF8.self))
        #expect(try await HTTP.get("/nothing.html", port: port).status == 404)
        #expect(try await HTTP.get("/../Package.swift", port: port).status == 404)

        let events = try HTTP.EventStream(path: "/\(LiveReload.eventsPath)", port: port)
        let first = try #require(try await events.next(timeout: 10))

        // A prose edit: a new version, the page shows it, nothing ran.
        let compiledBefore = book.compiled.value
        let started = Date()
        try book.write(EngineCacheTests.chapter.replacingOccurrences(of: "Some prose.", with: "Some edited prose."), to: "chapters/01-demo.md")
        let second = try #require(try await events.next(timeout: 20))
        let reload = Date().timeIntervalSince(started)
        #expect(Int(second)! > Int(first)!)
        #expect(try await HTTP.get("/01-demo.html", port: port).body.contains("Some edited prose."))
        #expect(book.compiled.value == compiledBefore)
        print("prose edit → reload event: \(String(format: "%.2f", reload)) s")

        // A wrong output block: the page shows the problem, with its line and diff.
        try book.write(EngineCacheTests.chapter.replacingOccurrences(of: "n = 42\n```", with: "n = 41\n```"), to: "chapters/01-demo.md")
        _ = try #require(try await events.next(timeout: 20))
        let failing = try await HTTP.get("/01-demo.html", port: port).body
        #expect(failing.contains("class=\"workbook-problems\""))
        #expect(failing.contains("chapters/01-demo.md:18:1: error: snippet 2 printed something else than its output block"))
        #expect(failing.contains("-n = 41\n+n = 42"))
        #expect(preview.problems.map(\.kind) == [.mismatch])

        // A code edit runs the chapter again.
        try book.write(EngineCacheTests.chapter.replacingOccurrences(of: "6 * 7", with: "2 * 21"), to: "chapters/01-demo.md")
        _ = try #require(try await events.next(timeout: 60))
        #expect(book.compiled.value == compiledBefore + 1)
        #expect(preview.problems.isEmpty, "\(preview.problems)")
        events.close()
    }

    /// The injection adds the script and the CSP's permission to connect back, and nothing else.
    @Test func theReloadScriptIsTheOnlyChange() throws {
        let html = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"\(XMLEscaping.attribute(PageTemplate.contentSecurityPolicy))\"/></head><body><p>x</p></body></html>"
        let injected = LiveReload.inject(into: html)
        #expect(injected != html)
        let undone = injected.replacingOccurrences(of: "<script src=\"/\(LiveReload.scriptPath)\"></script>\n", with: "")
            .replacingOccurrences(of: XMLEscaping.attribute("; connect-src 'self'"), with: "").replacingOccurrences(of: "; connect-src 'self'", with: "")
        #expect(undone == html)
    }
}

/// A minimal HTTP/1.1 client on a POSIX socket, for the tests only.
enum HTTP {
    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WorkbookError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw WorkbookError("connect to port \(port) failed") }
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Reads what is available within `timeout` seconds; nil at end of stream.
    static func read(_ fd: Int32, timeout: Double) -> [UInt8]? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count <= 0 ? nil : Array(buffer[..<count])
    }

    /// GET `path`, on a thread of its own (the server needs the cooperative threads).
    static func get(_ path: String, port: Int) async throws -> (status: Int, body: String) {
        try await onOwnThread { try getWaiting(path, port: port) }
    }

    static func getWaiting(_ path: String, port: Int) throws -> (status: Int, body: String) {
        let fd = try connect(port: port)
        defer { close(fd) }
        send(fd, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, let chunk = read(fd, timeout: 1) { bytes += chunk }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw WorkbookError("no HTTP response: \(text)") }
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, String(text[split.upperBound...]))
    }

    /// The `data:` lines of a server-sent event stream, one event at a time.
    final class EventStream: @unchecked Sendable {
        let fd: Int32
        var buffer = ""

        init(path: String, port: Int) throws {
            fd = try HTTP.connect(port: port)
            HTTP.send(fd, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        }

        /// The data of the next event, or nil if none came within `timeout` seconds; waits on a
        /// thread of its own.
        func next(timeout: Double) async throws -> String? {
            try await onOwnThread { try self.nextWaiting(timeout: timeout) }
        }

        func nextWaiting(timeout: Double) throws -> String? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let range = buffer.range(of: #"data: ([0-9]+)\n\n"#, options: .regularExpression) {
                    let event = String(buffer[range].dropFirst(6).dropLast(2))
                    buffer.removeSubrange(buffer.startIndex..<range.upperBound)
                    return event
                }
                guard let chunk = HTTP.read(fd, timeout: 0.1) else { return nil }
                buffer += String(decoding: chunk, as: UTF8.self)
            }
            return nil
        }

        func close() { Foundation.close(fd) }
    }
}
