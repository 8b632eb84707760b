import Foundation

/// Writes files so that a reader (or a crash) sees either the old content or the new one,
/// never a half-written file: write a temporary file in the same folder, flush it to disk,
/// keep the original's permissions, then rename it over the original.
public enum AtomicFile {
    /// `temporaryDirectory` is where the temporary file is written (it must be on the same file
    /// system, for the rename); by default the file's own folder.
    public static func write(_ data: Data, to url: URL, temporaryDirectory: URL? = nil) throws {
        let directory = temporaryDirectory ?? url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let mode = (try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o644
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode))
        guard descriptor >= 0 else { throw AtomicFileError(path: url.path, reason: String(cString: strerror(errno))) }
        var succeeded = false
        defer { if !succeeded { unlink(temporary.path) } }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    close(descriptor)
                    throw AtomicFileError(path: url.path, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        fchmod(descriptor, mode_t(mode))
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw AtomicFileError(path: url.path, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw AtomicFileError(path: url.path, reason: String(cString: strerror(errno)))
        }
        succeeded = true
    }

    /// Writes `text` as UTF-8 unless the file already holds exactly those bytes (so that an
    /// unchanged output does not look new to the build system).
    @discardableResult
    public static func writeIfChanged(_ text: String, to url: URL) throws -> Bool {
        let data = Data(text.utf8)
        if let existing = try? Data(contentsOf: url), existing == data { return false }
        try write(data, to: url)
        return true
    }
}

public struct AtomicFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): error: cannot write file: \(reason)" }
}
