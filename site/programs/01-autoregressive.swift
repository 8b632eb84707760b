// Chapter 1, “Autoregressive models: the past predicts the future”: the whole program of chapters/01-autoregressive.md.
// Every snippet in order, hidden lines and setup snippets included: what `swift run autoregressive`
// runs in the book's package. Elsewhere it needs the SeqKit and Figures libraries, and
// chapters/prelude.swift compiled beside it (the portable exp, log, tanh … every chapter uses).

// MARK: Snippet 1 (chapters/01-autoregressive.md:16, setup: hidden on the page)
import Figures
import Foundation

// MARK: Snippet 2 (chapters/01-autoregressive.md:56)
/// One year of the sunspot record.
struct Observation {
    let year: Int
    let sunspots: Double
}

/// A problem in a CSV file, at a 1-based line number.
struct CSVError: Error, CustomStringConvertible {
    let file: String
    let line: Int
    let message: String
    var description: String { "\(file):\(line): error: \(message)" }
}

/// Parses `year,sunspots` text: the header, then one row per year, years
/// consecutive. Lines may end in `\n` or `\r\n`; one newline at the end of
/// the file is allowed.
func parseSunspots(_ text: String, file: String) throws -> [Observation] {
    func problem(_ line: Int, _ message: String) -> CSVError {
        CSVError(file: file, line: line, message: message)
    }
    // Character.isNewline takes "\r\n" as one break (Windows files).
    let lines = text.split(omittingEmptySubsequences: false,
                           whereSeparator: \.isNewline)
    guard let header = lines.first, header == "year,sunspots" else {
        throw problem(1, "expected the header \"year,sunspots\", "
                         + "found \"\(lines.first ?? "")\"")
    }
    var observations: [Observation] = []
    for (index, line) in lines.enumerated().dropFirst() {
        let number = index + 1
        if line.isEmpty && index == lines.count - 1 { break }  // final newline
        let fields = line.split(separator: ",",
                                omittingEmptySubsequences: false)
        guard fields.count == 2 else {
            throw problem(number, "expected 2 fields (year,sunspots), "
                                  + "found \(fields.count) in \"\(line)\"")
        }
        guard let year = Int(fields[0]) else {
            throw problem(number, "\"\(fields[0])\" is not a year")
        }
        guard let value = Double(fields[1]), value.isFinite, value >= 0 else {
            throw problem(number, "\"\(fields[1])\" is not a sunspot number "
                                  + "(finite, 0 or more)")
        }
        if let previous = observations.last, year != previous.year + 1 {
            throw problem(number, "year \(year) follows \(previous.year); "
                                  + "expected \(previous.year + 1)")
        }
        observations.append(Observation(year: year, sunspots: value))
    }
    guard !observations.isEmpty else {
        throw problem(lines.count, "no data rows after the header")
    }
    return observations
}

// MARK: Snippet 3 (chapters/01-autoregressive.md:118)
let misspelled = "year,sunspots\n1700,5.0\n1701,11.0\n1702,sixteen\n"
let gap = "year,sunspots\r\n1700,5.0\r\n1701,11.0\r\n1703,23.0\r\n"
for (name, text) in [("misspelled.csv", misspelled), ("gap.csv", gap)] {
    do {
        _ = try parseSunspots(text, file: name)
    } catch {
        print(error)
    }
}

// MARK: Snippet 4 (chapters/01-autoregressive.md:138)
/// `x` with `digits` digits after the point, right-aligned in `width` columns.
func fixed(_ x: Double, _ digits: Int, width: Int = 1) -> String {
    String(format: "%\(width).\(digits)f", x)
}

/// `text` padded with spaces on the right to `width` columns.
func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
}

let dataPath = "chapters/data/sunspots.csv"
let record = try parseSunspots(
    String(contentsOfFile: dataPath, encoding: .utf8), file: dataPath)
let years = record.map(\.year)
let sunspots = record.map(\.sunspots)

let busiest = record.max { $0.sunspots < $1.sunspots }!
let spotless = record.filter { $0.sunspots == 0 }.map { String($0.year) }
print("\(record.count) years, \(years.first!)–\(years.last!)")
let sunspotMean = sunspots.reduce(0, +) / Double(sunspots.count)
print("mean \(fixed(sunspotMean, 4)) sunspots a year")
print("busiest year \(busiest.year) (\(fixed(busiest.sunspots, 1)))")
print("years recorded as spotless: \(spotless.joined(separator: ", "))")

// MARK: Snippet 5 (chapters/01-autoregressive.md:174)
/// Indices of values that are the strict maximum of the window `radius`
/// steps on each side.
func peaks(_ y: [Double], radius: Int) -> [Int] {
    y.indices.filter { i in
        let window = max(0, i - radius)...min(y.count - 1, i + radius)
        return window.allSatisfy { j in j == i || y[j] < y[i] }
    }
}

let peakYears = peaks(sunspots, radius: 5).map { years[$0] }
let gaps = zip(peakYears.dropFirst(), peakYears).map { $0 - $1 }
print("\(peakYears.count) peaks:")
for start in stride(from: 0, to: peakYears.count, by: 14) {
    let line = peakYears[start..<min(start + 14, peakYears.count)]
    print("  " + line.map(String.init).joined(separator: " "))
}
let span = Double(peakYears.last! - peakYears.first!)
print("gaps between peaks: \(gaps.min()!) to \(gaps.max()!) years,",
      "mean \(fixed(span / Double(gaps.count), 2))")

var seriesPlot = LinePlot(
    title: "Yearly sunspot numbers, 1700–2008", xLabel: "year",
    yLabel: "sunspot number", xRange: 1700...2010,
    size: FigureSize(width: 720, height: 320),
    description: "Three centuries of sunspot counts rising and falling "
        + "about every eleven years.")
seriesPlot.add(series: "sunspots", x: years, y: sunspots)
seriesPlot.add(series: "peak years", x: peakYears,
               y: peaks(sunspots, radius: 5).map { sunspots[$0] },
               mark: .points)
show(seriesPlot)

// MARK: Snippet 6 (chapters/01-autoregressive.md:246)
/// A dense matrix of doubles, stored row by row.
struct Matrix {
    let rows: Int
    let columns: Int
    var elements: [Double]

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: 0, count: rows * columns)
    }

    subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }
}

// MARK: Snippet 7 (chapters/01-autoregressive.md:268)
/// Rows [1, y[t-1], …, y[t-p]] and targets y[t], t = firstTarget ..< y.count.
func laggedDesign(_ y: [Double], order p: Int,
                  firstTarget: Int) -> (x: Matrix, target: [Double]) {
    precondition(firstTarget >= p, "laggedDesign: target \(firstTarget) "
                                   + "has fewer than \(p) earlier values")
    var x = Matrix(rows: y.count - firstTarget, columns: p + 1)  // (n, p + 1)
    for row in 0..<x.rows {
        let t = firstTarget + row
        x[row, 0] = 1
        for lag in stride(from: 1, through: p, by: 1) {
            x[row, lag] = y[t - lag]
        }
    }
    return (x, Array(y[firstTarget...]))
}

/// XᵀX and Xᵀy.
func normalEquations(_ x: Matrix,
                     _ y: [Double]) -> (gram: Matrix, moments: [Double]) {
    precondition(x.rows == y.count, "normalEquations: X has \(x.rows) rows "
                                    + "but y has \(y.count) values")
    // (k, n) × (n, k) -> (k, k)
    var gram = Matrix(rows: x.columns, columns: x.columns)
    var moments = Array(repeating: 0.0, count: x.columns)  // (k, n) × (n) -> k
    for row in 0..<x.rows {
        for i in 0..<x.columns {
            moments[i] += x[row, i] * y[row]
            for j in 0...i { gram[i, j] += x[row, i] * x[row, j] }
        }
    }
    for i in 0..<x.columns { for j in 0..<i { gram[j, i] = gram[i, j] } }
    return (gram, moments)
}

/// Solves A β = b for a symmetric positive-definite A, by A = L Lᵀ and two
/// triangular sweeps.
func choleskySolve(_ a: Matrix, _ b: [Double]) -> [Double] {
    precondition(a.rows == a.columns && a.rows == b.count,
                 "choleskySolve: A is \(a.rows)×\(a.columns), "
                 + "b has \(b.count) values")
    let k = a.rows
    var l = Matrix(rows: k, columns: k)
    for j in 0..<k {
        var pivot = a[j, j]
        for m in 0..<j { pivot -= l[j, m] * l[j, m] }
        precondition(pivot > 0, "choleskySolve: matrix is not positive "
                                + "definite (pivot \(pivot) in column \(j))")
        l[j, j] = pivot.squareRoot()
        for i in (j + 1)..<k {
            var sum = a[i, j]
            for m in 0..<j { sum -= l[i, m] * l[j, m] }
            l[i, j] = sum / l[j, j]
        }
    }
    var z = b  // forward: L z = b
    for i in 0..<k {
        for m in 0..<i { z[i] -= l[i, m] * z[m] }
        z[i] /= l[i, i]
    }
    var beta = z  // backward: Lᵀ β = z
    for i in stride(from: k - 1, through: 0, by: -1) {
        for m in (i + 1)..<k { beta[i] -= l[m, i] * beta[m] }
        beta[i] /= l[i, i]
    }
    return beta
}

// MARK: Snippet 8 (chapters/01-autoregressive.md:341)
/// An AR(p) model y[t] = c + φ₁ y[t-1] + … + φ_p y[t-p] + ε[t].
struct ARModel {
    let intercept: Double        // c
    let coefficients: [Double]   // φ₁ … φ_p
    let noiseVariance: Double    // σ², mean squared one-step error when fitted
    let equations: Int           // n, the number of years it was fitted on
    var order: Int { coefficients.count }

    /// The prediction of y[t] from the p values before it.
    func predict(at t: Int, from y: [Double]) -> Double {
        var sum = intercept
        for (k, phi) in coefficients.enumerated() { sum += phi * y[t - 1 - k] }
        return sum
    }

    /// The level the series returns to when the shocks stop: c / (1 − Σφ).
    var mean: Double { intercept / (1 - coefficients.reduce(0, +)) }
}

/// Least-squares AR(p) with a constant, explaining y[firstTarget...]
/// (by default y[p...]).
func fitLeastSquares(_ y: [Double], order p: Int,
                     firstTarget: Int? = nil) -> ARModel {
    let (x, target) = laggedDesign(y, order: p, firstTarget: firstTarget ?? p)
    let (gram, moments) = normalEquations(x, target)
    let beta = choleskySolve(gram, moments)
    var squaredErrors = 0.0
    for row in 0..<x.rows {
        var prediction = 0.0
        for i in 0..<x.columns { prediction += x[row, i] * beta[i] }
        squaredErrors += (target[row] - prediction) * (target[row] - prediction)
    }
    return ARModel(intercept: beta[0], coefficients: Array(beta.dropFirst()),
                   noiseVariance: squaredErrors / Double(x.rows),
                   equations: x.rows)
}

// MARK: Snippet 9 (chapters/01-autoregressive.md:382)
let ar2 = fitLeastSquares(sunspots, order: 2)
print("AR(2) by least squares, \(years.first!)–\(years.last!),",
      "\(ar2.equations) equations")
print("c  = \(fixed(ar2.intercept, 6))")
print("φ₁ = \(fixed(ar2.coefficients[0], 6))")
print("φ₂ = \(fixed(ar2.coefficients[1], 6))")
print("σ² = \(fixed(ar2.noiseVariance, 6))")
print("mean level c/(1 − φ₁ − φ₂) = \(fixed(ar2.mean, 4))")

// MARK: Snippet 10 (chapters/01-autoregressive.md:427)
/// The characteristic roots of an AR(2), read as a damped oscillation.
struct Oscillation {
    let real: Double, imaginary: Double  // one root of the pair: real ± i·imag.
    /// r, the damping per step.
    var modulus: Double { (real * real + imaginary * imaginary).squareRoot() }
    var angle: Double { atan2(imaginary, real) }      // θ, radians per step
    var period: Double { 2 * Double.pi / angle }      // steps per cycle
}

/// The complex roots of z² − φ₁z − φ₂ = 0, or nil when they are real
/// (no oscillation).
func oscillation(_ model: ARModel) -> Oscillation? {
    precondition(model.order == 2,
                 "oscillation: needs an AR(2), got AR(\(model.order))")
    let (phi1, phi2) = (model.coefficients[0], model.coefficients[1])
    let discriminant = phi1 * phi1 + 4 * phi2
    guard discriminant < 0 else { return nil }
    return Oscillation(real: phi1 / 2,
                       imaginary: (-discriminant).squareRoot() / 2)
}

let swing = oscillation(ar2)!
print("roots z = \(fixed(swing.real, 6)) ± \(fixed(swing.imaginary, 6))i")
print("modulus r = \(fixed(swing.modulus, 6)),",
      "angle θ = \(fixed(swing.angle, 6)) rad/year")
print("cycle length 2π/θ = \(fixed(swing.period, 6)) years")
print("amplitude left after one cycle r^(2π/θ) =",
      fixed(pow(swing.modulus, swing.period), 4))
print("statsmodels' .roots are 1/z: modulus 1/r =",
      fixed(1 / swing.modulus, 6), "(stationary: > 1)")

// MARK: Snippet 11 (chapters/01-autoregressive.md:512)
/// γ̂₀ … γ̂_maxLag of the series with its mean removed, each sum divided by n.
func autocovariances(_ y: [Double], maxLag: Int) -> [Double] {
    let n = y.count
    let mean = y.reduce(0, +) / Double(n)
    let centred = y.map { $0 - mean }
    return (0...maxLag).map { k in
        var sum = 0.0
        for t in k..<n { sum += centred[t] * centred[t - k] }
        return sum / Double(n)
    }
}

/// The Yule–Walker solution for orders 1 … p from autocovariances γ̂₀ … γ̂_p.
struct LevinsonDurbin {
    /// φ_{p,1} … φ_{p,p}: the AR(p) weights.
    let coefficients: [Double]
    /// φ_{1,1} … φ_{p,p}: the partial autocorrelations at lags 1 … p.
    let partialAutocorrelations: [Double]
    /// v_p: the one-step error variance the AR(p) leaves.
    let noiseVariance: Double

    init(autocovariances gamma: [Double], order p: Int) {
        precondition(gamma.count > p, "LevinsonDurbin: order \(p) needs "
                                      + "γ̂₀ … γ̂\(p), got \(gamma.count)")
        var phi: [Double] = []
        var partial: [Double] = []
        var variance = gamma[0]
        for k in stride(from: 1, through: p, by: 1) {
            var numerator = gamma[k]
            for j in 1..<k { numerator -= phi[j - 1] * gamma[k - j] }
            let reflection = numerator / variance              // φ_{k,k}
            let previous = phi
            for j in 1..<k {
                phi[j - 1] = previous[j - 1] - reflection * previous[k - j - 1]
            }
            phi.append(reflection)
            partial.append(reflection)
            variance *= 1 - reflection * reflection
        }
        coefficients = phi
        partialAutocorrelations = partial
        noiseVariance = variance
    }
}

// MARK: Snippet 12 (chapters/01-autoregressive.md:561)
let walker = LevinsonDurbin(
    autocovariances: autocovariances(sunspots, maxLag: 2), order: 2)
// In the Yule–Walker form the mean implies the constant: c = ȳ (1 − φ₁ − φ₂).
let walkerAR2 = ARModel(
    intercept: sunspotMean * (1 - walker.coefficients.reduce(0, +)),
    coefficients: walker.coefficients, noiseVariance: walker.noiseVariance,
                        equations: sunspots.count)
let walkerSwing = oscillation(walkerAR2)!

print("AR(2), \(years.first!)–\(years.last!)    least squares   Yule–Walker")
func sideBySide(_ label: String, _ left: Double, _ right: Double) {
    print(pad(label, 20) + fixed(left, 6, width: 15)
          + fixed(right, 6, width: 14))
}
sideBySide("φ₁", ar2.coefficients[0], walkerAR2.coefficients[0])
sideBySide("φ₂", ar2.coefficients[1], walkerAR2.coefficients[1])
sideBySide("σ", ar2.noiseVariance.squareRoot(),
           walkerAR2.noiseVariance.squareRoot())
sideBySide("cycle length (years)", swing.period, walkerSwing.period)

// MARK: Snippet 13 (chapters/01-autoregressive.md:604)
let maxLag = 12
let gammas = autocovariances(sunspots, maxLag: maxLag)
let acf = gammas.map { $0 / gammas[0] }
let pacf = LevinsonDurbin(autocovariances: gammas, order: maxLag)
    .partialAutocorrelations
let band = 1.96 / Double(sunspots.count).squareRoot()

print("lag        ACF        PACF   (* outside ±\(fixed(band, 4)))")
for k in 1...maxLag {
    let flag = abs(pacf[k - 1]) > band ? "*" : ""
    print(String(format: "%3d", k) + fixed(acf[k], 6, width: 11)
          + fixed(pacf[k - 1], 6, width: 12) + " " + flag)
}

var correlations = BarChart(
    title: "Autocorrelation and partial autocorrelation, lags 1–12",
    xLabel: "lag (years)", categories: (1...maxLag).map(String.init),
    yRange: -1...1,
    description: "The ACF swings with the eleven-year cycle; the PACF is "
        + "large at lags 1 and 2 only.")
correlations.add(series: "ACF", values: acf.dropFirst())
correlations.add(series: "PACF", values: pacf)
show(correlations)

// MARK: Snippet 14 (chapters/01-autoregressive.md:670)
let lastTrainingYear = 1919
let trainingCount = years.firstIndex(of: lastTrainingYear + 1)!
let training = Array(sunspots[..<trainingCount])
let maxOrder = 12

/// AIC and BIC of an AR(p) fitted by least squares, −2 ln L = n (ln(2πσ²) + 1).
func informationCriteria(_ model: ARModel) -> (aic: Double, bic: Double) {
    let n = Double(model.equations)
    let parameters = Double(model.order + 2)  // c, φ₁ … φ_p, σ²
    let minusTwoLogL = n * (log(2 * Double.pi * model.noiseVariance) + 1)
    return (minusTwoLogL + 2 * parameters, minusTwoLogL + log(n) * parameters)
}

/// AR(0) … AR(maxOrder), all explaining the same targets y[maxOrder...].
func candidates(_ y: [Double], maxOrder: Int) -> [ARModel] {
    (0...maxOrder).map { fitLeastSquares(y, order: $0, firstTarget: maxOrder) }
}

let candidateModels = candidates(training, maxOrder: maxOrder)
let scores = candidateModels.map(informationCriteria)
let aicOrder = scores.indices.min { scores[$0].aic < scores[$1].aic }!
let bicOrder = scores.indices.min { scores[$0].bic < scores[$1].bic }!

print("order selection on \(years[maxOrder])–\(lastTrainingYear)",
      "(\(candidateModels[0].equations) years)")
print("  p          σ²           AIC           BIC")
for (p, model) in candidateModels.enumerated() {
    let marks = (p == aicOrder ? " ← AIC" : "")
        + (p == bicOrder ? " ← BIC" : "")
    print(String(format: "%3d", p) + fixed(model.noiseVariance, 4, width: 12)
          + fixed(scores[p].aic, 4, width: 14)
          + fixed(scores[p].bic, 4, width: 14) + marks)
}
print("AIC selects p = \(aicOrder), BIC selects p = \(bicOrder)")

// MARK: Snippet 15 (chapters/01-autoregressive.md:731)
let trainAR2 = fitLeastSquares(training, order: 2)
let trainAR9 = fitLeastSquares(training, order: 9)

print("fitted on 1700–\(lastTrainingYear)      AR(2)          AR(9)")
func twoColumns(_ label: String, _ left: Double?, _ right: Double) {
    let first = left.map { fixed($0, 8, width: 14) } ?? pad("", 14)
    print(pad(label, 11) + first + fixed(right, 8, width: 16))
}
twoColumns("c", trainAR2.intercept, trainAR9.intercept)
for k in 0..<9 {
    twoColumns("φ\(k + 1)", k < 2 ? trainAR2.coefficients[k] : nil,
               trainAR9.coefficients[k])
}
twoColumns("σ²", trainAR2.noiseVariance, trainAR9.noiseVariance)
print("cycle of the AR(2): \(fixed(oscillation(trainAR2)!.period, 6)) years")

// MARK: Snippet 16 (chapters/01-autoregressive.md:782)
/// Root-mean-square and mean absolute error of predictions against actuals.
func errors(_ predicted: [Double],
            _ actual: ArraySlice<Double>) -> (rmse: Double, mae: Double) {
    precondition(predicted.count == actual.count,
                 "errors: \(predicted.count) predictions, "
                 + "\(actual.count) values")
    var squares = 0.0, absolutes = 0.0
    for (p, a) in zip(predicted, actual) {
        squares += (a - p) * (a - p)
        absolutes += abs(a - p)
    }
    let m = Double(actual.count)
    return ((squares / m).squareRoot(), absolutes / m)
}

let testYears = trainingCount..<sunspots.count
let actual = sunspots[testYears]
let trainingMean = training.reduce(0, +) / Double(training.count)
let oneStep: [(name: String, predictions: [Double])] = [
    ("AR(9)", testYears.map { trainAR9.predict(at: $0, from: sunspots) }),
    ("AR(2)", testYears.map { trainAR2.predict(at: $0, from: sunspots) }),
    ("last value", testYears.map { sunspots[$0 - 1] }),
    ("training mean", testYears.map { _ in trainingMean }),
]

print("one step ahead, \(years[testYears.first!])–\(years[testYears.last!])",
      "(\(testYears.count) years)")
print("model              RMSE       MAE")
for (name, predictions) in oneStep {
    let (rmse, mae) = errors(predictions, actual)
    print(pad(name, 13) + fixed(rmse, 4, width: 11) + fixed(mae, 4, width: 10))
}

// MARK: Snippet 17 (chapters/01-autoregressive.md:835)
/// Forecasts of y[origin + 1] … y[origin + steps] from y[...origin], each
/// feeding the next.
func recursiveForecast(_ model: ARModel, _ y: [Double], origin: Int,
                       steps: Int) -> [Double] {
    var history = Array(y[...origin])
    for _ in 0..<steps {
        history.append(model.predict(at: history.count, from: history))
    }
    return Array(history.suffix(steps))
}

let fromTraining = recursiveForecast(trainAR9, sunspots,
                                     origin: trainingCount - 1, steps: 15)
print("forecast made at the end of \(lastTrainingYear) by the AR(9)")
print("year   actual   forecast")
for (h, forecast) in fromTraining.enumerated() {
    let t = trainingCount + h
    print("\(years[t])" + fixed(sunspots[t], 1, width: 9)
          + fixed(forecast, 1, width: 11))
}

let testYearList = Array(years[testYears])
var forecastPlot = LinePlot(
    title: "Sunspots 1920–2008: actual and AR(9) forecasts", xLabel: "year",
    yLabel: "sunspot number", xRange: 1920...2010,
    size: FigureSize(width: 720, height: 360),
    description: "The one-step forecast follows the actual series closely; "
        + "the forecast made in 1919 follows one cycle and then fades to "
        + "the mean.")
forecastPlot.add(series: "actual", x: testYearList, y: actual)
forecastPlot.add(series: "one step ahead", x: testYearList,
                 y: oneStep[0].predictions)
forecastPlot.add(series: "from 1919, recursive", x: testYearList,
                 y: recursiveForecast(trainAR9, sunspots,
                                      origin: trainingCount - 1,
                                      steps: testYears.count))
show(forecastPlot)

// MARK: Snippet 18 (chapters/01-autoregressive.md:909)
/// RMSE at horizons 1 … maxHorizon of a forecaster over targets from
/// firstTarget on. `forecaster(origin, steps)` returns forecasts of
/// y[origin + 1] … y[origin + steps].
func rmseByHorizon(_ y: [Double], firstTarget: Int, maxHorizon: Int,
                   forecaster: (Int, Int) -> [Double]) -> [Double] {
    var squares = Array(repeating: 0.0, count: maxHorizon)
    var counts = Array(repeating: 0, count: maxHorizon)
    for origin in (firstTarget - 1)..<(y.count - 1) {
        let steps = min(maxHorizon, y.count - 1 - origin)
        for (h, forecast) in forecaster(origin, steps).enumerated() {
            let error = y[origin + 1 + h] - forecast
            squares[h] += error * error
            counts[h] += 1
        }
    }
    return zip(squares, counts).map { ($0 / Double($1)).squareRoot() }
}

let maxHorizon = 12
func testRMSE(_ forecaster: (Int, Int) -> [Double]) -> [Double] {
    rmseByHorizon(sunspots, firstTarget: trainingCount, maxHorizon: maxHorizon,
                  forecaster: forecaster)
}
let horizonErrors: [(name: String, rmse: [Double])] = [
    ("AR(9)", testRMSE {
        recursiveForecast(trainAR9, sunspots, origin: $0, steps: $1) }),
    ("AR(2)", testRMSE {
        recursiveForecast(trainAR2, sunspots, origin: $0, steps: $1) }),
    ("last value", testRMSE { origin, steps in
        Array(repeating: sunspots[origin], count: steps) }),
    ("mean", testRMSE { _, steps in
        Array(repeating: trainingMean, count: steps) }),
]

print("RMSE by horizon, targets in",
      "\(years[testYears.first!])–\(years[testYears.last!])")
print("  h" + horizonErrors.map {
    String(repeating: " ", count: 11 - $0.name.count) + $0.name
}.joined())
for h in 0..<maxHorizon {
    let columns = horizonErrors.map { fixed($0.rmse[h], 4, width: 11) }
    print(String(format: "%3d", h + 1) + columns.joined())
}

var horizonPlot = LinePlot(
    title: "Forecast error against horizon, 1920–2008", xLabel: "years ahead",
    yLabel: "RMSE (sunspots)", xRange: 1...12, yRange: 0...100,
    description: "Model errors grow with the horizon; the last-value "
        + "baseline rises and falls with the cycle.")
for (name, rmse) in horizonErrors {
    horizonPlot.add(series: name, x: 1...maxHorizon, y: rmse,
                    mark: .lineAndPoints)
}
show(horizonPlot)

// MARK: Snippet 19 (chapters/01-autoregressive.md:1006)
/// ψ₀ … ψ_{count−1}: the weights of the coming shocks in a forecast error.
func shockWeights(_ model: ARModel, count: Int) -> [Double] {
    var psi = [1.0]
    for j in stride(from: 1, to: count, by: 1) {
        var sum = 0.0
        for k in 1...min(j, model.order) {
            sum += model.coefficients[k - 1] * psi[j - k]
        }
        psi.append(sum)
    }
    return psi
}

/// Standard errors of the 1 … maxHorizon step forecasts,
/// σ √(ψ₀² + … + ψ²_{h−1}).
func forecastStandardErrors(_ model: ARModel, maxHorizon: Int) -> [Double] {
    var total = 0.0
    return shockWeights(model, count: maxHorizon).map { psi in
        total += psi * psi
        return (model.noiseVariance * total).squareRoot()
    }
}

/// Per horizon, the fraction of test targets inside forecast ± z · se.
func coverage(_ model: ARModel, z: Double, maxHorizon: Int) -> [Double] {
    let se = forecastStandardErrors(model, maxHorizon: maxHorizon)
    var inside = Array(repeating: 0, count: maxHorizon)
    var counts = Array(repeating: 0, count: maxHorizon)
    for origin in (trainingCount - 1)..<(sunspots.count - 1) {
        let steps = min(maxHorizon, sunspots.count - 1 - origin)
        let forecasts = recursiveForecast(model, sunspots, origin: origin,
                                          steps: steps)
        for (h, forecast) in forecasts.enumerated() {
            counts[h] += 1
            if abs(sunspots[origin + 1 + h] - forecast) <= z * se[h] {
                inside[h] += 1
            }
        }
    }
    return zip(inside, counts).map { Double($0) / Double($1) }
}

let z80 = 1.2815515655446004, z95 = 1.959963984540054   // normal quantiles
let shown = [1, 2, 3, 4, 6, 9, 12]
let halfWidth = forecastStandardErrors(trainAR9, maxHorizon: maxHorizon)
let covered = [trainAR2, trainAR9].flatMap { model in
    [z80, z95].map { coverage(model, z: $0, maxHorizon: maxHorizon) }
}
print("share of test targets inside the interval (promised: 80% and 95%)")
print("       half-width       AR(2) inside      AR(9) inside")
print("  h  of AR(9) 95%        80%    95%        80%    95%")
for h in shown {
    let shares = covered.map { fixed(100 * $0[h - 1], 1, width: 6) + "%" }
    print(String(format: "%3d", h) + fixed(z95 * halfWidth[h - 1], 1, width: 13)
          + "   " + shares[0] + shares[1] + "   " + shares[2] + shares[3])
}

// MARK: Snippet 20 (chapters/01-autoregressive.md:1102)
/// P(χ²_k > q): the regularized upper incomplete gamma function Q(k/2, q/2).
func chiSquareTail(_ q: Double, degrees k: Int) -> Double {
    let a = Double(k) / 2, x = q / 2
    // ln Γ(a) for a whole or half-whole a: Γ(1) = 1, Γ(1/2) = √π,
    // Γ(s+1) = s Γ(s).
    var logGamma = k % 2 == 0 ? 0.0 : 0.5 * log(Double.pi)
    var s = k % 2 == 0 ? 1.0 : 0.5
    while s < a { logGamma += log(s); s += 1 }
    let front = exp(a * log(x) - x - logGamma)      // xᵃ e⁻ˣ / Γ(a)
    if x < a + 1 {                                  // series for P(a, x)
        var term = 1 / a, sum = term, n = 1.0
        while term > 1e-17 * sum { term *= x / (a + n); sum += term; n += 1 }
        return 1 - front * sum
    }
    let tiny = 1e-300                            // continued fraction, Q(a, x)
    var b = x + 1 - a, c = 1 / tiny, d = 1 / b, fraction = d
    for i in 1...1000 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        fraction *= d * c
        if abs(d * c - 1) < 1e-16 { break }
    }
    return front * fraction
}

/// Ljung–Box Q of the residuals over lags 1 … m.
func ljungBox(_ residuals: [Double], lags m: Int) -> Double {
    let g = autocovariances(residuals, maxLag: m)
    let n = Double(residuals.count)
    var sum = 0.0
    for k in 1...m { sum += (g[k] / g[0]) * (g[k] / g[0]) / (n - Double(k)) }
    return n * (n + 2) * sum
}

/// One-step errors of a model on the years it was fitted on.
func residuals(_ model: ARModel, _ y: [Double]) -> [Double] {
    (model.order..<y.count).map { y[$0] - model.predict(at: $0, from: y) }
}

let lbLags = 20
print("Ljung–Box on the training residuals, lags 1–\(lbLags)")
for (name, model) in [("AR(2)", trainAR2), ("AR(9)", trainAR9)] {
    let q = ljungBox(residuals(model, training), lags: lbLags)
    let degrees = lbLags - model.order
    let tail = chiSquareTail(q, degrees: degrees)
    print("\(name)  Q = \(fixed(q, 4, width: 8))  df = \(degrees)"
          + "  P(χ² > Q) = \(fixed(tail, 6))")
}

// MARK: Snippet 21 (chapters/01-autoregressive.md:1180)
/// Root-mean-square one-step error in the years after a value below and
/// above the median of y.
func spreadByLevel(_ model: ARModel,
                   _ y: [Double]) -> (low: Double, high: Double) {
    let median = y.sorted()[y.count / 2]
    var low: [Double] = [], high: [Double] = []
    for t in model.order..<y.count {
        let error = y[t] - model.predict(at: t, from: y)
        if y[t - 1] < median { low.append(error) } else { high.append(error) }
    }
    func rms(_ e: [Double]) -> Double {
        (e.reduce(0) { $0 + $1 * $1 } / Double(e.count)).squareRoot()
    }
    return (rms(low), rms(high))
}

let rootTraining = training.map { $0.squareRoot() }
let rootSunspots = sunspots.map { $0.squareRoot() }
let rootAR9 = fitLeastSquares(rootTraining, order: 9)
let rawSpread = spreadByLevel(trainAR9, training)
let rootSpread = spreadByLevel(rootAR9, rootTraining)
print("training one-step error (rms), previous year below / above median")
for (name, spread) in [("AR(9) on y", rawSpread), ("AR(9) on √y", rootSpread)] {
    print(pad(name, 13) + fixed(spread.low, 4, width: 8) + " / "
          + fixed(spread.high, 4) + "   ratio "
          + fixed(spread.high / spread.low, 2))
}

// MARK: Snippet 22 (chapters/01-autoregressive.md:1221)
let rawSigma = trainAR9.noiseVariance.squareRoot()
let rootSigma = rootAR9.noiseVariance.squareRoot()
var rawInside = 0, rootInside = 0, rawWidth = 0.0, rootWidth = 0.0
var rootPredictions: [Double] = []
for t in testYears {
    let raw = trainAR9.predict(at: t, from: sunspots)
    if abs(sunspots[t] - raw) <= z95 * rawSigma { rawInside += 1 }
    rawWidth += 2 * z95 * rawSigma
    let root = rootAR9.predict(at: t, from: rootSunspots)
    let lower = max(0, root - z95 * rootSigma), upper = root + z95 * rootSigma
    if (lower * lower...upper * upper).contains(sunspots[t]) { rootInside += 1 }
    rootWidth += upper * upper - lower * lower
    rootPredictions.append(max(0, root) * max(0, root))
}
let m = Double(testYears.count)
print("one step ahead, 1920–2008        RMSE     MAE   inside 95%   width")
for (name, predictions, inside, width) in [
    ("AR(9) on y", oneStep[0].predictions, rawInside, rawWidth),
    ("AR(9) on √y, squared", rootPredictions, rootInside, rootWidth),
] {
    let (rmse, mae) = errors(predictions, actual)
    print(pad(name, 24) + fixed(rmse, 4, width: 10) + fixed(mae, 4, width: 9)
          + fixed(100 * Double(inside) / m, 1, width: 10) + "%"
          + fixed(width / m, 1, width: 9))
}

// MARK: Snippet 23 (chapters/01-autoregressive.md:1274)
/// SplitMix64: a seeded 64-bit generator (Steele, Lea & Flood, OOPSLA 2014).
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal by Box–Muller: √(−2 ln u₁) cos(2π u₂), u₁ in (0, 1].
    mutating func nextNormal() -> Double {
        let u1 = 1 - nextUniform()
        let u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// A walk that starts at `start` and moves by a standard normal step each day.
func randomWalk(days: Int, start: Double, seed: UInt64) -> [Double] {
    var generator = SplitMix64(state: seed)
    var walk = [start]
    for _ in 1..<days { walk.append(walk.last! + generator.nextNormal()) }
    return walk
}

let walk = randomWalk(days: 1000, start: 100, seed: 2027)
print("1000 days: first \(fixed(walk[0], 4)), last \(fixed(walk[999], 4)),",
      "lowest \(fixed(walk.min()!, 4)), highest \(fixed(walk.max()!, 4))")

var walkPlot = LinePlot(title: "A seeded random walk, 1000 days",
                        xLabel: "day", yLabel: "price",
                        size: FigureSize(width: 720, height: 320),
                        description: "A price-like path that wanders with "
                            + "no cycle and no level to return to.")
walkPlot.add(series: "", x: 1...walk.count, y: walk)
show(walkPlot)

// MARK: Snippet 24 (chapters/01-autoregressive.md:1326)
let walkTrainingCount = 750
let walkTraining = Array(walk[..<walkTrainingCount])
let walkScores = candidates(walkTraining, maxOrder: maxOrder)
    .map(informationCriteria)
let walkAIC = walkScores.indices.min { walkScores[$0].aic < walkScores[$1].aic }
let walkBIC = walkScores.indices.min { walkScores[$0].bic < walkScores[$1].bic }
let walkAR1 = fitLeastSquares(walkTraining, order: 1)
print("random walk: AIC selects p = \(walkAIC!), BIC selects p = \(walkBIC!)")
print("AR(1) on days 1–\(walkTrainingCount):",
      "c = \(fixed(walkAR1.intercept, 6)),",
      "φ₁ = \(fixed(walkAR1.coefficients[0], 6))")
print("implied level c/(1 − φ₁) = \(fixed(walkAR1.mean, 4))")

let walkTest = walkTrainingCount..<walk.count
let walkMean = walkTraining.reduce(0, +) / Double(walkTraining.count)
let walkForecasts: [(name: String, predictions: [Double])] = [
    ("AR(1)", walkTest.map { walkAR1.predict(at: $0, from: walk) }),
    ("last value", walkTest.map { walk[$0 - 1] }),
    ("training mean", walkTest.map { _ in walkMean }),
]
print("one step ahead, days \(walkTest.first! + 1)–\(walkTest.last! + 1)")
print("model                RMSE         MAE")
for (name, predictions) in walkForecasts {
    let (rmse, mae) = errors(predictions, walk[walkTest])
    print(pad(name, 13) + fixed(rmse, 6, width: 13) + fixed(mae, 6, width: 12))
}

// MARK: Snippet 25 (chapters/01-autoregressive.md:1394)
/// Dickey–Fuller t-statistic: Δy_t = α + β y_{t−1} + ε_t by least squares,
/// the t of β.
func dickeyFuller(_ y: [Double]) -> Double {
    let level = Array(y.dropLast())
    let change = zip(y.dropFirst(), y).map { $0 - $1 }
    let n = Double(change.count)
    let meanLevel = level.reduce(0, +) / n, meanChange = change.reduce(0, +) / n
    var sxx = 0.0, sxy = 0.0
    for (x, d) in zip(level, change) {
        sxx += (x - meanLevel) * (x - meanLevel)
        sxy += (x - meanLevel) * (d - meanChange)
    }
    let beta = sxy / sxx, alpha = meanChange - beta * meanLevel
    var squaredErrors = 0.0
    for (x, d) in zip(level, change) {
        squaredErrors += (d - alpha - beta * x) * (d - alpha - beta * x)
    }
    return beta / (squaredErrors / (n - 2) / sxx).squareRoot()
}

let walkChanges = zip(walk.dropFirst(), walk).map { $0 - $1 }
let changeGammas = autocovariances(walkChanges, maxLag: 3)
print("Dickey–Fuller t (5% point about −2.86; below it: stationary)")
for (name, series) in [("sunspots, 1700–2008", sunspots), ("random walk", walk),
                       ("its daily changes", walkChanges)] {
    print(pad(name, 21) + fixed(dickeyFuller(series), 4, width: 10))
}
print("ACF of the changes, lags 1–3:",
      (1...3).map { fixed(changeGammas[$0] / changeGammas[0], 4) }
          .joined(separator: " "),
      " (band ±\(fixed(1.96 / Double(walkChanges.count).squareRoot(), 4)))")

// MARK: Solutions to the exercises (`swift run autoregressive --solutions` runs them)

// MARK: Snippet 26 (chapters/01-autoregressive.md:1484)
let yuleStart = years.firstIndex(of: 1749)!
let yuleEnd = years.firstIndex(of: 1924)!
let yuleYears = Array(sunspots[yuleStart...yuleEnd])
let yuleFit = fitLeastSquares(yuleYears, order: 2)
print("1749–1924: \(yuleYears.count) years, \(yuleFit.equations) equations")
print("               1749–1924      1700–2008")
for (name, a, b) in [("φ₁", yuleFit.coefficients[0], ar2.coefficients[0]),
                     ("φ₂", yuleFit.coefficients[1], ar2.coefficients[1]),
                     ("cycle (years)", oscillation(yuleFit)!.period,
                      swing.period)] {
    print(pad(name, 13) + fixed(a, 4, width: 12) + fixed(b, 4, width: 15))
}

// MARK: Snippet 27 (chapters/01-autoregressive.md:1511)
let threeQuarters = training.map { pow($0, 0.75) }
let milder = spreadByLevel(fitLeastSquares(threeQuarters, order: 9),
                           threeQuarters)
print("AR(9) on y^0.75: \(fixed(milder.low, 4)) / \(fixed(milder.high, 4))",
      "  ratio \(fixed(milder.high / milder.low, 2))")

// MARK: Snippet 28 (chapters/01-autoregressive.md:1527)
let changeFit = fitLeastSquares(Array(walkChanges.prefix(749)), order: 1)
let changeQ = ljungBox(residuals(changeFit, Array(walkChanges.prefix(749))),
                       lags: 20)
print("AR(1) on the changes: c = \(fixed(changeFit.intercept, 4)),",
      "φ₁ = \(fixed(changeFit.coefficients[0], 4))")
print("Ljung–Box Q = \(fixed(changeQ, 4)), df = 19,",
      "P(χ² > Q) = \(fixed(chiSquareTail(changeQ, degrees: 19), 4))")
