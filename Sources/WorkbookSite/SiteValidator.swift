import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Checks a generated site the way a strict reader would: every page parses as XML, carries a
/// Content-Security-Policy that forbids the network, every internal link and `#fragment`
/// resolves, and nothing points off the site.
///
/// `SiteBuilder`'s tests run it over the whole site; it returns problems instead of throwing so a
/// test can show them all at once.
public enum SiteValidator {
    /// `files` maps site-relative paths ("03-lstm.html", "assets/book.css") to contents; only
    /// `.html` files are parsed. Returns human-readable problems, sorted; empty means valid.
    public static func problems(in files: [String: String]) -> [String] {
        var problems: [String] = []
        var ids: [String: Set<String>] = [:]
        var links: [(page: String, attribute: String, value: String)] = []
        for (path, contents) in files where path.hasSuffix(".html") {
            let collector = Collector()
            let parser = XMLParser(data: Data(contents.utf8))
            parser.delegate = collector
            // On Linux, parse() can return true after a mismatched tag: trust the error callback.
            let succeeded = parser.parse()
            if let error = collector.firstError ?? (succeeded ? nil : (0, parser.lineNumber, parser.columnNumber)) {
                problems.append("\(path):\(error.line):\(error.column): not well-formed XML (libxml2 error \(error.code))")
                continue
            }
            problems += collector.duplicateIDs.map { "\(path): duplicate id \"\($0)\"" }
            if !(collector.contentSecurityPolicy?.hasPrefix("default-src 'none'") ?? false) {
                problems.append("\(path): no Content-Security-Policy starting with default-src 'none'")
            }
            ids[path] = collector.ids
            links += collector.links.map { (path, $0.attribute, $0.value) }
        }
        // Style sheets: every url(…) names a file of the site (fonts), never the network.
        for (path, contents) in files where path.hasSuffix(".css") {
            var rest = contents[...]
            while let open = rest.range(of: "url(") {
                guard let close = rest[open.upperBound...].firstIndex(of: ")") else { break }
                let value = rest[open.upperBound..<close].trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
                links.append((path, "url", value))
                rest = rest[close...]
            }
        }
        for link in links {
            let value = link.value
            if value.hasPrefix("#") {
                let fragment = String(value.dropFirst()).removingPercentEncoding ?? String(value.dropFirst())
                if !(ids[link.page]?.contains(fragment) ?? false) {
                    problems.append("\(link.page): \(link.attribute)=\"\(value)\" points to no id on the page")
                }
                continue
            }
            if value.hasPrefix("data:") && link.attribute == "src" { continue }
            if hasScheme(value) || value.hasPrefix("//") || value.hasPrefix("/") {
                problems.append("\(link.page): \(link.attribute)=\"\(value)\" leaves the site")
                continue
            }
            let parts = value.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let target = resolve(String(parts[0]), from: link.page)
            guard files[target] != nil else {
                problems.append("\(link.page): \(link.attribute)=\"\(value)\" points to missing file \(target)")
                continue
            }
            if parts.count == 2, !parts[1].isEmpty, !(ids[target]?.contains(String(parts[1])) ?? false) {
                problems.append("\(link.page): \(link.attribute)=\"\(value)\" points to no id in \(target)")
            }
        }
        return problems.sorted()
    }

    /// Joins a relative link to the directory of the page it is on, resolving "..".
    static func resolve(_ relative: String, from page: String) -> String {
        var components = page.split(separator: "/").dropLast().map(String.init)
        for part in relative.split(separator: "/") {
            if part == ".." { _ = components.popLast() } else if part != "." { components.append(String(part)) }
        }
        return components.joined(separator: "/")
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var ids: Set<String> = []
        var duplicateIDs: [String] = []
        var links: [(attribute: String, value: String)] = []
        var firstError: (code: Int, line: Int, column: Int)?
        var contentSecurityPolicy: String?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if firstError == nil {
                firstError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber)
            }
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if let id = attributes["id"], !ids.insert(id).inserted { duplicateIDs.append(id) }
            if elementName == "meta", attributes["http-equiv"] == "Content-Security-Policy" {
                contentSecurityPolicy = attributes["content"]
            }
            for name in ["href", "src"] {
                if let value = attributes[name] { links.append((name, value)) }
            }
            if let style = attributes["style"], style.contains("url(") { links.append(("style", "url-in-style:")) }
        }
    }
}

extension SiteValidator {
    /// Whether `reference` names a scheme (`https:`, `mailto:`, `javascript:`…): letters, digits,
    /// `+ - .` before a colon that comes before any `/ ? #`. `page.html#eq:cell` has none.
    static func hasScheme(_ reference: String) -> Bool {
        guard let colon = reference.firstIndex(of: ":") else { return false }
        let scheme = reference[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}
