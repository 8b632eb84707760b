import Testing
@testable import WorkbookSite

/// Digests checked against Python's hashlib.
@Suite struct SHA256Tests {
    func hex(_ text: String) -> String {
        SHA256.digest(Array(text.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "x", count: 55), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
        (String(repeating: "x", count: 56), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func digest(input: String, expected: String) {
        #expect(hex(input) == expected)
    }

    @Test func themeScriptHashMatchesIndependentComputation() {
        #expect(SHA256.cspSource(for: PageTemplate.themeScript) == "'sha256-DC9w7PwLoELFvV9zg7KQ7d3gDhoy81kwDZhDwtDxcDk='")
    }
}
