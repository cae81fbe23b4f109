import Foundation
import Testing
@testable import GazetteCore

@Suite("Nothing from outside reaches the terminal")
struct SanitizeTests {
    @Test("Escape sequences, BEL, NUL, DEL and C1 controls are dropped; lines and tabs kept only where text has lines")
    func controls() {
        let hostile = "Title\u{1B}]52;c;ZXZpbA==\u{07} and \u{1B}[2J\u{0}\u{7F}\u{9B}31m done"
        #expect(Sanitize.line(hostile) == "Title]52;c;ZXZpbA== and [2J31m done")
        #expect(Sanitize.text("one\r\ntwo\rthree\n\tfour\u{85}") == "one\ntwo\nthree\n\tfour")
        #expect(Sanitize.line("one\ntwo\tthree") == "one two three")
        #expect(Sanitize.line("Café 東京 🇺🇸 مرحبا") == "Café 東京 🇺🇸 مرحبا")
    }

    @Test("A JSON Feed whose fields carry OSC 52 and screen clears is imported without a control character in any field")
    func hostileFeed() throws {
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        let esc = "\\u001b", bel = "\\u0007", c1 = "\\u009b"
        let feed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Evil\(esc)[2J feed",
         "items": [{"id": "1", "title": "Hi\(esc)]52;c;ZXZpbA==\(bel) there", "url": "https://x.example/1\(esc)[2J",
                    "authors": [{"name": "Mal\(c1)31lory\\u0000"}],
                    "content_text": "Body\(esc)[31m red\\nline two\\u007f"}]}
        """
        let path = dir.write("evil.json", feed)
        let report = try Importer(store: store).importPaths([path])
        #expect(report.imported == 1)
        guard case .imported(let id, _)? = report.results.first?.outcome else { Issue.record("\(report.results)"); return }
        let article = try store.article(id)
        for field in [article.title, article.category, article.author ?? "", article.url ?? "", article.body] {
            #expect(!field.unicodeScalars.contains { Sanitize.isControl($0.value) && $0 != "\n" && $0 != "\t" }, "\(field.debugDescription)")
        }
        #expect(article.title == "Hi]52;c;ZXZpbA== there")
        #expect(article.author == "Mal31lory")
        #expect(article.body.hasPrefix("Body[31m red"))
    }
}
