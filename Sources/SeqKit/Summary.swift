// `summary()`: the layer table Keras prints, with the same parameter counts.
//
// Counts (Keras 3 source, and checked by Tests/SeqKitTests/References/keras_summary.py):
//   Dense(u) on d inputs:        d·u + u
//   SimpleRNN(u) on f features:  f·u + u·u + u
//   LSTM(u) on f features:       4·(f·u + u·u + u)      — LSTM(64) on 1 feature: 16,896
//   GRU(u) on f features:        3·(f·u + u·u + 2u)     — Keras' reset_after=True: two biases
//   Embedding(v, d):             v·d
//   SelfAttention(keyDim k) on d: 3·(d·k + k) + k·d + d  (MultiHeadAttention, one head)

extension Sequential {
    /// The table of layers, output shapes and parameter counts that Keras 3's `model.summary()`
    /// prints, character for character.
    ///
    /// One row per layer: its Keras-style name (`lstm`, `dense`, `dense_1`, …) and type, the
    /// output shape with `None` for the batch axis, and ``Layer/parameterCount``. Then the
    /// totals, with bytes at 4 per `Float` parameter (1 KB = 1024 B, two decimals). Counts:
    /// Dense(u) on d inputs d·u + u; SimpleRNN(u) on f features f·u + u·u + u; LSTM(u)
    /// 4·(f·u + u·u + u); GRU(u) 3·(f·u + u·u + 2u); Embedding(v, d) v·d. Deterministic text:
    /// safe to print in a verified chapter.
    public func summary() -> String {
        var counters: [String: Int] = [:]
        var rows: [(String, String, String)] = []
        for (layer, shape) in zip(layers, outputShapes) {
            let base = snakeCase(layer.typeName)
            let k = counters[base, default: 0]
            counters[base] = k + 1
            let layerName = k == 0 ? base : "\(base)_\(k)"
            let shapeText = "(None, " + shape.map(String.init).joined(separator: ", ") + ")"
            rows.append(("\(layerName) (\(layer.typeName))", shapeText, grouped(layer.parameterCount)))
        }
        let w0 = max(33, rows.map { $0.0.count + 2 }.max() ?? 0)
        let w1 = max(24, rows.map { $0.1.count + 2 }.max() ?? 0)
        let w2 = 15
        func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count - 1))
            return right ? fill + s + " " : " " + s + fill
        }
        func line(_ l: String, _ m: String, _ r: String, _ h: String) -> String {
            l + String(repeating: h, count: w0) + m + String(repeating: h, count: w1) + m + String(repeating: h, count: w2) + r
        }
        var out = ["Model: \"\(name)\""]
        out.append(line("┏", "┳", "┓", "━"))
        out.append("┃" + pad("Layer (type)", w0) + "┃" + pad("Output Shape", w1) + "┃" + pad("Param #", w2, right: true) + "┃")
        out.append(line("┡", "╇", "┩", "━"))
        for (i, r) in rows.enumerated() {
            out.append("│" + pad(r.0, w0) + "│" + pad(r.1, w1) + "│" + pad(r.2, w2, right: true) + "│")
            if i < rows.count - 1 { out.append(line("├", "┼", "┤", "─")) }
        }
        out.append(line("└", "┴", "┘", "─"))
        let total = layers.reduce(0) { $0 + $1.parameterCount }
        out.append(" Total params: \(grouped(total)) (\(byteSize(total * 4)))")
        out.append(" Trainable params: \(grouped(total)) (\(byteSize(total * 4)))")
        out.append(" Non-trainable params: 0 (0.00 B)")
        return out.joined(separator: "\n")
    }

    /// The total number of trainable scalars: Σ over ``layers`` of ``Layer/parameterCount``
    /// ("Total params" in ``summary()``).
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
}

/// "SimpleRNN" → "simple_rnn", "LSTM" → "lstm", as Keras names layers.
func snakeCase(_ s: String) -> String {
    var out = ""
    let chars = Array(s)
    for (i, ch) in chars.enumerated() {
        if ch.isUppercase && i > 0 {
            let prevLower = chars[i - 1].isLowercase
            let nextLower = i + 1 < chars.count && chars[i + 1].isLowercase
            if prevLower || (nextLower && chars[i - 1].isUppercase) { out += "_" }
        }
        out += ch.lowercased()
    }
    return out
}

/// 16896 → "16,896".
func grouped(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, ch) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return out
}

/// Bytes in Keras' style: "66.25 KB" (1 KB = 1024 B), two decimals.
func byteSize(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB"]
    var v = Double(bytes), u = 0
    while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
    let cents = Int((v * 100).rounded())
    let c = cents % 100
    return "\(cents / 100).\(c < 10 ? "0" : "")\(c) \(units[u])"
}
