import Foundation
import Testing
@testable import GazetteCore

@Suite("Rich text from feed HTML")
struct RichTextTests {
    static let html = """
    <h2>Results</h2>
    <p>Some <b>bold</b>, <em>italic</em>, <code>x = 1</code> and a <a href="https://example.com/one">link</a>.</p>
    <ol start="3"><li>third</li><li value="9">ninth<ul><li>inner</li></ul></li><li>tenth</li></ol>
    <blockquote><p>Quoted <strong>words</strong></p><blockquote>deeper</blockquote></blockquote>
    <pre>line one
      indented line</pre>
    <table><thead><tr><th>Name</th><th>Age</th></tr></thead><tbody><tr><td><p>Ann</p></td><td>42</td></tr></tbody></table>
    <p><img src="/cat.jpg" alt="A cat"> <img src="https://t.example.com/p.gif" width="1" height="1"> <img src="data:image/png;base64,AAAA" alt="inline"></p>
    <hr><p>End.</p>
    """

    @Test("Headings, styles, ordered lists with start and value, nested lists, quotes, pre, tables, images and rules are kept")
    func structure() throws {
        let (text, rich) = HTMLText.convertRich(Self.html, base: "https://blog.example.com/post")
        let blocks = RichText(encoded: try #require(rich)).blocks
        #expect(blocks[0] == RichText.Block(kind: .heading(2), cells: [[RichText.Run("Results")]]))
        #expect(blocks[1].cells[0] == [
            RichText.Run("Some "), RichText.Run("bold", style: .bold), RichText.Run(", "), RichText.Run("italic", style: .italic),
            RichText.Run(", "), RichText.Run("x = 1", style: .code), RichText.Run(" and a "),
            RichText.Run("link", style: .link, link: 1), RichText.Run(" [1]."),
        ])
        #expect(blocks[2].containers == [.item("3.")] && blocks[2].plainText == "third")
        #expect(blocks[3].containers == [.item("9.")] && blocks[3].plainText == "ninth")
        #expect(blocks[4].containers == [.itemContinued, .item("-")] && blocks[4].plainText == "inner")
        #expect(blocks[5].containers == [.item("10.")] && blocks[5].plainText == "tenth")
        #expect(blocks[6].containers == [.quote] && blocks[6].plainText == "Quoted words")
        #expect(blocks[7].containers == [.quote, .quote] && blocks[7].plainText == "deeper")
        #expect(blocks[8].kind == .preformatted && blocks[8].plainText == "line one\n  indented line")
        #expect(blocks[9].kind == .row(header: true) && blocks[9].cells.map { $0.map(\.text).joined() } == ["Name", "Age"])
        #expect(blocks[10].kind == .row(header: false) && blocks[10].cells.map { $0.map(\.text).joined() } == ["Ann", "42"])
        // The image has a number and its address among the links; the tracking pixel and the
        // inline data image have none.
        #expect(blocks[11].plainText == "[image 2: A cat] [image: inline]")
        #expect(blocks[12].kind == .rule)
        #expect(text.contains("3. third\n\n9. ninth\n\n  - inner\n\n10. tenth"), "\(text)")
        #expect(text.contains("[image 2: A cat]"))
        #expect(text.hasSuffix("Links:\n[1] https://example.com/one\n[2] https://blog.example.com/cat.jpg"), "\(text)")
        #expect(!text.contains("t.example.com") && !text.contains("base64"))
    }

    @Test("Invisible characters pasted into a link (zero-width spaces, a BOM, a soft hyphen) are not part of its address")
    func invisiblesInLinks() {
        let html = "<p><a href=\"\u{200B}\u{200B}https://example.com/chat\">chat</a> and <a href=\"/a\u{00AD}b\u{FEFF}\">ab</a>"
            + " and <a href=\"https://example.com/caf\u{E9}\">caf\u{E9}</a></p>"
        let (text, _) = HTMLText.convertRich(html, base: "https://blog.example.com/post")
        #expect(text.hasSuffix("Links:\n[1] https://example.com/chat\n[2] https://blog.example.com/ab\n[3] https://example.com/caf\u{E9}"), "\(text)")
    }

    @Test("The stored form reads back to the same blocks, whatever the text holds (backslashes, escapes' look-alikes, tabs, line breaks)")
    func roundTrip() throws {
        let (_, rich) = HTMLText.convertRich(Self.html + #"<p>C:\temp\s1; and \t and \\ <i>a\nb</i></p>"#)
        let original = RichText(encoded: try #require(rich))
        #expect(RichText(encoded: original.encoded) == original)
        #expect(original.encoded == rich)
        let odd = RichText(blocks: [RichText.Block(containers: [.quote, .item("12.")], kind: .paragraph,
                                                   cells: [[RichText.Run("a\\s3;b\nc\td", style: [.bold, .link], link: 4)]])])
        let back = RichText(encoded: odd.encoded)
        #expect(back.blocks[0].containers == [.quote, .item("12.")])
        #expect(back.blocks[0].cells[0] == [RichText.Run("a\\s3;b\nc d", style: [.bold, .link], link: 4)])
    }

    @Test("A damaged stored form loses nothing: unknown lines are paragraphs, bad escapes are text, nesting is bounded")
    func damaged() {
        let rich = RichText(encoded: "zz what is this\np unfinished \\s12\n" + String(repeating: "> ", count: 5000) + "p deep\nh9 not a heading\n")
        #expect(rich.blocks.count == 4)
        #expect(rich.blocks[0].plainText == "zz what is this")
        #expect(rich.blocks[1].plainText == "unfinished s12")
        #expect(rich.blocks[2].containers.count == RichText.maxDepth && rich.blocks[2].plainText == "deep")
        #expect(rich.blocks[3].plainText == "h9 not a heading")
    }

    @Test("Plain text without structure keeps no rich copy; an article's body change drops a stale one")
    func plainKeepsNone() {
        #expect(HTMLText.convertRich("<p>One.</p><p>Two.</p>").rich == nil)
        #expect(HTMLText.convertRich("just text").rich == nil)
        var article = Article(id: ArticleID(rawValue: 1), title: "t", category: "c", body: "")
        article.setText("x", rich: HTMLText.convertRich("<b>x</b>").rich)
        #expect(article.rich != nil)
        article.appendParagraph("Attachment: https://a.example/x.mp3")
        #expect(article.richText.blocks.last?.plainText == "Attachment: https://a.example/x.mp3")
        article.body = "replaced"
        #expect(article.rich == nil && article.richText.blocks.map(\.plainText) == ["replaced"])
    }

    @Test("A feed item's rich text survives the article file, and its control characters do not")
    func storedInArticle() throws {
        var article = Article(id: ArticleID(rawValue: 7), title: "t", category: "c", body: "")
        article.setText("x", rich: HTMLText.convertRich("<p><b>bold\u{1B}[31m</b></p>").rich)
        let clean = article.sanitized()
        #expect(clean.rich?.contains("\u{1B}") == false)
        let decoded = try JSONDecoder().decode(Article.self, from: Data(clean.jsonBytes()))
        #expect(decoded.rich == clean.rich && decoded.richText.blocks[0].cells[0] == [RichText.Run("bold[31m", style: .bold)])
    }

    @Test("Hostile nesting: 100,000 nested quotes, list items, links and bold tags convert on a 2 MB stack")
    func deepNesting() {
        let tags = ["blockquote", "li", "a href='https://x.example/'", "b", "table><tr><td", "ol><li", "pre", "h2"]
        for tag in tags {
            let name = String(tag.prefix { $0 != " " && $0 != ">" })
            let html = String(repeating: "<\(tag)>", count: 100_000) + "deep text" + String(repeating: "</\(name)>", count: 100)
            final class Box: @unchecked Sendable { var text = "" }
            let box = Box()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.text = HTMLText.convertRich(html).text
                done.signal()
            }
            thread.stackSize = 2048 * 1024
            thread.start()
            #expect(done.wait(timeout: .now() + 60) == .success, "\(tag)")
        }
    }

    @Test("Hostile list numbers (the largest Int, negative, junk) neither crash nor lose items")
    func hostileNumbers() throws {
        let html = "<ol start='9223372036854775807'><li>a</li><li value='-9223372036854775808'>b</li><li>c</li><li value='x'>d</li></ol>"
        let (text, rich) = HTMLText.convertRich(html)
        let blocks = RichText(encoded: try #require(rich)).blocks
        #expect(blocks.map(\.containers) == [[.item("1000000000.")], [.item("-1000000000.")], [.item("-999999999.")], [.item("-999999998.")]])
        #expect(text.contains("1000000000. a") && text.contains("-999999998. d"))
    }

    @Test("Plain bodies read back their quotes and list items")
    func plainConventions() {
        let rich = RichText(plain: ["> quoted", "- item", "  - nested", "12. twelfth", "2024 was a year", "Links:\n[1] https://x"])
        #expect(rich.blocks.map(\.containers) == [[.quote], [.item("-")], [.itemContinued, .item("-")], [.item("12.")], [], []])
        #expect(rich.blocks.map(\.plainText) == ["quoted", "item", "nested", "twelfth", "2024 was a year", "Links:\n[1] https://x"])
    }

    @Test("A plain body's images are told apart by number: link 1 is not an image because of [image 12]")
    func plainImageNumbers() {
        let links = (1...12).map { "[\($0)] https://x.example/\($0)" }.joined(separator: "\n")
        let article = Article(id: ArticleID(rawValue: 1), title: "t", category: "c", url: nil,
                              body: "Text [1] and a picture [image 12: a cat].\n\nLinks:\n" + links)
        let kinds = article.links.map(\.kind)
        #expect(kinds.count == 12 && kinds[0] == .link && kinds[11] == .image && kinds.filter { $0 == .image }.count == 1)
    }
}
