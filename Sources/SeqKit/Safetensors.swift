// The safetensors format (Hugging Face), written and read without a dependency:
//
//   bytes 0..<8      N, the header's length, unsigned 64-bit little-endian
//   bytes 8..<8+N    a UTF-8 JSON object: { "__metadata__": {string: string}, optional,
//                    "<name>": {"dtype": "F32", "shape": [d0, d1, …], "data_offsets": [begin, end]}, … }
//   bytes 8+N…       the tensors' raw little-endian bytes; offsets are relative to this point,
//                    and the tensors cover it exactly, without holes or overlaps
//
// SeqKit writes the header compactly (no spaces), the metadata first with sorted keys, then the
// tensors in the model's order, packed one after another; it pads the header with spaces so the
// data starts at a multiple of 8 bytes, as the reference implementation does. So a model's file
// is a pure function of its weights: the same weights give the same bytes.
//
// Only F32 tensors are read and written (every SeqKit tensor is Float).

/// A problem with a weights file, with the file's path: what `saveWeights` and `loadWeights`
/// throw.
///
/// `description` is "path: error: message", the compiler's format, so editors can jump to it.
/// Code branches on `kind`, never on the message.
public struct WeightsFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or read (missing, no permission, a folder, …).
        case unreadable
        /// The file could not be written or renamed into place.
        case unwritable
        /// The bytes are not a well-formed safetensors file.
        case corrupt
        /// A tensor has a dtype other than F32.
        case unsupportedDType
        /// A tensor the model needs is not in the file.
        case missingTensor
        /// The file has a tensor the model does not.
        case unexpectedTensor
        /// A tensor's shape in the file differs from the model's.
        case shapeMismatch
    }

    /// What went wrong.
    public let kind: Kind
    /// The file concerned.
    public let path: String
    /// The explanation, without the path.
    public let message: String

    /// A problem of `kind` with the file at `path`.
    public init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// "path: error: message".
    public var description: String { "\(path): error: \(message)" }
}

/// One tensor as stored in a safetensors file.
struct StoredTensor {
    let name: String
    let shape: [Int]
    let scalars: [Float]
}

enum Safetensors {
    /// The file's bytes for `tensors` (in this order) and `metadata`.
    static func encode(_ tensors: [StoredTensor], metadata: [String: String]) -> [UInt8] {
        var header = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            fields.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for t in tensors {
            let end = offset + 4 * t.scalars.count
            let shape = t.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonString(t.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += fields.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }   // data aligned to 8 bytes

        var out: [UInt8] = []
        out.reserveCapacity(8 + headerBytes.count + offset)
        var n = UInt64(headerBytes.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
        out += headerBytes
        for t in tensors {
            for v in t.scalars {
                var bits = v.bitPattern
                for _ in 0..<4 { out.append(UInt8(bits & 0xff)); bits >>= 8 }
            }
        }
        return out
    }

    /// The tensors (in the file's data order) and metadata of a file's bytes, every rule of the
    /// format checked.
    static func decode(_ bytes: [UInt8], path: String) throws -> (tensors: [StoredTensor], metadata: [String: String]) {
        func corrupt(_ message: String) -> WeightsFileError { WeightsFileError(.corrupt, path: path, message) }
        guard bytes.count >= 8 else {
            throw corrupt("not a safetensors file: it is \(bytes.count) bytes long, shorter than the 8-byte header length")
        }
        var n: UInt64 = 0
        for i in (0..<8).reversed() { n = n << 8 | UInt64(bytes[i]) }
        guard n <= UInt64(bytes.count - 8) else {
            throw corrupt("not a safetensors file: the header length field says \(n) bytes, but only \(bytes.count - 8) bytes follow it")
        }
        let headerEnd = 8 + Int(n)
        guard n >= 2, bytes[8] == UInt8(ascii: "{") else {
            throw corrupt("not a safetensors file: the header does not start with '{'")
        }
        var parser = JSONParser(bytes: bytes[8..<headerEnd])
        let root: JSONValue
        do { root = try parser.parseDocument() } catch let e as JSONParser.Failure {
            throw corrupt("corrupt safetensors header: \(e.message) at byte \(e.offset) of the header")
        }
        guard case .object(let entries) = root else { throw corrupt("corrupt safetensors header: not a JSON object") }

        let dataCount = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var found: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in entries {
            if name == "__metadata__" {
                guard case .object(let pairs) = value else { throw corrupt("\"__metadata__\" must be an object of strings") }
                for (k, v) in pairs {
                    guard case .string(let s) = v else { throw corrupt("\"__metadata__\" value of \(jsonString(k)) is not a string") }
                    metadata[k] = s
                }
                continue
            }
            let what = "tensor \(jsonString(name))"
            guard case .object(let fields) = value else { throw corrupt("\(what): expected an object with dtype, shape and data_offsets") }
            func field(_ key: String) throws -> JSONValue {
                guard let v = fields.first(where: { $0.0 == key })?.1 else { throw corrupt("\(what): no \"\(key)\"") }
                return v
            }
            guard case .string(let dtype) = try field("dtype") else { throw corrupt("\(what): \"dtype\" is not a string") }
            guard let shape = try field("shape").integers, shape.allSatisfy({ $0 >= 0 }) else {
                throw corrupt("\(what): \"shape\" is not a list of non-negative integers")
            }
            guard let offsets = try field("data_offsets").integers, offsets.count == 2 else {
                throw corrupt("\(what): \"data_offsets\" is not a list of two integers")
            }
            guard dtype == "F32" else {
                throw WeightsFileError(.unsupportedDType, path: path, "\(what) has dtype \(dtype); SeqKit reads F32 only (save as torch.float32)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            let (count, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            guard begin >= 0, begin <= end, end <= dataCount else {
                throw corrupt("\(what): data_offsets [\(begin), \(end)] lie outside the \(dataCount) data bytes")
            }
            let bytesNeeded = count.multipliedReportingOverflow(by: 4)
            guard !overflow, !bytesNeeded.overflow, bytesNeeded.partialValue == end - begin else {
                throw corrupt("\(what): data_offsets [\(begin), \(end)] hold \(end - begin) bytes, but F32 shape \(shape) needs \(overflow || bytesNeeded.overflow ? "more than fit in memory" : String(bytesNeeded.partialValue))")
            }
            found.append((name, shape, begin, end))
        }
        // The tensors must tile the data exactly: no holes, no overlaps.
        found.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var cursor = 0
        for t in found {
            guard t.begin == cursor else {
                throw corrupt("tensor \(jsonString(t.name)) starts at data byte \(t.begin), but the previous tensor ends at \(cursor) (holes and overlaps are not allowed)")
            }
            cursor = t.end
        }
        guard cursor == dataCount else {
            throw corrupt("the tensors cover \(cursor) data bytes, but the file has \(dataCount) after the header")
        }
        let tensors = found.map { t -> StoredTensor in
            var scalars = [Float](repeating: 0, count: (t.end - t.begin) / 4)
            var p = headerEnd + t.begin
            for i in 0..<scalars.count {
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                scalars[i] = Float(bitPattern: bits)
                p += 4
            }
            return StoredTensor(name: t.name, shape: t.shape, scalars: scalars)
        }
        return (tensors, metadata)
    }
}

/// `s` as a JSON string literal: quotes, backslashes and control characters escaped.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where u.value < 0x20:
            let hex = String(u.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

// MARK: A small JSON reader (what a safetensors header needs)

/// A parsed JSON value; objects keep their keys in file order. Numbers keep their text.
indirect enum JSONValue: Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.array(x), .array(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    /// The elements of an array of integers (no fraction, no exponent), else nil.
    var integers: [Int]? {
        guard case .array(let items) = self else { return nil }
        var out: [Int] = []
        for item in items {
            guard case .number(let text) = item, let v = Int(text) else { return nil }
            out.append(v)
        }
        return out
    }
}

/// A recursive-descent reader of RFC 8259 JSON over UTF-8 bytes.
struct JSONParser {
    /// A syntax error: what was expected and where (byte offset from the start of the input).
    struct Failure: Error {
        let message: String
        let offset: Int
    }

    let bytes: ArraySlice<UInt8>
    private var i: Int
    private var depth = 0

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.i = bytes.startIndex
    }

    private func fail(_ message: String) -> Failure { Failure(message: message, offset: i - bytes.startIndex) }

    /// One value, then only whitespace to the end.
    mutating func parseDocument() throws -> JSONValue {
        let v = try parseValue()
        skipSpace()
        guard i == bytes.endIndex else { throw fail("unexpected text after the JSON value") }
        return v
    }

    private mutating func skipSpace() {
        while i < bytes.endIndex, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 }
    }

    private mutating func parseValue() throws -> JSONValue {
        skipSpace()
        guard i < bytes.endIndex else { throw fail("unexpected end of the header") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[i])))'")
        }
    }

    private mutating func literal(_ word: String) throws {
        for b in word.utf8 {
            guard i < bytes.endIndex, bytes[i] == b else { throw fail("invalid literal, expected \(word)") }
            i += 1
        }
    }

    private mutating func nest() throws {
        depth += 1
        guard depth <= 64 else { throw fail("nesting deeper than 64 levels") }
    }

    private mutating func parseObject() throws -> JSONValue {
        try nest(); defer { depth -= 1 }
        i += 1
        var entries: [(String, JSONValue)] = []
        skipSpace()
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(entries) }
        while true {
            skipSpace()
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyStart = i
            let key = try parseString()
            if entries.contains(where: { $0.0 == key }) {
                i = keyStart
                throw fail("duplicate key \(jsonString(key))")
            }
            skipSpace()
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            entries.append((key, try parseValue()))
            skipSpace()
            guard i < bytes.endIndex else { throw fail("unexpected end of the header") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(entries) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try nest(); defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            items.append(try parseValue())
            skipSpace()
            guard i < bytes.endIndex else { throw fail("unexpected end of the header") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = i
        func digits() -> Int {
            let s = i
            while i < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            return i - s
        }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        guard digits() > 0 else { throw fail("invalid number") }
        if bytes[intStart] == UInt8(ascii: "0"), i - intStart > 1 { i = start; throw fail("invalid number (leading zero)") }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("invalid number") }
        }
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.endIndex else { throw fail("incomplete \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    /// A string starting at the opening quote; the text must be valid UTF-8.
    private mutating func parseString() throws -> String {
        i += 1
        var out = String.UnicodeScalarView()
        var runStart = i
        func flushRun(_ end: Int) throws {
            guard let s = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                i = runStart
                throw fail("invalid UTF-8 in a string")
            }
            out.append(contentsOf: s.unicodeScalars)
        }
        while true {
            guard i < bytes.endIndex else { throw fail("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                try flushRun(i)
                i += 1
                return String(out)
            }
            if b < 0x20 { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") { i += 1; continue }
            try flushRun(i)
            i += 1
            guard i < bytes.endIndex else { throw fail("unterminated string") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append("\"")
            case UInt8(ascii: "\\"): out.append("\\")
            case UInt8(ascii: "/"): out.append("/")
            case UInt8(ascii: "b"): out.append("\u{08}")
            case UInt8(ascii: "f"): out.append("\u{0C}")
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard i + 2 <= bytes.endIndex, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate in a \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("unpaired surrogate in a \\u escape") }
                out.append(scalar)
            default:
                i -= 1
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
            runStart = i
        }
    }
}
