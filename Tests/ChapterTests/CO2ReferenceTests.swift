import Foundation
import Testing

/// Checks the autoregressive numbers of chapter 3's Keeling-curve section (and its baselines)
/// against statsmodels, an independent implementation.
///
/// The reference is `References/co2_reference.json`, written by `References/co2_reference.py`
/// (run by hand; this test never needs Python) from the same `chapters/data/co2-monthly.csv`.
/// The numbers compared are read from the chapter's output blocks, which `ChapterOutputTests`
/// verifies against a real run: together the two tests say that what the book shows is what
/// the code computes, and that it is what statsmodels' `AutoReg` computes. The networks of the
/// section are not checked here; their layers are checked against PyTorch elsewhere.
///
/// A printed number passes when it is the reference value correctly rounded to the digits it
/// shows (`PrintedOutput.expect`).
@Suite struct CO2ReferenceTests {
    static let chapterPath = "chapters/03-lstm.md"
    static let referencePath = "Tests/ChapterTests/References/co2_reference.json"

    let reference: Reference
    let printed: PrintedOutput

    init() throws {
        reference = try PrintedOutput.reference(Reference.self, at: Self.referencePath)
        printed = try PrintedOutput(chapterPath: Self.chapterPath)
    }

    @Test func referenceRecordsItsVersions() {
        for tool in ["python", "numpy", "pandas", "statsmodels"] {
            #expect(!(reference.versions[tool] ?? "").isEmpty, "the reference JSON does not record the \(tool) version")
        }
    }

    @Test func monthsKeptAndGaps() throws {
        let data = reference.data
        try printed.expectLine("no value: " + data.gaps.joined(separator: " "))
        let kept = try printed.line(startingWith: "kept: ")
        #expect(kept.text.hasPrefix("kept: \(data.count) months, \(data.firstMonth) to \(data.lastMonth), "),
                "\(kept): expected \(data.count) months, \(data.firstMonth) to \(data.lastMonth)")
    }

    @Test func splitByTime() throws {
        let data = reference.data
        for (name, count) in [("training", data.trainingTargets), ("validation", data.validationTargets), ("test", data.testTargets)] {
            // The name padded to 12 columns, as printed (the exercise has a "training from" line).
            let line = try printed.line(startingWith: name + String(repeating: " ", count: 12 - name.count))
            let words = line.text.split(separator: " ")
            #expect(words.count > 5 && words[4] == "\(count)" && words[5] == "months,", "\(line): expected \(count) months")
        }
        let training = try printed.line(startingWith: "training    ")
        #expect(training.text.split(separator: " ")[1] == data.firstTrainingTarget,
                "\(training): the first training target should be \(data.firstTrainingTarget)")
    }

    @Test func orderChosenOnValidation() throws {
        let rows = try printed.block(startingWith: "validation RMSE (ppm) of AR(p), one step ahead")
        let orders = reference.orders
        try #require(rows.count >= 1 + orders.count / 6, "the order table has \(rows.count) lines")
        for first in stride(from: 1, through: orders.count, by: 6) {
            let row = rows[1 + first / 6]
            let expected = orders[(first - 1)..<(first + 5)].map(\.validation.rmse)
            printed.expect(row, label: "p = \(first)–\(first + 5)", Array(expected), minimumDigits: 4)
        }
        try printed.expect(line: "chosen: AR(\(reference.order)), c = ", [reference.ar.intercept], minimumDigits: 6)
    }

    @Test func coefficientsOfTheChosenOrder() throws {
        let phi = reference.ar.phi
        #expect(phi.count == reference.order)
        for first in stride(from: 1, through: phi.count, by: 6) {
            let last = min(first + 5, phi.count)
            // Printed with six decimals: the smallest weights show four significant digits.
            try printed.expect(line: "φ\(first)–φ\(last) ", Array(phi[(first - 1)..<last]), minimumDigits: 4)
        }
    }

    @Test func testErrorsOfTheARAndTheBaselines() throws {
        let rows = [("naive, y[t−1]", "naive"), ("seasonal naive, y[t−12]", "seasonal naive"),
                    ("naive on s, s[t−1]", "naive on s"), ("AR(\(reference.order)) ", "AR")]
        for (label, key) in rows {
            let validation = try #require(reference.validation[key], "no validation reference for \(key)")
            let test = try #require(reference.test[key], "no test reference for \(key)")
            try printed.expect(line: label, [validation.rmse, test.rmse, test.mae], minimumDigits: 4)
        }
    }

    // MARK: - The reference JSON

    struct Reference: Decodable {
        struct DataSummary: Decodable {
            let firstMonth, lastMonth: String
            let count: Int
            let gaps: [String]
            let trainingTargets, validationTargets, testTargets: Int
            let firstTrainingTarget: String
        }
        struct Errors: Decodable { let rmse, mae: Double }
        struct Candidate: Decodable { let p: Int, validation: Errors }
        struct Fit: Decodable { let intercept: Double, phi: [Double], sigma2: Double, nobs: Int }

        let versions: [String: String]
        let data: DataSummary
        let orders: [Candidate]
        let order: Int
        let ar: Fit
        let validation: [String: Errors]
        let test: [String: Errors]
    }
}
