/// A dense, row-major array of `Float` with a shape.
///
/// The last axis is contiguous: for shape `(d₀, d₁, …, dₙ₋₁)` element `(i₀, i₁, …, iₙ₋₁)` lives at
/// `scalars[((i₀·d₁ + i₁)·d₂ + …)·dₙ₋₁ + iₙ₋₁]`; so element `(i, j)` of a `(rows, columns)`
/// matrix is `scalars[i * columns + j]`, and a `(batch, time, features)` sequence batch stores
/// each sample's time steps one after another. Storage is a Swift `Array`, so a `Tensor` is a
/// value with copy-on-write semantics.
///
/// SeqKit puts the batch axis first everywhere: a layer takes `(batch, features)` or
/// `(batch, time, features)`.
///
/// `Tensor` is deliberately not `Equatable`: floats are compared with an explicit tolerance,
/// never by `==` hidden inside a conformance. Every shape rule is checked and stops the program
/// with the rule and the shapes involved.
public struct Tensor: Sendable, CustomStringConvertible {
    /// The extent of each axis, outermost first; `[]` is a scalar (one element).
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count` equals the product of ``shape``.
    ///
    /// Settable, for writing elements in place (`x.scalars[i] = v`). Keep the count: assigning
    /// an array of another length is not checked here (hot loops write through this property)
    /// and leaves a tensor whose shape lies. Use ``reshaped(_:)`` for another shape, or
    /// ``init(shape:scalars:)`` for new contents, which checks.
    public var scalars: [Float]

    /// A tensor with the given shape and elements (row-major).
    ///
    /// - Parameters:
    ///   - shape: the extent of each axis; every extent must be ≥ 0.
    ///   - scalars: exactly `shape.reduce(1, *)` elements, last axis contiguous.
    public init(shape: [Int], scalars: [Float]) {
        check(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        let count = shape.reduce(1, *)
        check(count == scalars.count,
                      "Tensor: shape \(shape) holds \(count) elements, but \(scalars.count) were given")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape whose elements are all `0`.
    public init(zeros shape: [Int]) {
        self.init(repeating: 0, shape: shape)
    }

    /// A tensor of the given shape whose elements all equal `value`.
    public init(repeating value: Float, shape: [Int]) {
        check(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A `(rows.count, columns)` matrix from its rows; every row must have the same length.
    ///
    /// `Tensor([[1, 2, 3], [4, 5, 6]])` has shape `[2, 3]`. An empty array gives shape `[0, 0]`.
    public init(_ rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() {
            check(row.count == columns,
                          "Tensor: row \(i) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A vector: shape `[vector.count]`.
    public init(_ vector: [Float]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    /// The number of elements: the product of ``shape`` (1 for a scalar, `[]`).
    public var count: Int { scalars.count }
    /// The number of axes: `shape.count` (2 for a matrix, 3 for a sequence batch).
    public var rank: Int { shape.count }

    /// The extent of the first axis (the batch axis); 1 for a scalar.
    public var rows: Int { shape.first ?? 1 }
    /// Elements per row: the product of all axes after the first (1 for a vector).
    ///
    /// `rows · columns == count`, so any tensor can be viewed as a `(rows, columns)` matrix.
    public var columns: Int { shape.dropFirst().reduce(1, *) }

    /// The element at a full index, e.g. `x[b, t, f]` of a `(batch, time, features)` tensor.
    ///
    /// Give one index per axis, each in `0..<shape[axis]`. For reading many elements, index
    /// ``scalars`` directly: this subscript checks every index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(index)] }
        set { scalars[offset(index)] = newValue }
    }

    @inline(__always)
    func offset(_ index: [Int]) -> Int {
        check(index.count == shape.count,
                      "Tensor: index \(index) has \(index.count) axes, shape \(shape) has \(shape.count)")
        var o = 0
        for (axis, i) in index.enumerated() {
            check(i >= 0 && i < shape[axis], "Tensor: index \(index) is outside shape \(shape)")
            o = o * shape[axis] + i
        }
        return o
    }

    /// The same elements, in the same row-major order, with another shape.
    ///
    /// `newShape` must hold exactly ``count`` elements; no element moves (this is a reshape,
    /// not a transpose).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// The transpose of a matrix: `(r, c) -> (c, r)`, with `result[j, i] == self[i, j]`.
    ///
    /// Only for rank 2. Copies the elements; for a product with a transposed operand pass
    /// `transposeA:` or `transposeB:` to ``matmul(_:_:transposeA:transposeB:)`` instead.
    public var transposed: Tensor {
        check(rank == 2, "transposed: needs a matrix, got shape \(shape)")
        let r = shape[0], c = shape[1]
        var out = [Float](repeating: 0, count: count)
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<r { for j in 0..<c { dst[j * r + i] = src[i * c + j] } }
            }
        }
        return Tensor(shape: [c, r], scalars: out)
    }

    /// The rows `range` of the first axis, keeping every other axis: `(n, rest…) -> (range.count, rest…)`.
    ///
    /// A mini-batch of samples: `x.slice(0..<32)`. `range` must lie inside `0...rows`.
    public func slice(_ range: Range<Int>) -> Tensor {
        check(range.lowerBound >= 0 && range.upperBound <= rows,
                      "slice: rows \(range) outside first axis of shape \(shape)")
        let c = columns
        var s = shape
        s[0] = range.count
        return Tensor(shape: s, scalars: Array(scalars[(range.lowerBound * c)..<(range.upperBound * c)]))
    }

    /// The samples at `indices` of the first axis, in that order: `(n, rest…) -> (indices.count, rest…)`.
    ///
    /// Indices may repeat; each must be in `0..<rows`. `fit` uses it to draw shuffled batches.
    public func gather(_ indices: [Int]) -> Tensor {
        let c = columns
        var out = [Float]()
        out.reserveCapacity(indices.count * c)
        for i in indices {
            check(i >= 0 && i < rows, "gather: index \(i) outside first axis of shape \(shape)")
            out.append(contentsOf: scalars[(i * c)..<((i + 1) * c)])
        }
        var s = shape
        s[0] = indices.count
        return Tensor(shape: s, scalars: out)
    }

    /// A tensor of the same shape with `f` applied to every element: `result[i] = f(self[i])`.
    public func map(_ f: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(f))
    }

    /// The sum of all elements, Σᵢ xᵢ, accumulated in `Double` in index order and rounded to
    /// `Float` once.
    ///
    /// The order is fixed (first element to last), so the result is the same on every build
    /// and CPU; `Double` accumulation keeps a long sum from drifting.
    public func sum() -> Float {
        var s = 0.0
        for v in scalars { s += Double(v) }
        return Float(s)
    }

    /// The mean of all elements, (Σᵢ xᵢ) / count; 0 for an empty tensor.
    ///
    /// Divides the `Float`-rounded ``sum()`` in `Double`, then rounds again.
    public func mean() -> Float { count == 0 ? 0 : Float(Double(sum()) / Double(count)) }

    /// The largest absolute element, maxᵢ |xᵢ|; 0 for an empty tensor.
    ///
    /// A NaN element is skipped (it never compares greater), so this is not a NaN detector.
    public func maxAbs() -> Float { scalars.reduce(0) { max($0, abs($1)) } }

    /// The sum over the first axis: `(n, rest…) -> (rest…)`, `result[j] = Σᵢ self[i, j]`.
    ///
    /// Accumulates in `Float`, row 0 first; a bias gradient is the `sumRows()` of the output
    /// gradient.
    public func sumRows() -> Tensor {
        Tensor(shape: Array(shape.dropFirst()), scalars: columnSums(scalars, rows: rows, columns: columns))
    }

    /// The index of the largest element along the last axis, one per row: `(…, c) -> [Int]`
    /// with `count / c` entries.
    ///
    /// Ties go to the first (lowest) index; the predicted class of a `(batch, classes)` output.
    public func argmaxRows() -> [Int] {
        let c = shape.last ?? 1
        return (0..<(count / c)).map { r in
            var best = 0
            for j in 1..<max(c, 1) where scalars[r * c + j] > scalars[r * c + best] { best = j }
            return best
        }
    }

    /// `Tensor(shape: […], scalars: […])`, with at most 12 elements written out.
    ///
    /// Uses Swift's shortest round-trip text for each `Float`: for numbers a reader is meant
    /// to compare, print with ``fixedDigits(_:_:)-(Float,_)`` instead.
    public var description: String {
        "Tensor(shape: \(shape), scalars: \(scalars.count <= 12 ? "\(scalars)" : "[\(scalars.prefix(12).map { "\($0)" }.joined(separator: ", ")), …]"))"
    }
}

// MARK: Elementwise arithmetic (same shape, or tensor with scalar)

extension Tensor {
    @inline(__always)
    static func zipShapes(_ a: Tensor, _ b: Tensor, _ op: String) {
        check(a.shape == b.shape, "Tensor \(op): shapes differ: \(a.shape) vs \(b.shape)")
    }

    /// The elementwise sum, `result[i] = a[i] + b[i]`; the shapes must be equal (no broadcasting).
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        zipShapes(a, b, "+")
        return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { $0 + $1 })
    }
    /// The elementwise difference, `result[i] = a[i] − b[i]`; the shapes must be equal.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        zipShapes(a, b, "-")
        return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { $0 - $1 })
    }
    /// The elementwise (Hadamard) product, `result[i] = a[i] · b[i]`; the shapes must be equal.
    ///
    /// Not a matrix product: use ``matmul(_:_:transposeA:transposeB:)`` for that.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        zipShapes(a, b, "*")
        return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { $0 * $1 })
    }
    /// Every element scaled by `s`: `result[i] = a[i] · s`.
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    /// Every element scaled by `s`: `result[i] = s · a[i]` (the same as `a * s`).
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { $0 * s } }
    /// `s` added to every element: `result[i] = a[i] + s`.
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    /// `s` subtracted from every element: `result[i] = a[i] − s`.
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    /// Adds `b` into `a` in place, `a[i] += b[i]`; the shapes must be equal.
    ///
    /// Writes into `a`'s storage (no new tensor when `a` is uniquely referenced): the way to
    /// accumulate gradients.
    public static func += (a: inout Tensor, b: Tensor) {
        zipShapes(a, b, "+=")
        a.scalars.withUnsafeMutableBufferPointer { d in
            b.scalars.withUnsafeBufferPointer { s in for i in 0..<d.count { d[i] += s[i] } }
        }
    }

    /// Adds a row vector to every row: `(…, c) + (c) -> (…, c)`, `result[i, j] = self[i, j] + row[j]`.
    ///
    /// The one broadcast SeqKit has (a bias over a batch); `row` must hold `shape.last` elements.
    public func addingRow(_ row: Tensor) -> Tensor {
        let c = shape.last ?? 1
        check(row.count == c, "addingRow: row of \(row.shape) does not match last axis of \(shape)")
        var out = scalars
        for i in 0..<(count / c) { for j in 0..<c { out[i * c + j] += row.scalars[j] } }
        return Tensor(shape: shape, scalars: out)
    }
}

/// Swaps the first two axes of a row-major `(a, b, inner)` buffer into `(b, a, inner)`.
/// Recurrent layers use it to move between the public batch-major layout `(batch, time, f)` and
/// the time-major layout `(time, batch, f)` in which one time step is one contiguous matrix.
@usableFromInline
func swapLeadingAxes(_ src: [Float], _ a: Int, _ b: Int, _ inner: Int) -> [Float] {
    var dst: [Float] = []
    swapLeadingAxes(src, a, b, inner, into: &dst)
    return dst
}

/// ``swapLeadingAxes(_:_:_:_:)`` written into `dst`, whose storage is kept when it is large and
/// has the length already (``reuseForOverwrite(_:count:)``): for a layer's per-pass copies.
func swapLeadingAxes(_ src: [Float], _ a: Int, _ b: Int, _ inner: Int, into dst: inout [Float]) {
    check(a * b * inner == src.count, "swapLeadingAxes: \(a)·\(b)·\(inner) ≠ \(src.count) elements")
    reuseForOverwrite(&dst, count: src.count)
    src.withUnsafeBufferPointer { s in
        dst.withUnsafeMutableBufferPointer { d in
            for i in 0..<a {
                for j in 0..<b {
                    (d.baseAddress! + (j * a + i) * inner)
                        .update(from: s.baseAddress! + (i * b + j) * inner, count: inner)
                }
            }
        }
    }
}

/// A Float array of `count` elements whose contents are not initialised: only for buffers that
/// the caller overwrites completely before reading (saves zeroing megabytes per training step).
@usableFromInline
func uninitializedFloats(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}

/// `buffer` made `count` elements long for a caller that overwrites every element before reading
/// it. A buffer of 128 KiB or more keeps its storage when it has that length already. Blocks that
/// large may go back to the system when freed — glibc's malloc maps them separately or trims the
/// top of its heap, by thresholds it adapts to what the process freed before — and a new one is
/// then faulted in afresh, zero page by zero page, at every training step. Whether that happened
/// depended on the process's history: an LSTM F8 H128 T50 B64 step took 18–20 ms alone and 27–28.5
/// ms after another LSTM had trained in the same process (91,000 page faults against 14,000), a GRU
/// H128 B128 step 70 and 96 ms. (When only buffers from 32 MiB on were kept, LSTM(256) at batch
/// 128 had lost a quarter of its step that way.)
func reuseForOverwrite(_ buffer: inout [Float], count: Int) {
    if buffer.count != count || count < reusedLength { buffer = uninitializedFloats(count) }
}

/// The length from which ``reuseForOverwrite(_:count:)`` keeps storage: 32 Ki floats, 128 KiB
/// (glibc's initial threshold for mapping a block separately; smaller ones stay in its heap).
let reusedLength = 1 << 15

/// The buffer held in `storage`, taken out of it (so that it is uniquely referenced and reused in
/// place) and made `count` elements long as ``reuseForOverwrite(_:count:)`` does.
func takenForOverwrite(_ storage: inout [Float], count: Int) -> [Float] {
    var buffer = storage
    storage = []
    reuseForOverwrite(&buffer, count: count)
    return buffer
}

/// What a layer keeps of a scratch buffer for the next pass: the buffer if it is large enough to
/// be reused, else nothing (holding a small one only keeps malloc from recycling it).
func keptForReuse(_ buffer: [Float]) -> [Float] { buffer.count >= reusedLength ? buffer : [] }

/// out[j] = Σ_r buffer[r·columns + j], each column summed from +0 over r = 0, 1, … in order (the
/// loop over j is the vectorised one, so the order per column never depends on the SIMD width).
/// Bias gradients are this sum over batch and time.
func columnSums(_ buffer: [Float], rows: Int, columns: Int) -> [Float] {
    var out = [Float](repeating: 0, count: columns)
    buffer.withUnsafeBufferPointer { source in
        out.withUnsafeMutableBufferPointer { sums in
            guard let src = source.baseAddress, let dst = sums.baseAddress else { return }
            for r in 0..<rows {
                let row = src + r * columns
                for j in 0..<columns { dst[j] += row[j] }
            }
        }
    }
    return out
}
