import ArgumentParser
import Foundation
import WorkbookCore
import WorkbookServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the book on localhost: re-verified and reloaded as you edit.",
        discussion: """
            Serves the book at http://127.0.0.1:PORT/ and watches chapters/ and the libraries' sources. \
            After a save only what changed runs again (a prose edit only re-renders); open pages reload \
            by themselves, and a chapter with problems shows them, with Markdown lines and diffs, at the \
            top of its page. The pages are the bytes `workbook build` writes, plus the reload script.
            """
    )

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8000

    @Flag(help: "Open the book in the browser.")
    var open = false

    @Option(help: "Seconds a chapter may run before it is stopped.")
    var timeout: Double = 300

    func validate() throws {
        try validateTimeout(timeout)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535; got \(port)") }
    }

    func run() async throws {
        let workbook = try Workbook.find()
        let preview = Preview(workbook: workbook, engine: engine(for: workbook, timeout: timeout, rerun: false), log: { report($0) })
        let server = try PreviewServer(preview: preview, port: UInt16(port))
        try await server.start()
        let url = "http://127.0.0.1:\(await server.port() ?? port)/"
        print("serving the book at \(url) (Ctrl-C stops)")
        if open { openInBrowser(url) }
        while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
    }

    func openInBrowser(_ url: String) {
        #if os(macOS)
        let opener = "open"
        #else
        let opener = "xdg-open"
        #endif
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [opener, url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            report("could not start \(opener) (\(error)); open \(url) yourself")
        }
    }
}
