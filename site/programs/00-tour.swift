// Chapter 0, “A tour of the workbook”: the whole program of chapters/00-tour.md.
// Every snippet in order, hidden lines and setup snippets included: what `swift run tour`
// runs in the book's package. Elsewhere it needs the SeqKit and Figures libraries, and
// chapters/prelude.swift compiled beside it (the portable exp, log, tanh … every chapter uses).

// MARK: Snippet 1 (chapters/00-tour.md:12)
let cast = ["Arjun", "Po", "Rancho"]
print("Starring:", cast.joined(separator: ", "))

// MARK: Snippet 2 (chapters/00-tour.md:21)
let lessons = ["let go", "take it in", "choose what to say"]
for (name, lesson) in zip(cast, lessons) {
    print("\(name) learns to \(lesson).")
}

// MARK: Snippet 3 (chapters/00-tour.md:39)
func harmonic(_ n: Int) -> Double {
    var sum = 0.0
    for k in 1...n { sum += 1 / Double(k) }
    return sum
}
print("H(1000) =", harmonic(1000))

// MARK: Snippet 4 (chapters/00-tour.md:62)
import Figures

let sizes = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
var growth = LinePlot(title: "The harmonic series grows like a logarithm",
                      xLabel: "n", yLabel: "H(n)", xScale: .log)
growth.add(series: "H(n)", x: sizes, y: sizes.map(harmonic))
show(growth)
print("plotted \(sizes.count) points")

// MARK: Snippet 5 (chapters/00-tour.md:86)
import SeqKit

let a = Tensor([[1, 2, 3], [4, 5, 6]])
let gram = matmul(a, a.transposed)   // (2, 3) × (3, 2) -> (2, 2)
print("a has shape", a.shape, "and a·aᵀ has shape", gram.shape)

// MARK: Solutions to the exercises (`swift run tour --solutions` runs them)

// MARK: Snippet 6 (chapters/00-tour.md:108)
for n in [10, 1000, 100_000] {
    let gap = harmonic(n) - log(Double(n))
    print("n = \(n):  H(n) − ln n = \(String(format: "%.6f", gap))")
}

// MARK: Snippet 7 (chapters/00-tour.md:125, expected to trap with “matmul: inner dimensions differ: [2, 3] × [2, 3]”)
print("multiplying", a.shape, "by", a.shape)
let square = matmul(a, a)   // (2, 3) × (2, 3): the inner sizes 3 and 2 differ
