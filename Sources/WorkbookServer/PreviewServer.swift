import FlyingFox
import FlyingSocks
import Foundation
import WorkbookCore
import WorkbookSite

/// `workbook serve`: the book on `http://127.0.0.1:PORT/`, served by FlyingFox from memory,
/// rebuilt when a chapter or a library source changes (``Watcher``), with every open page told
/// through server-sent events (`/__workbook/events`) to reload.
public final class PreviewServer: Sendable {
    public let preview: Preview
    let server: HTTPServer
    let watcher: Watcher

    /// - Parameter port: 0 picks a free port (see ``port()``).
    public init(preview: Preview, port: UInt16) throws {
        self.preview = preview
        server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port), timeout: 60, logger: .disabled)
        watcher = Watcher(root: preview.workbook.root)
    }

    /// Builds the book once, starts serving and watching; returns when the server listens.
    public func start() async throws {
        preview.rebuild()
        await server.appendRoute(HTTPRoute("GET /\(LiveReload.eventsPath)")) { [preview] _ in
            Self.events(preview)
        }
        await server.appendRoute("GET *") { [preview] request in
            Self.serve(request.path, from: preview)
        }
        let server = self.server
        Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        watcher.start { [preview] in preview.rebuild() }
    }

    public func stop() async {
        watcher.stop()
        await server.stop()
    }

    /// The port the server listens on.
    public func port() async -> Int? {
        guard let address = await server.listeningAddress else { return nil }
        if case .ip4(_, let port) = address { return Int(port) }
        if case .ip6(_, let port) = address { return Int(port) }
        return nil
    }

    static func serve(_ path: String, from preview: Preview) -> HTTPResponse {
        var relative = path.removingPercentEncoding ?? path
        while relative.hasPrefix("/") { relative.removeFirst() }
        guard !relative.split(separator: "/").contains(".."), let data = preview.file(relative) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("not in the book: /\(relative)\n".utf8))
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: contentType(relative), .init("Cache-Control"): "no-store"], body: data)
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map(String.init) ?? "" {
        case "html", "": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "json": return "application/json"
        case "png": return "image/png"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    /// A stream of `data: VERSION` events, one now and one after every rebuild, with a comment
    /// every 15 s so that proxies and browsers keep the connection.
    static func events(_ preview: Preview) -> HTTPResponse {
        let stream = AsyncStream<[UInt8]> { continuation in
            let task = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await version in preview.versions() {
                            continuation.yield(Array("data: \(version)\n\n".utf8))
                        }
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(nanoseconds: 15_000_000_000)
                            continuation.yield(Array(": still here\n\n".utf8))
                        }
                    }
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return HTTPResponse(
            statusCode: .ok,
            headers: [.contentType: "text/event-stream", .init("Cache-Control"): "no-store"],
            body: HTTPBodySequence(from: ChunkSequence(stream: stream), suggestedBufferSize: 64)
        )
    }
}

/// An `AsyncStream` of byte chunks as the buffered sequence FlyingFox streams a body from
/// (chunked transfer encoding, one chunk per event).
struct ChunkSequence: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: [UInt8] = []

        mutating func next() async throws -> UInt8? {
            if pending.isEmpty { guard let chunk = await base.next() else { return nil }; pending = chunk }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if pending.isEmpty {
                guard let chunk = await base.next() else { return nil }
                pending = chunk
            }
            let taken = Array(pending.prefix(Swift.max(count, 1)))
            pending.removeFirst(taken.count)
            return taken
        }
    }
}

/// Watches the files a rebuild depends on: everything under `chapters/` and every input of the
/// chapters' runs (``RunFingerprint/watchedFolders(root:)``), by polling their sizes and
/// modification times every `interval` seconds (portable, and cheap for a few hundred files).
/// A change is reported once the files have been still for one more poll (an editor's save
/// can take several writes).
final class Watcher: @unchecked Sendable {
    let root: URL
    let interval: Double
    private var task: Task<Void, Never>?

    init(root: URL, interval: Double = 0.1) {
        self.root = root
        self.interval = interval
    }

    func snapshot() -> [String: String] {
        var state: [String: String] = [:]
        for folder in ["chapters"] + RunFingerprint.watchedPaths(root: root) {
            let base = root.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isDirectory) else { continue }
            let names = isDirectory.boolValue ? (FileManager.default.subpaths(atPath: base.path) ?? []) : [""]
            for name in names {
                let path = name.isEmpty ? base.path : base.appendingPathComponent(name).path
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                state[path] = "\(size) \(modified)"
            }
        }
        return state
    }

    func start(_ changed: @escaping @Sendable () -> Void) {
        let interval = self.interval
        task = Task.detached { [self] in
            var last = snapshot()
            var pending = false
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                let now = snapshot()
                if now != last {
                    last = now
                    pending = true
                } else if pending {
                    pending = false
                    // A rebuild waits for compilers and chapters: not on a cooperative thread,
                    // which the HTTP server's tasks need meanwhile.
                    _ = try? await onOwnThread { changed() }
                }
            }
        }
    }

    func stop() { task?.cancel() }
}
