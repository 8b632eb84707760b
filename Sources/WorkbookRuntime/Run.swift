#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Foundation
#if canImport(WorkbookProtocol)
import WorkbookProtocol
#endif
#if canImport(Figures)
import Figures
#endif

// The runtime side of the verifier's protocol (WorkbookProtocol/MarkerProtocol.swift). Without the
// verifier (a reader's `swift run`), every function here does nothing.

/// The handle a generated chapter program gets from ``_workbookStart()``. Not for chapter authors.
public final class _WorkbookRun: @unchecked Sendable {
    // Safety: `writer` is only used while `lock` is held.
    private let lock = NSLock()
    private var writer: MarkerWriter?
    private let figuresDirectory: URL?

    fileprivate init(writer: MarkerWriter?, figuresDirectory: URL?) {
        self.writer = writer
        self.figuresDirectory = figuresDirectory
    }

    /// Called by the generated program before snippet `index` (1-based).
    public func snippet(_ index: Int) { write(.snippet(index)) }

    /// Called by the generated program after its last snippet.
    public func end() { write(.end) }

    /// Called by the generated program before the first exercise solution.
    ///
    /// The verifier always runs the solutions. A reader's `swift run <chapter>` stops here, the
    /// chapter's regular snippets done, unless it was started with `--solutions` or with
    /// `WORKBOOK_SOLUTIONS=1` in the environment.
    public func solutions() {
        lock.lock()
        let verified = writer != nil
        lock.unlock()
        if verified { return }
        if CommandLine.arguments.dropFirst().contains("--solutions") { return }
        if let raw = getenv("WORKBOOK_SOLUTIONS"), String(cString: raw) == "1" { return }
        fflush(stdout)
        exit(0)
    }

    private func write(_ marker: Marker) {
        lock.lock()
        defer { lock.unlock() }
        guard writer != nil else { return }
        // What the snippet printed so far must come before the marker in the stream.
        fflush(stdout)
        let bytes = writer!.encode(marker)
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, stdout) }
        fflush(stdout)
    }

    #if canImport(Figures)
    /// Writes a figure's files into the run's figures folder and announces it.
    fileprivate func present(_ figure: any Figure, number: Int) {
        guard let figuresDirectory else { return }
        let name = "figure-\(number).svg"
        // A failed write still sends the marker: the verifier then reports the missing file at
        // the snippet that showed it, and the reason is on stderr.
        write(figure.svg(), to: figuresDirectory.appendingPathComponent(name))
        write(figure.dataTableHTML(), to: figuresDirectory.appendingPathComponent("figure-\(number).table.html"))
        write(.figure(name))
    }

    private func write(_ text: String, to url: URL) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            fputs("workbook: cannot write \(url.path): \(error.localizedDescription)\n", stderr)
        }
    }
    #endif
}

/// Called once, as the first statement of a generated chapter program, before the prelude and
/// any snippet. Not for chapter authors: a second call gets a handle that does nothing.
///
/// When the verifier runs the program, this takes the channel it passed (the key and the
/// figures folder), closes it and removes its variable from the environment.
public func _workbookStart() -> _WorkbookRun {
    guard let raw = getenv(MarkerProtocol.environmentVariable) else { return _WorkbookRun(writer: nil, figuresDirectory: nil) }
    let value = String(cString: raw)
    unsetenv(MarkerProtocol.environmentVariable)
    guard let descriptor = Int32(value), descriptor == MarkerProtocol.channelDescriptor else {
        fputs("workbook: \(MarkerProtocol.environmentVariable)=\(value) is not the verifier's channel; markers are off\n", stderr)
        return _WorkbookRun(writer: nil, figuresDirectory: nil)
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { break }
        bytes += buffer[..<count]
    }
    close(descriptor)
    guard let message = ChannelMessage(decoding: bytes) else {
        fputs("workbook: the verifier's channel held no valid message; markers are off\n", stderr)
        return _WorkbookRun(writer: nil, figuresDirectory: nil)
    }
    // Line-buffer stdout so that what a snippet printed before a trap is not lost in a buffer.
    setvbuf(stdout, nil, _IOLBF, 0)
    let run = _WorkbookRun(writer: MarkerWriter(key: message.key), figuresDirectory: URL(fileURLWithPath: message.figuresDirectory, isDirectory: true))
    #if canImport(Figures)
    FigureDisplay.setPresenter { figure, number in run.present(figure, number: number) }
    #endif
    return run
}
