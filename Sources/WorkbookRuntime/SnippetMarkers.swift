#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

// The verifier runs a chapter as one process and must know which snippet printed what.
// It sets WORKBOOK_MARKER to a random token; the generated program then writes
// "\u{1E}<token>:snippet:<n>\u{1E}" before snippet n and "\u{1E}<token>:end\u{1E}" after the
// last one. Without the variable (a reader's `swift run`), these functions print nothing.
// The Figures module writes "\u{1E}<token>:figure:<file>\u{1E}" in the same stream.

private let markerToken: String? = {
    guard let raw = getenv("WORKBOOK_MARKER") else { return nil }
    let token = String(cString: raw)
    return token.isEmpty ? nil : token
}()

private func writeMarker(_ body: String) {
    guard let markerToken else { return }
    fputs("\u{1E}\(markerToken):\(body)\u{1E}", stdout)
    fflush(stdout)
}

/// Called by the generated program before snippet `index` (1-based). Not for chapter authors.
public func _workbookSnippet(_ index: Int) {
    if index == 1, markerToken != nil {
        // Line-buffer stdout so that what a snippet printed before a trap is not lost in a buffer.
        setvbuf(stdout, nil, _IOLBF, 0)
    }
    writeMarker("snippet:\(index)")
}

/// Called by the generated program after its last snippet. Not for chapter authors.
public func _workbookEnd() {
    writeMarker("end")
    fflush(stdout)
}

/// Called by the generated program before the first exercise solution. Not for chapter authors.
///
/// The verifier always runs the solutions. A reader's `swift run <chapter>` stops here, the
/// chapter's regular snippets done, unless it was started with `--solutions` or with
/// `WORKBOOK_SOLUTIONS=1` in the environment.
public func _workbookSolutions() {
    if markerToken != nil { return }
    if CommandLine.arguments.dropFirst().contains("--solutions") { return }
    if let raw = getenv("WORKBOOK_SOLUTIONS"), String(cString: raw) == "1" { return }
    fflush(stdout)
    exit(0)
}
