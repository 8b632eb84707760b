/// The numbers behind a figure as an accessible HTML table.
///
/// The site puts it in a `<details>` under the figure; screen readers get the exact values the
/// picture shows. Numbers use six significant digits, formatted without locale.
struct DataTable: Equatable {
    var caption: String
    var columns: [String]
    /// Each row: a header cell (row label, may be empty) and numbers or text.
    var rows: [[Cell]]

    enum Cell: Equatable {
        case header(String)
        case text(String)
        case number(Double)
    }

    func html() -> String {
        var html = "<table class=\"fig-data\">\n<caption>" + Escaping.xml(caption) + "</caption>\n<thead><tr>"
        for column in columns {
            html += "<th scope=\"col\">" + Escaping.xml(column) + "</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for cell in row {
                switch cell {
                case .header(let text): html += "<th scope=\"row\">" + Escaping.xml(text) + "</th>"
                case .text(let text): html += "<td>" + Escaping.xml(text) + "</td>"
                case .number(let value): html += "<td>" + NumberFormat.significant(value, digits: 6) + "</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}
