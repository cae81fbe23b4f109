import Foundation
import GazetteCore
import Testing
@testable import GazetteUI

@Suite("Rich text in the reader")
struct RichLayoutTests {
    static let html = """
    <h2>Section</h2>
    <p>Some <b>bold</b> and <a href="https://example.com/one">a link</a> in a paragraph long enough to wrap more than once at forty.</p>
    <ol start="3"><li>Third item, which is long enough that it has to wrap onto another line</li><li>Fourth<ul><li>nested bullet that also wraps around at narrow widths</li></ul></li></ol>
    <blockquote><p>A quotation that goes on for a while so that it wraps and shows the bar on every line.</p></blockquote>
    <pre>short
    a preformatted line that is much too long to fit in forty columns of text</pre>
    <table><tr><th>Country</th><th>Capital</th><th>People</th></tr>
    <tr><td>France</td><td>Paris</td><td>68 million</td></tr>
    <tr><td>日本</td><td>東京</td><td>125 million people on many islands, a cell that must wrap</td></tr></table>
    """

    static func lines(width: Int, html: String = html) -> [ReaderLine] {
        let rich = RichText(encoded: HTMLText.convertRich(html).rich!)
        return RichLayout.lines(rich, width: width)
    }

    static func text(_ lines: [ReaderLine]) -> [String] { lines.filter { $0.kind == .body }.map(\.text) }

    @Test("List items and quotes hang: wrapped lines start under the text, the quote's bar is on every line, numbers are kept")
    func hangingIndents() throws {
        let body = Self.text(Self.lines(width: 40))
        let third = try #require(body.firstIndex { $0.hasPrefix("3. Third item") })
        #expect(body[third + 1].hasPrefix("   ") && !body[third + 1].hasPrefix("    "), "\(body[third + 1])")
        let fourth = try #require(body.firstIndex { $0.hasPrefix("4. Fourth") })
        #expect(body[fourth + 1].hasPrefix("   ◦ nested"), "\(body[fourth + 1])")
        #expect(body[fourth + 2].hasPrefix("     ") && body[fourth + 2].trimmingCharacters(in: .whitespaces).first?.isLetter == true)
        let quote = body.filter { $0.hasPrefix("│ ") }
        #expect(quote.count >= 3 && quote.joined(separator: " ").contains("so that it wraps"), "\(quote)")
    }

    @Test("At every width from 10 to 120 no line is wider than the column, and places in the text only move forward")
    func fitsEveryWidth() {
        for width in 10...120 {
            let lines = Self.lines(width: width)
            for line in lines {
                #expect(line.width <= width, "width \(width): \(line.text)")
                #expect(DisplayText.width(line.text) == line.width, "width \(width): \(line.text)")
                if !line.spans.isEmpty { #expect(line.spans.map(\.text).joined() == line.text) }
            }
            #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.anchor <= $1.anchor }, "width \(width)")
        }
    }

    @Test("Preformatted lines keep their spaces and are cut with a marker, never wrapped")
    func preformatted() throws {
        let body = Self.text(Self.lines(width: 40))
        let short = try #require(body.firstIndex(of: "short"))
        #expect(body[short + 1].hasPrefix("a preformatted line") && body[short + 1].hasSuffix("→"))
        #expect(!body.contains { $0.hasPrefix("forty columns") })
    }

    @Test("A table is aligned columns with a rule under its header (CJK counted as two cells); too narrow, it reads row by row")
    func table() throws {
        let wide = Self.text(Self.lines(width: 70))
        let header = try #require(wide.firstIndex { $0.hasPrefix("Country") })
        let bars = wide[header...].prefix(4).map { line in line.indices.filter { line[$0] == "│" || line[$0] == "┼" }.map { DisplayText.width(line[..<$0]) } }
        #expect(bars.allSatisfy { $0 == bars[0] } && bars[0].count == 2, "\(wide[header...].prefix(4))")
        #expect(wide[header + 1].hasPrefix("───"))
        #expect(wide.contains { $0.hasPrefix("日本    │ 東京") }, "\(wide)")
        // The long cell wraps inside its column: the next line is blank in the first two.
        let japan = try #require(wide.firstIndex { $0.hasPrefix("日本") })
        #expect(wide[japan + 1].hasPrefix("        │         │ "), "\(wide[japan + 1])")
        let narrow = Self.text(Self.lines(width: 20))
        #expect(narrow.contains("Country: France") && narrow.contains("Capital: Paris"), "\(narrow)")
    }

    @Test("Styles reach the screen: bold, links underlined, headings bold")
    func styles() throws {
        let lines = Self.lines(width: 70)
        let heading = try #require(lines.first { $0.text == "Section" })
        #expect(heading.spans.allSatisfy { $0.style.bold })
        let paragraph = try #require(lines.first { $0.text.hasPrefix("Some bold") })
        #expect(paragraph.spans.first { $0.text == "bold" }?.style.bold == true)
        #expect(paragraph.spans.first { $0.text == "a link" }?.style.underline == true)
        #expect(paragraph.spans.first { $0.text.hasPrefix(" and") }?.style.bold == false)
    }
}
