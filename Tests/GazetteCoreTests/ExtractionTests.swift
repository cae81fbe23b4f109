import Foundation
import Testing
@testable import GazetteCore

@Suite("Reader mode")
struct ExtractionTests {
    let page = """
    <!doctype html>
    <html lang="en"><head>
      <title>Bridge approved - The Daily Planet</title>
      <meta property="og:title" content="Council approves the new bridge">
      <meta name="author" content="Lois Lane">
      <meta property="article:published_time" content="2025-05-20T14:05:00Z">
      <meta property="og:site_name" content="The Daily Planet">
      <link rel="canonical" href="https://planet.example/2025/bridge">
    </head><body>
      <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
      <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
      <article class="story">
        <h1>Council approves the new bridge</h1>
        <p class="byline">By Lois Lane</p>
        <p>The city council voted seven to two on Tuesday to approve the new bridge across the river, ending a debate that lasted three years.</p>
        <p>Construction will begin in the spring, and the bridge is expected to open in 2027, officials said, adding that the cost would be shared with the state.</p>
        <p>Residents on both banks welcomed the decision, although some raised concerns about traffic during the works.</p>
        <div class="related-links"><ul><li><a href="/a">Earlier: the debate</a></li><li><a href="/b">Map of the route</a></li></ul></div>
      </article>
      <section id="comments"><p>Great news, finally! Posted by someone, 3 comments, reply.</p></section>
      <footer><p>© The Daily Planet. All rights reserved. Privacy policy, terms of use, contact us.</p></footer>
    </body></html>
    """

    @Test("The article text without navigation, share bar, related links, comments or footer")
    func content() throws {
        let result = try #require(ArticleExtractor.extract(html: Array(page.utf8)))
        let paragraphs = result.text.components(separatedBy: "\n\n")
        #expect(paragraphs.first?.hasPrefix("The city council voted seven to two") == true)
        #expect(paragraphs.last == "Residents on both banks welcomed the decision, although some raised concerns about traffic during the works.")
        for chrome in ["Home", "Share on Facebook", "Earlier: the debate", "Great news", "All rights reserved"] {
            #expect(!result.text.contains(chrome), "\(chrome)")
        }
    }

    @Test("The page's structure and links are kept beside its text: headings, lists, quotes, tables, code, bold, numbered links; never the chrome")
    func structure() throws {
        let structured = page.replacingOccurrences(of: "<p>Residents on both banks", with: """
            <h2>What happens next</h2>
            <ol><li>Surveys this <strong>winter</strong>.</li><li>Works from <em>March</em>.</li></ol>
            <blockquote><p>It is a good day for the city.</p></blockquote>
            <table><tr><th>Phase</th><th>Cost</th></tr><tr><td>Surveys</td><td>2 million</td></tr></table>
            <pre>route: north bank -&gt; south bank</pre>
            <p>Residents on both banks, the <a href="/2025/plan">published plan</a> says,
            """)
        let result = try #require(ArticleExtractor.extract(html: Array(structured.utf8)))
        let blocks = RichText(encoded: try #require(result.rich)).blocks
        #expect(blocks.contains { $0.kind == .heading(2) && $0.plainText == "What happens next" })
        #expect(blocks.contains { $0.containers == [.item("1.")] && $0.cells[0].contains(RichText.Run("winter", style: .bold)) })
        #expect(blocks.contains { $0.containers == [.item("2.")] && $0.cells[0].contains(RichText.Run("March", style: .italic)) })
        #expect(blocks.contains { $0.containers == [.quote] && $0.plainText == "It is a good day for the city." })
        #expect(blocks.contains { $0.kind == .row(header: true) && $0.cells.count == 2 })
        #expect(blocks.contains { $0.kind == .preformatted && $0.plainText == "route: north bank -> south bank" })
        // The same words as the article's text (whose list numbers and quote marks are the
        // rich text's containers), and none of the chrome.
        let richWords = blocks.map(\.plainText).joined(separator: " ").split(whereSeparator: \.isWhitespace)
        let bodyWords = result.body.split(whereSeparator: \.isWhitespace).filter { !["1.", "2.", ">"].contains($0) }
        #expect(richWords == bodyWords)
        // The article keeps its links numbered and listed (the links view, number keys); the
        // text the benchmarks score has none.
        #expect(!result.text.contains("[1]"))
        #expect(result.body.contains("published plan [1]") && result.body.hasSuffix("Links:\n[1] https://planet.example/2025/plan"))
        #expect(blocks.contains { $0.cells[0].contains(RichText.Run("published plan", style: .link, link: 1)) })
        for chrome in ["Home", "Share on Facebook", "Earlier: the debate", "Great news", "All rights reserved"] {
            #expect(!blocks.contains { $0.plainText.contains(chrome) }, "\(chrome)")
        }
        // A page of paragraphs only keeps no rich copy (the text is its structure).
        #expect(try #require(ArticleExtractor.extract(html: Array(page.utf8))).rich == nil)
        // An imported page keeps it, so the reader draws it.
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        _ = try Importer(store: store).importPaths([dir.write("saved/bridge.html", structured)])
        let article = try store.article(ArticleID.forURL("https://planet.example/2025/bridge"))
        #expect(article.rich == result.rich)
        #expect(article.links.contains { $0.number == 1 && $0.url == "https://planet.example/2025/plan" })
    }

    @Test("Metadata: title, byline, date, site name, language, canonical URL")
    func metadata() throws {
        let result = try #require(ArticleExtractor.extract(html: Array(page.utf8)))
        #expect(result.title == "Council approves the new bridge")
        #expect(result.byline == "Lois Lane")
        #expect(result.published == ISODate.parse("2025-05-20T14:05:00Z"))
        #expect(result.siteName == "The Daily Planet")
        #expect(result.language == "en")
        #expect(result.url == "https://planet.example/2025/bridge")
    }

    @Test("Importing a saved page makes an article; a page with no text is refused")
    func importPage() throws {
        let dir = TempDir()
        let path = dir.write("saved/bridge.html", page)
        let empty = dir.write("saved/empty.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try Importer(store: store).importPaths([path, empty])
        #expect(report.imported == 1)
        #expect(report.refused.map(\.outcome) == [.refused(reason: "no article text found in the page")])
        let article = try store.article(ArticleID.forURL("https://planet.example/2025/bridge"))
        #expect(article.author == "Lois Lane")
        #expect(article.category == "Saved")
    }

    @Test("The benchmark metric: identical texts score 1, disjoint 0; tokens are Unicode words")
    func metric() {
        let text = "The quick brown fox jumps over the lazy dog again and again"
        #expect(ExtractionScore.page(predicted: text, truth: text).f1 == 1)
        #expect(ExtractionScore.page(predicted: "alpha beta gamma delta epsilon", truth: text).f1 == 0)
        #expect(ExtractionScore.tokens("naïve café, snake_case 42 東京!").map(String.init) == ["naïve", "café", "snake_case", "42", "東京"])
        let half = ExtractionScore.page(predicted: text + " " + text, truth: text)
        #expect(half.recall == 1)
        #expect((half.precision ?? 0) < 0.6)
    }

    @Test("On a sample of the extraction benchmark: F1 stays at what this version reaches")
    func corpusSample() throws {
        let corpus = Paths.shared + "/corpora/article-extraction-benchmark"
        guard let data = FileManager.default.contents(atPath: corpus + "/ground-truth.json"),
              let truth = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else {
            Issue.record("corpus not found at \(corpus)")
            return
        }
        let ids = truth.keys.sorted().prefix(40)
        let pages = ids.map { id in
            ExtractionScore.page(predicted: ArticleExtractor.extract(file: "\(corpus)/html/\(id).html.gz")?.text ?? "",
                                 truth: truth[id]?["articleBody"] as? String ?? "")
        }
        let score = ExtractionScore.corpus(pages)
        print(String(format: "Extraction sample (%d pages): F1 %.3f precision %.3f recall %.3f", pages.count, score.f1, score.precision, score.recall))
        #expect(score.f1 >= 0.93)
    }

    @Test("Bylines are compared as words: case, punctuation and a leading credit label aside, nothing else")
    func bylineComparison() {
        #expect(ExtractionScore.bylineWords("By Brenda Goodman, MA WebMD Health News") == ExtractionScore.bylineWords("Brenda Goodman, MA, WebMD Health News"))
        #expect(ExtractionScore.bylineWords("Written by Rob Ewaschuk Edited by Betsy Beyer") == ExtractionScore.bylineWords("Rob Ewaschuk, edited by Betsy Beyer"))
        #expect(ExtractionScore.bylineWords("By Nathan Willis March 25, 2015") != ExtractionScore.bylineWords("Nathan Willis"))
        #expect(ExtractionScore.bylineWords("Jong, Michiel de") != ExtractionScore.bylineWords("Michiel de Jong"))
        #expect(ExtractionScore.bylineWords(nil) == ExtractionScore.bylineWords(""))
    }

    @Test("Mozilla's reader-mode pages: titles and bylines agree with expected-metadata.json as often as this version reaches")
    func metadataCorpus() throws {
        let corpus = Paths.shared + "/corpora/mozilla-readability-test-pages"
        let cases = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted()
        var total = 0, titles = 0, bylines = 0
        func norm(_ s: String?) -> String {
            let t = (s ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return t.lowercased().hasPrefix("by ") ? String(t.dropFirst(3)) : t
        }
        for name in cases {
            guard let m = FileManager.default.contents(atPath: "\(corpus)/\(name)/expected-metadata.json"),
                  let expected = try JSONSerialization.jsonObject(with: m) as? [String: Any] else { continue }
            total += 1
            let r = ArticleExtractor.extract(file: "\(corpus)/\(name)/source.html", url: "http://fakehost/test/page.html")
            if norm(r?.title) == norm(expected["title"] as? String) { titles += 1 }
            if ExtractionScore.bylineWords(r?.byline) == ExtractionScore.bylineWords(expected["byline"] as? String) { bylines += 1 }
        }
        print("Mozilla metadata (\(total) pages): titles \(titles), bylines \(bylines)")
        #expect(total >= 90)
        #expect(Double(titles) >= Double(total) * 0.95)
        #expect(Double(bylines) >= Double(total) * 0.9)
    }
}
