/// A dense, row-major array of `Float` with a shape.
///
/// The last axis is contiguous: element `(i, j)` of a `(rows, columns)` tensor lives at
/// `scalars[i * columns + j]`; a `(batch, time, features)` sequence batch stores each
/// sample's time steps one after another. Storage is a Swift `Array`, so a `Tensor` is a value
/// with copy-on-write semantics.
///
/// `Tensor` is deliberately not `Equatable`: floats are compared in tests with an explicit
/// tolerance, never by `==` hidden inside a conformance.
public struct Tensor: Sendable, CustomStringConvertible {
    /// The extent of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order.
    public var scalars: [Float]

    /// A tensor with the given shape and elements (row-major).
    public init(shape: [Int], scalars: [Float]) {
        check(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        let count = shape.reduce(1, *)
        check(count == scalars.count,
                      "Tensor: shape \(shape) holds \(count) elements, but \(scalars.count) were given")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(repeating: 0, shape: shape)
    }

    /// A tensor whose elements all equal `value`.
    public init(repeating value: Float, shape: [Int]) {
        check(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A matrix from its rows; every row must have the same length.
    public init(_ rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() {
            check(row.count == columns,
                          "Tensor: row \(i) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A vector (rank 1).
    public init(_ vector: [Float]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    public var count: Int { scalars.count }
    public var rank: Int { shape.count }

    /// Number of rows of a matrix: the first axis.
    public var rows: Int { shape.first ?? 1 }
    /// Elements per row: the product of all axes after the first (1 for a vector).
    public var columns: Int { shape.dropFirst().reduce(1, *) }

    /// Element at a full index, e.g. `x[b, t, f]`.
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

    /// The same elements with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Transpose of a matrix: `(r, c) -> (c, r)`.
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

    /// Rows `range` along the first axis (e.g. a mini-batch of samples).
    public func slice(_ range: Range<Int>) -> Tensor {
        check(range.lowerBound >= 0 && range.upperBound <= rows,
                      "slice: rows \(range) outside first axis of shape \(shape)")
        let c = columns
        var s = shape
        s[0] = range.count
        return Tensor(shape: s, scalars: Array(scalars[(range.lowerBound * c)..<(range.upperBound * c)]))
    }

    /// The samples at `indices` along the first axis, in that order.
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

    /// Sub-tensor at position `i` of the first axis (drops that axis).
    public subscript(sample i: Int) -> Tensor {
        check(i >= 0 && i < rows, "Tensor: sample \(i) outside first axis of shape \(shape)")
        let c = columns
        return Tensor(shape: Array(shape.dropFirst()), scalars: Array(scalars[(i * c)..<((i + 1) * c)]))
    }

    /// Elementwise function.
    public func map(_ f: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(f))
    }

    /// Sum of all elements, accumulated in `Double` so the result does not depend on length-driven
    /// rounding drift.
    public func sum() -> Float {
        var s = 0.0
        for v in scalars { s += Double(v) }
        return Float(s)
    }

    /// Mean of all elements.
    public func mean() -> Float { count == 0 ? 0 : Float(Double(sum()) / Double(count)) }

    /// Largest absolute element.
    public func maxAbs() -> Float { scalars.reduce(0) { max($0, abs($1)) } }

    /// Sum over the first axis: `(n, rest...) -> (rest...)`.
    public func sumRows() -> Tensor {
        let c = columns
        var out = [Float](repeating: 0, count: c)
        for i in 0..<rows { for j in 0..<c { out[j] += scalars[i * c + j] } }
        return Tensor(shape: Array(shape.dropFirst()), scalars: out)
    }

    /// Index of the largest element of each row of a matrix (argmax over the last axis).
    public func argmaxRows() -> [Int] {
        let c = shape.last ?? 1
        return (0..<(count / c)).map { r in
            var best = 0
            for j in 1..<max(c, 1) where scalars[r * c + j] > scalars[r * c + best] { best = j }
            return best
        }
    }

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

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        zipShapes(a, b, "+")
        return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { $0 + $1 })
    }
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        zipShapes(a, b, "-")
        return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { $0 - $1 })
    }
    /// Elementwise (Hadamard) product.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        zipShapes(a, b, "*")
        return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { $0 * $1 })
    }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { $0 * s } }
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    public static func += (a: inout Tensor, b: Tensor) {
        zipShapes(a, b, "+=")
        a.scalars.withUnsafeMutableBufferPointer { d in
            b.scalars.withUnsafeBufferPointer { s in for i in 0..<d.count { d[i] += s[i] } }
        }
    }

    /// Adds a row vector to every row: `(n, c) + (c) -> (n, c)` (broadcast over the first axes).
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
    var dst = [Float](repeating: 0, count: src.count)
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
    return dst
}

/// A Float array of `count` elements whose contents are not initialised: only for buffers that
/// the caller overwrites completely before reading (saves zeroing megabytes per training step).
@usableFromInline
func uninitializedFloats(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}
