import Foundation
import Testing
import WorkbookCore

/// Checks the numbers chapter 1 prints against statsmodels, an independent implementation.
///
/// The reference is `References/autoregressive_reference.json`, written by
/// `References/autoregressive_reference.py` (run by hand; this test never needs Python). The
/// numbers compared are read from the chapter's output blocks, which `ChapterOutputTests`
/// verifies against a real run of the chapter: together the two tests say that what the book
/// shows is what the code computes, and that it is what statsmodels computes.
///
/// A printed number passes when it is the reference value correctly rounded to the digits it
/// shows; the key fitted numbers must also show at least six significant digits.
@Suite struct AutoregressiveReferenceTests {
    static let chapterPath = "chapters/01-autoregressive.md"
    static let referencePath = "Tests/ChapterTests/References/autoregressive_reference.json"

    let reference: Reference
    let printed: PrintedOutput

    init() throws {
        reference = try PrintedOutput.reference(Reference.self, at: Self.referencePath)
        printed = try PrintedOutput(chapterPath: Self.chapterPath)
    }

    @Test func referenceRecordsItsVersions() {
        for (tool, version) in [("python", reference.versions.python), ("numpy", reference.versions.numpy), ("statsmodels", reference.versions.statsmodels)] {
            #expect(!version.isEmpty, "the reference JSON does not record the \(tool) version")
        }
    }

    @Test func dataSummary() throws {
        let data = reference.data
        try printed.expectLine("\(data.count) years, \(data.firstYear)–\(data.lastYear)")
        let rows = try printed.block(startingWith: "\(data.count) years, ")
        try #require(rows.count > 1, "the data summary has no line for the mean")
        printed.expect(rows[1], label: "mean ", [data.mean], minimumDigits: 6)
    }

    @Test func leastSquaresAR2OnAllYears() throws {
        let fit = reference.ar2Full
        try printed.expectLine("AR(2) by least squares, \(reference.data.firstYear)–\(reference.data.lastYear), \(fit.nobs) equations")
        try printed.expect(line: "c  = ", [fit.intercept], minimumDigits: 6)
        try printed.expect(line: "φ₁ = ", [fit.phi[0]], minimumDigits: 6)
        try printed.expect(line: "φ₂ = ", [fit.phi[1]], minimumDigits: 6)
        try printed.expect(line: "σ² = ", [fit.sigma2], minimumDigits: 6)
        try printed.expect(line: "mean level ", [try #require(fit.mean)], minimumDigits: 6)
    }

    @Test func ar2IsADampedOscillatorWithAnElevenYearCycle() throws {
        let swing = try #require(reference.ar2Full.oscillation)
        try printed.expect(line: "roots z = ", [swing.real, swing.imaginary], minimumDigits: 6)
        try printed.expect(line: "modulus r = ", [swing.modulus, swing.angle], minimumDigits: 6)
        try printed.expect(line: "cycle length 2π/θ = ", [swing.period], minimumDigits: 6)
        try printed.expect(line: "amplitude left after one cycle", [swing.amplitudeAfterOneCycle])
    }

    @Test func yuleWalkerAR2BesideLeastSquares() throws {
        let rows = try printed.block(startingWith: "AR(2), \(reference.data.firstYear)–\(reference.data.lastYear)    least squares   Yule–Walker")
        try #require(rows.count == 5, "expected a header and 4 rows, got \(rows.count) lines")
        let (ls, yw) = (reference.ar2Full, reference.yuleWalkerAr2Full)
        let lsCycle = try #require(ls.oscillation).period
        let ywCycle = try #require(yw.oscillation).period
        printed.expect(rows[1], label: "φ₁", [ls.phi[0], yw.phi[0]], minimumDigits: 6)
        printed.expect(rows[2], label: "φ₂", [ls.phi[1], yw.phi[1]], minimumDigits: 6)
        printed.expect(rows[3], label: "σ", [ls.sigma2.squareRoot(), yw.sigma], minimumDigits: 6)
        printed.expect(rows[4], label: "cycle length (years)", [lsCycle, ywCycle], minimumDigits: 6)
    }

    @Test func autocorrelationsAndPartialAutocorrelations() throws {
        let rows = try printed.block(startingWith: "lag        ACF        PACF")
        try #require(rows.count == reference.acf.count + 1, "expected a header and \(reference.acf.count) lags, got \(rows.count) lines")
        for lag in 1...reference.acf.count {
            printed.expect(rows[lag], label: String(format: "%3d", lag), [reference.acf[lag - 1], reference.pacf[lag - 1]])
        }
    }

    @Test func orderSelectionOnTheTrainingYears() throws {
        let selection = reference.orderSelection
        let rows = try printed.block(startingWith: "order selection on ")
        try #require(rows.count == selection.table.count + 3, "expected a title, a header, \(selection.table.count) orders and a verdict, got \(rows.count) lines")
        for candidate in selection.table {
            printed.expect(rows[2 + candidate.p], label: String(format: "%3d", candidate.p), [candidate.sigma2, candidate.aic, candidate.bic], minimumDigits: 6)
        }
        try printed.expectLine("AIC selects p = \(selection.aicOrder), BIC selects p = \(selection.bicOrder)")
    }

    @Test func ar2AndAR9FittedOnTheTrainingYears() throws {
        let (ar2, ar9) = (reference.ar2Train, reference.ar9Train)
        try #require(ar2.phi.count == 2 && ar9.phi.count == 9, "the reference should hold an AR(2) and an AR(9)")
        let rows = try printed.block(startingWith: "fitted on \(reference.data.firstYear)–\(reference.lastTrainingYear)      AR(2)          AR(9)")
        try #require(rows.count == 13, "expected a header, c, φ1 … φ9, σ² and the cycle, got \(rows.count) lines")
        printed.expect(rows[1], label: "c", [ar2.intercept, ar9.intercept], minimumDigits: 6)
        for k in 0..<9 {
            printed.expect(rows[2 + k], label: "φ\(k + 1)", k < 2 ? [ar2.phi[k], ar9.phi[k]] : [ar9.phi[k]], minimumDigits: 6)
        }
        printed.expect(rows[11], label: "σ²", [ar2.sigma2, ar9.sigma2], minimumDigits: 6)
        printed.expect(rows[12], label: "cycle of the AR(2):", [try #require(ar2.oscillation).period], minimumDigits: 6)
    }

    @Test func oneStepForecastsBesideTheBaselines() throws {
        let firstTestYear = reference.lastTrainingYear + 1
        let rows = try printed.block(startingWith: "one step ahead, \(firstTestYear)–\(reference.data.lastYear) (\(reference.data.lastYear - reference.lastTrainingYear) years)")
        try printed.expectTable(rows.dropFirst(2), reference.oneStep, order: ["AR(9)", "AR(2)", "last value", "training mean"])
    }

    @Test func recursiveForecastFromTheEndOfTraining() throws {
        let rows = try printed.block(startingWith: "forecast made at the end of \(reference.lastTrainingYear) by the AR(9)")
        try #require(rows.count == reference.ar9ForecastFrom1919.count + 2, "expected a title, a header and \(reference.ar9ForecastFrom1919.count) years, got \(rows.count) lines")
        for (h, forecast) in reference.ar9ForecastFrom1919.enumerated() {
            let row = rows[2 + h]
            // Each row: year, actual value, forecast; only the forecast comes from the model.
            let numbers = PrintedOutput.decimals(in: row.text)
            #expect(row.text.hasPrefix("\(reference.lastTrainingYear + 1 + h) "), "\(row): expected the year \(reference.lastTrainingYear + 1 + h)")
            guard numbers.count == 2 else {
                Issue.record("\(row): expected an actual value and a forecast", sourceLocation: printed.location(row))
                continue
            }
            printed.expect(numbers[1], matches: forecast, minimumDigits: 1, at: row)
        }
    }

    @Test func errorGrowsWithTheHorizon() throws {
        let columns = ["AR(9)", "AR(2)", "last value", "mean"]
        let rows = try printed.block(startingWith: "RMSE by horizon, targets in ")
        let header = try #require(rows.count > 1 ? rows[1] : nil, "the horizon table has no header")
        #expect(header.text.split(separator: " ").joined(separator: " ") == "h AR(9) AR(2) last value mean", "\(header): unexpected columns")
        let horizons = try columns.map { name in try #require(reference.rmseByHorizon[name], "no reference for \(name)") }
        try #require(rows.count == horizons[0].count + 2, "expected a title, a header and \(horizons[0].count) horizons, got \(rows.count) lines")
        for h in 0..<horizons[0].count {
            printed.expect(rows[2 + h], label: String(format: "%3d", h + 1), horizons.map { $0[h] }, minimumDigits: 6)
        }
    }

    @Test func randomWalkIsBestForecastByItsLastValue() throws {
        let walk = reference.randomWalk
        try printed.expect(line: "1000 days: ", [walk.first, walk.last, walk.lowest, walk.highest])
        try printed.expectLine("random walk: AIC selects p = \(walk.aicOrder), BIC selects p = \(walk.bicOrder)")
        try printed.expect(line: "AR(1) on days 1–", [walk.ar1.intercept, walk.ar1.phi[0]], minimumDigits: 6)
        try printed.expect(line: "implied level c/(1 − φ₁) = ", [try #require(walk.ar1.mean)], minimumDigits: 6)
        let rows = try printed.block(startingWith: "one step ahead, days ")
        try printed.expectTable(rows.dropFirst(2), walk.oneStep, order: ["AR(1)", "last value", "training mean"])
    }
}

extension AutoregressiveReferenceTests {
    @Test func statsmodelsRootsAreTheReciprocals() throws {
        try printed.expect(line: "statsmodels' .roots are 1/z: modulus 1/r =",
                           [reference.statistics.lagPolynomialRootModulus], minimumDigits: 6)
    }

    @Test func predictionIntervalCoverageOnTheTestYears() throws {
        let stats = reference.statistics
        let rows = try printed.block(startingWith: "share of test targets inside the interval")
        try #require(rows.count == stats.coverageHorizons.count + 3,
                     "expected a title, two header lines and \(stats.coverageHorizons.count) horizons, got \(rows.count) lines")
        let ar2 = try #require(stats.coverage["AR(2)"]), ar9 = try #require(stats.coverage["AR(9)"])
        for (i, h) in stats.coverageHorizons.enumerated() {
            // The coverages are printed as percentages with one decimal.
            let expected = [stats.ar9HalfWidth95[i]] + [ar2["80"]!, ar2["95"]!, ar9["80"]!, ar9["95"]!].map { 100 * $0[i] }
            printed.expect(rows[3 + i], label: String(format: "%3d", h), expected)
        }
    }

    @Test func ljungBoxOnTheTrainingResiduals() throws {
        for name in ["AR(2)", "AR(9)"] {
            let lb = try #require(reference.statistics.ljungBox[name])
            let line = try printed.line(startingWith: "\(name)  Q = ")
            #expect(line.text.contains("df = \(lb.df) "), "\(line): expected df = \(lb.df)")
            printed.expect(line, label: "\(name)  Q = ", [lb.q, lb.pValue], minimumDigits: 5)
        }
    }

    @Test func squareRootModel() throws {
        let root = reference.statistics.squareRoot
        let spread = try printed.block(startingWith: "training one-step error (rms), previous year below / above median")
        try #require(spread.count == 3, "expected a title and two models, got \(spread.count) lines")
        for (row, label, s) in [(spread[1], "AR(9) on y", root.spreadRaw), (spread[2], "AR(9) on √y", root.spreadRoot)] {
            printed.expect(row, label: label, [s.low, s.high, s.high / s.low], minimumDigits: 2)
        }
        let test = try printed.block(startingWith: "one step ahead, 1920–2008        RMSE")
        try #require(test.count == 3, "expected a header and two models, got \(test.count) lines")
        for (row, label, f) in [(test[1], "AR(9) on y", root.raw), (test[2], "AR(9) on √y, squared", root.root)] {
            printed.expect(row, label: label, [f.rmse, f.mae, 100 * f.inside95, f.width])
        }
    }

    @Test func dickeyFullerAndTheDifferencedWalk() throws {
        let df = reference.statistics.dickeyFuller
        for (label, key) in [("sunspots, 1700–2008", "sunspots"), ("random walk  ", "random walk"), ("its daily changes", "changes")] {
            let entry = try #require(df[key])
            try printed.expect(line: label, [entry.t], minimumDigits: 5)
            // The chapter quotes the 5% point as "about −2.86"; statsmodels' finite-sample values round to it.
            #expect(abs(entry.critical5 - -2.86) < 0.015, "\(key): statsmodels' 5% point is \(entry.critical5)")
        }
        let line = try printed.line(startingWith: "ACF of the changes, lags 1–3:")
        let numbers = PrintedOutput.decimals(in: line.text)
        try #require(numbers.count == 4, "\(line): expected three autocorrelations and the band")
        for (text, value) in zip(numbers, reference.statistics.changeAcf) {
            printed.expect(text, matches: value, minimumDigits: 2, at: line)
        }
    }

    // MARK: - The reference JSON

    struct Reference: Decodable {
        struct Versions: Decodable { let python: String, numpy: String, statsmodels: String }
        struct DataSummary: Decodable { let firstYear: Int, lastYear: Int, count: Int, mean: Double }
        struct Oscillation: Decodable { let real, imaginary, modulus, angle, period, amplitudeAfterOneCycle: Double }
        struct Fit: Decodable {
            let intercept: Double
            let phi: [Double]
            let sigma2: Double
            let nobs: Int
            let mean: Double?
            let oscillation: Oscillation?
        }
        struct YuleWalker: Decodable { let phi: [Double], sigma: Double, oscillation: Oscillation? }
        struct Candidate: Decodable { let p: Int, sigma2: Double, aic: Double, bic: Double }
        struct OrderSelection: Decodable { let table: [Candidate], aicOrder: Int, bicOrder: Int }
        struct Errors: Decodable { let rmse: Double, mae: Double }
        struct RandomWalk: Decodable {
            let first, last, lowest, highest: Double
            let aicOrder, bicOrder: Int
            let ar1: Fit
            let oneStep: [String: Errors]
        }

        let versions: Versions
        let data: DataSummary
        let ar2Full: Fit
        let yuleWalkerAr2Full: YuleWalker
        let acf: [Double]
        let pacf: [Double]
        let lastTrainingYear: Int
        let orderSelection: OrderSelection
        let ar2Train: Fit
        let ar9Train: Fit
        let oneStep: [String: Errors]
        let ar9ForecastFrom1919: [Double]
        let rmseByHorizon: [String: [Double]]
        let randomWalk: RandomWalk
        let statistics: Statistics

        struct Statistics: Decodable {
            struct LjungBox: Decodable { let q: Double, df: Int, pValue: Double }
            struct Spread: Decodable { let low, high: Double }
            struct Forecast: Decodable { let rmse, mae, inside95, width: Double }
            struct SquareRoot: Decodable {
                let spreadRaw, spreadRoot: Spread
                let raw, root: Forecast
            }
            struct DickeyFuller: Decodable { let t, critical5: Double, nobs: Int }
            let coverageHorizons: [Int]
            let ar9HalfWidth95: [Double]
            let coverage: [String: [String: [Double]]]
            let ljungBox: [String: LjungBox]
            let squareRoot: SquareRoot
            let dickeyFuller: [String: DickeyFuller]
            let changeAcf: [Double]
            let lagPolynomialRootModulus: Double
        }
    }
}

extension PrintedOutput {
    /// Expects rows `name  RMSE  MAE`, in the given order, to match `errors`.
    func expectTable(_ rows: ArraySlice<Line>, _ errors: [String: AutoregressiveReferenceTests.Reference.Errors], order: [String]) throws {
        try #require(rows.count == order.count, "expected \(order.count) rows (\(order.joined(separator: ", "))), got \(rows.count)")
        for (row, name) in zip(rows, order) {
            let reference = try #require(errors[name], "the reference has no errors for \(name)")
            expect(row, label: name, [reference.rmse, reference.mae], minimumDigits: 6)
        }
    }
}
