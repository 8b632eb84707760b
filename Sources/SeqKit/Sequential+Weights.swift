// Saving and loading a model's weights as a safetensors file (Safetensors.swift), and the
// weights as plain values (what EarlyStopping keeps).
//
// Tensor names are "<layer index>.<layer type in snake case>.<weight>", e.g. "0.lstm.kernel",
// "1.dense.bias", "2.self_attention.query.kernel": stable for a given stack of layers, and
// readable in PyTorch. Layouts are SeqKit's (Keras') own; how each maps to PyTorch's modules is
// in Sources/SeqKit/README.md ("Saving and loading weights").
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Sequential {
    /// The name of each trainable tensor, in `parameters` order: "0.lstm.kernel", ….
    public var weightNames: [String] {
        layers.enumerated().flatMap { i, layer in
            layer.parameterNames.map { "\(i).\(snakeCase(layer.typeName)).\($0)" }
        }
    }

    /// The values of every trainable tensor, in `parameters` order (Keras' `get_weights`).
    ///
    /// Setting them (Keras' `set_weights`) replaces every value; the count and each shape must
    /// match. The optimizer's state (e.g. Adam's moments) is left as it is.
    public var weights: [Tensor] {
        get { parameters.map(\.value) }
        set {
            let params = parameters
            check(newValue.count == params.count,
                  "Sequential.weights: the model has \(params.count) weight tensors, \(newValue.count) were given")
            for (i, (p, v)) in zip(params, newValue).enumerated() {
                check(p.value.shape == v.shape,
                      "Sequential.weights: tensor \(i) (\(weightNames[i])) has shape \(p.value.shape), the value given \(v.shape)")
                p.value = v
            }
        }
    }

    /// Writes every weight to a safetensors file at `path`, atomically.
    ///
    /// The bytes go to a temporary file in the same folder, which is then renamed over `path`, so
    /// readers see the old file or the new one, never half of one. The same weights and metadata
    /// always give the same bytes. Metadata values are strings (the format's rule); SeqKit adds
    /// "format": "seqkit" (overridable).
    /// - Throws: `WeightsFileError` of kind `.unwritable`.
    public func saveWeights(to path: String, metadata: [String: String] = [:]) throws {
        let names = weightNames
        check(Set(names).count == names.count, "saveWeights: weight names are not unique: \(names)")
        let tensors = zip(names, parameters).map { StoredTensor(name: $0, shape: $1.value.shape, scalars: $1.value.scalars) }
        var meta = ["format": "seqkit"]
        for (k, v) in metadata { meta[k] = v }
        try writeFileAtomically(Safetensors.encode(tensors, metadata: meta), to: path)
    }

    /// Reads every weight from a safetensors file written by `saveWeights` (or by any tool using
    /// the same names, e.g. PyTorch's `safetensors.torch.save_file`), and returns its metadata.
    ///
    /// All or nothing: the file must hold exactly the model's tensors (`weightNames`), each F32
    /// with the model's shape; every tensor is checked before any weight changes.
    /// - Throws: `WeightsFileError`: `.unreadable`, `.corrupt`, `.unsupportedDType`,
    ///   `.missingTensor`, `.unexpectedTensor` or `.shapeMismatch`, naming the tensor and both shapes.
    @discardableResult
    public func loadWeights(from path: String) throws -> [String: String] {
        let (stored, metadata) = try Safetensors.decode(try readFile(path), path: path)
        let names = weightNames, params = parameters
        var byName: [String: StoredTensor] = [:]
        for t in stored { byName[t.name] = t }
        let known = Set(names)
        if let extra = stored.map(\.name).filter({ !known.contains($0) }).sorted().first {
            throw WeightsFileError(.unexpectedTensor, path: path,
                                   "tensor \(jsonString(extra)) is not in the model, whose tensors are \(names.joined(separator: ", "))")
        }
        var values: [Tensor] = []
        for (name, p) in zip(names, params) {
            guard let t = byName[name] else {
                throw WeightsFileError(.missingTensor, path: path, "the model's tensor \(jsonString(name)) is not in the file")
            }
            guard t.shape == p.value.shape else {
                throw WeightsFileError(.shapeMismatch, path: path,
                                       "tensor \(jsonString(name)) has shape \(t.shape) in the file, but \(p.value.shape) in the model")
            }
            values.append(Tensor(shape: t.shape, scalars: t.scalars))
        }
        weights = values
        return metadata
    }
}

extension SelfAttention {
    /// Names as Keras' `MultiHeadAttention` calls its four projections.
    public var parameterNames: [String] {
        parameters.isEmpty ? [] : ["query", "key", "value", "attention_output"].flatMap { ["\($0).kernel", "\($0).bias"] }
    }
}

// MARK: Files, without Foundation

/// The text of the C library's message for errno `code`.
private func systemMessage(_ code: Int32) -> String { String(cString: strerror(code)) }

/// Every byte of the file at `path`.
func readFile(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else {
        throw WeightsFileError(.unreadable, path: path, "cannot open the file: \(systemMessage(errno))")
    }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        out += chunk[0..<n]
        if n < chunk.count {
            if ferror(f) != 0 { throw WeightsFileError(.unreadable, path: path, "cannot read the file: \(systemMessage(errno))") }
            return out
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk, then renames it to
/// `path` (rename is atomic within a folder).
func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
    check(!base.isEmpty, "saveWeights: the path \"\(path)\" names a folder, not a file")
    let temporary = "\(folder).\(base).tmp-\(getpid())"
    func failure(_ what: String) -> WeightsFileError {
        WeightsFileError(.unwritable, path: path, "\(what): \(systemMessage(errno))")
    }
    guard let f = fopen(temporary, "wb") else { throw failure("cannot create the temporary file \(temporary)") }
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    let flushed = fflush(f) == 0 && fsync(fileno(f)) == 0
    let closed = fclose(f) == 0
    guard written == bytes.count, flushed, closed else {
        let e = failure("cannot write the temporary file \(temporary)")
        unlink(temporary)
        throw e
    }
    guard rename(temporary, path) == 0 else {
        let e = failure("cannot rename the temporary file \(temporary) to it")
        unlink(temporary)
        throw e
    }
}
