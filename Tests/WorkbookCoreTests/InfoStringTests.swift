import Testing
@testable import WorkbookCore

@Suite struct InfoStringTests {
    @Test func languageAndAttributes() throws {
        let info = try InfoString(parsing: #"swift traps="Index out of range" setup tolerance=1e-4"#)
        #expect(info == InfoString(language: "swift", attributes: [
            .init(name: "traps", value: "Index out of range"),
            .init(name: "setup", value: nil),
            .init(name: "tolerance", value: "1e-4"),
        ]))
    }

    @Test func escapesInsideQuotes() throws {
        let info = try InfoString(parsing: #"swift traps="say \"hi\" \\ bye""#)
        #expect(info.attribute("traps")?.value == #"say "hi" \ bye"#)
    }

    @Test func emptyInfo() throws {
        #expect(try InfoString(parsing: "") == InfoString(language: ""))
    }

    @Test func malformed() {
        #expect(throws: InfoStringError(message: "attribute 'traps' has an unterminated quoted value")) {
            try InfoString(parsing: #"swift traps="open"#)
        }
        #expect(throws: InfoStringError(message: "attribute 'tolerance' has an empty value")) {
            try InfoString(parsing: "output tolerance=")
        }
        #expect(throws: InfoStringError(message: "expected an attribute name before '='")) {
            try InfoString(parsing: "swift =3")
        }
    }
}
