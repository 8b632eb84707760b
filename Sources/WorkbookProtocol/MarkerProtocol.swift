/// The one definition of how a chapter program, run by the verifier, tells it which snippet
/// printed what and which figures it showed. WorkbookRuntime writes it; WorkbookCore reads it.
///
/// 1. **Setup, over a private channel.** The verifier creates a pipe, writes a
///    ``ChannelMessage`` (a fresh random 16-byte key and the figures folder) into it, closes its
///    end, and starts the chapter with the read end as file descriptor ``channelDescriptor``
///    and `WORKBOOK_CHANNEL=3` in the environment.
/// 2. **Taken before any snippet runs.** The first statement of the generated program reads the
///    message to its end, closes the descriptor and removes the variable from the environment,
///    so neither a snippet nor a child process it starts can learn the key.
/// 3. **Markers in stdout, authenticated.** Before snippet n the runtime writes
///    `RS "wb:" seq ":snippet:" n ":" mac RS` (RS is U+001E), for a figure
///    `…":figure:" name ":" mac…`, after the last snippet `…":end::" mac…`. `seq` counts the
///    markers of the run from 1, and `mac` is SipHash-2-4 of everything between `RS` and the
///    last `:`, under the run's key (16 hex digits). A marker is in the same stream as the
///    snippets' own output, so the order of text and markers is the order they were written.
/// 4. **The verifier trusts only markers with a valid MAC**, and only in sequence: seq 1, 2, 3…
///    with no gap, snippets starting 1, 2, 3…, the end after the last snippet. Anything else that
///    looks like a marker is the snippet's output (and its RS bytes are reported as control
///    characters). So printing a marker — forged, copied from a log or written by a child
///    chapter program — cannot move output to another snippet or end the chapter early.
///
/// What this cannot stop: code that reads the key out of the process's own memory. The
/// runtime's handle is a global whose name is derived from the chapter's code (see
/// `Chapter.program`), so a snippet cannot name it without containing its own hash.
public enum MarkerProtocol {
    /// The environment variable that names the channel's file descriptor.
    public static let environmentVariable = "WORKBOOK_CHANNEL"
    /// The file descriptor the channel is passed on.
    public static let channelDescriptor: Int32 = 3
    /// The byte that opens and closes a marker (ASCII record separator).
    public static let separator: UInt8 = 0x1E
    public static let keyLength = 16
    /// No real marker is longer; a scan for a closing separator stops here.
    static let maximumMarkerLength = 160
    static let prefix = Array("wb:".utf8)
}

/// What the verifier sends the runtime at the start of a run.
public struct ChannelMessage: Equatable, Sendable {
    public var key: [UInt8]
    /// Where the runtime writes the figures' SVG and table files.
    public var figuresDirectory: String

    public init(key: [UInt8], figuresDirectory: String) {
        self.key = key
        self.figuresDirectory = figuresDirectory
    }

    /// `key=<32 hex digits>\nfigures=<path>\n`.
    public func encoded() -> [UInt8] {
        Array("key=".utf8) + hex(key) + [0x0A] + Array("figures=".utf8) + Array(figuresDirectory.utf8) + [0x0A]
    }

    public init?(decoding bytes: [UInt8]) {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count == 3, lines[2].isEmpty,
              lines[0].starts(with: Array("key=".utf8)), lines[1].starts(with: Array("figures=".utf8)),
              let key = unhex(Array(lines[0].dropFirst(4))), key.count == MarkerProtocol.keyLength
        else { return nil }
        self.key = key
        figuresDirectory = String(decoding: lines[1].dropFirst(8), as: UTF8.self)
    }
}

/// What a marker says.
public enum Marker: Equatable, Sendable {
    /// Snippet n (1-based) starts.
    case snippet(Int)
    /// The running snippet showed a figure, written as this file in the figures folder.
    case figure(String)
    /// The program ran past its last snippet.
    case end

    var kindAndPayload: [UInt8] {
        switch self {
        case .snippet(let index): return Array("snippet:\(index)".utf8)
        case .figure(let name): return Array("figure:\(name)".utf8)
        case .end: return Array("end:".utf8)
        }
    }

    init?(kind: ArraySlice<UInt8>, payload: ArraySlice<UInt8>) {
        switch String(decoding: kind, as: UTF8.self) {
        case "snippet":
            guard !payload.isEmpty, payload.count <= 9, payload.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let index = Int(String(decoding: payload, as: UTF8.self)), index >= 1 else { return nil }
            self = .snippet(index)
        case "figure":
            guard Marker.isFigureName(payload) else { return nil }
            self = .figure(String(decoding: payload, as: UTF8.self))
        case "end":
            guard payload.isEmpty else { return nil }
            self = .end
        default:
            return nil
        }
    }

    /// A plain file name: ASCII letters, digits, `.`, `-`, `_`, not starting with a dot.
    static func isFigureName(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, first != UInt8(ascii: "."), bytes.count <= 64 else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}

/// Writes the markers of one run (the runtime's side).
public struct MarkerWriter: Sendable {
    private let mac: SipHash24
    /// The sequence number of the last marker written.
    public private(set) var sequence = 0

    public init(key: [UInt8]) { mac = SipHash24(key: key) }

    /// The bytes of the next marker.
    public mutating func encode(_ marker: Marker) -> [UInt8] {
        sequence += 1
        let body = MarkerProtocol.prefix + Array(String(sequence).utf8) + [UInt8(ascii: ":")] + marker.kindAndPayload
        return [MarkerProtocol.separator] + body + [UInt8(ascii: ":")] + hex(mac.hash(body)) + [MarkerProtocol.separator]
    }
}

/// Splits a run's stdout into text and authenticated markers (the verifier's side).
public enum MarkerScanner {
    public enum Piece: Equatable, Sendable {
        case text([UInt8])
        case marker(sequence: Int, Marker)
    }

    /// Every separator byte that does not open a marker with a valid MAC stays in the text.
    public static func scan(_ bytes: [UInt8], key: [UInt8]) -> [Piece] {
        let mac = SipHash24(key: key)
        var pieces: [Piece] = []
        var textStart = 0
        var i = 0
        while i < bytes.count {
            guard bytes[i] == MarkerProtocol.separator,
                  let (length, sequence, marker) = marker(in: bytes, at: i, mac: mac) else {
                i += 1
                continue
            }
            if textStart < i { pieces.append(.text(Array(bytes[textStart..<i]))) }
            pieces.append(.marker(sequence: sequence, marker))
            i += length
            textStart = i
        }
        if textStart < bytes.count { pieces.append(.text(Array(bytes[textStart...]))) }
        return pieces
    }

    /// The marker opening at `start`: its length in bytes, sequence number and content.
    static func marker(in bytes: [UInt8], at start: Int, mac: SipHash24) -> (Int, Int, Marker)? {
        let limit = min(bytes.count, start + MarkerProtocol.maximumMarkerLength)
        var close = start + 1
        while close < limit, bytes[close] != MarkerProtocol.separator { close += 1 }
        guard close < limit else { return nil }
        let inside = bytes[(start + 1)..<close]
        guard inside.starts(with: MarkerProtocol.prefix), let lastColon = inside.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        let body = Array(inside[..<lastColon])
        guard let tag = unhex(Array(inside[(lastColon + 1)...])), tag.count == 8 else { return nil }
        var claimed: UInt64 = 0
        for byte in tag { claimed = claimed << 8 | UInt64(byte) }
        guard claimed == mac.hash(body) else { return nil }
        // body: "wb:" seq ":" kind ":" payload
        let fields = body.dropFirst(MarkerProtocol.prefix.count).split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let sequence = Int(String(decoding: fields[0], as: UTF8.self)), sequence >= 1,
              let marker = Marker(kind: fields[1], payload: fields[2]) else { return nil }
        return (close - start + 1, sequence, marker)
    }
}

/// Lowercase hex digits of the bytes.
func hex(_ bytes: [UInt8]) -> [UInt8] {
    let digits = Array("0123456789abcdef".utf8)
    var result: [UInt8] = []
    for byte in bytes { result.append(digits[Int(byte >> 4)]); result.append(digits[Int(byte & 15)]) }
    return result
}

/// A 64-bit value as 16 hex digits, most significant first.
func hex(_ value: UInt64) -> [UInt8] {
    hex((0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) })
}

/// The bytes written as lowercase hex digits, or nil.
func unhex(_ digits: [UInt8]) -> [UInt8]? {
    guard digits.count % 2 == 0 else { return nil }
    func value(_ d: UInt8) -> UInt8? {
        switch d {
        case 0x30...0x39: return d - 0x30
        case 0x61...0x66: return d - 0x61 + 10
        default: return nil
        }
    }
    var result: [UInt8] = []
    var i = 0
    while i < digits.count {
        guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
        result.append(high << 4 | low)
        i += 2
    }
    return result
}

/// Hex digits as text, for names derived from a hash.
public func hexString(_ value: UInt64) -> String { String(decoding: hex(value), as: UTF8.self) }
