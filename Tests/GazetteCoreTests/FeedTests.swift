import Foundation
import Testing
@testable import GazetteCore

@Suite("Feeds")
struct FeedTests {
    let rss = """
    <?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
    <channel>
      <title>Example &amp; Co News</title>
      <link>https://news.example.com/</link>
      <item>
        <title>Council approves the new bridge</title>
        <link>https://news.example.com/2025/bridge?utm_source=rss</link>
        <guid isPermaLink="false">bridge-2025</guid>
        <dc:creator>Ada Lovelace</dc:creator>
        <pubDate>Tue, 20 May 2025 14:05:00 +0200</pubDate>
        <description>Short summary.</description>
        <content:encoded><![CDATA[<p>The council voted <b>7 to 2</b>.</p><ul><li>Cost: 4&nbsp;million</li><li>Opens in 2027</li></ul>
          <blockquote><p>It is a good day.</p></blockquote><p>See <a href="/plans">the plans</a>.</p><script>alert(1)</script>]]></content:encoded>
      </item>
      <item>
        <title>Second item</title>
        <link>https://news.example.com/second</link>
        <description>Just text &lt;b&gt;bold&lt;/b&gt;</description>
      </item>
    </channel>
    </rss>
    """

    @Test("An RSS 2.0 item becomes an article: title, link, author, date, and clean text with numbered links")
    func rssItem() throws {
        let feed = try FeedParser.parse(Array(rss.utf8), url: "https://news.example.com/feed.xml")
        #expect(feed.kind == .rss)
        #expect(feed.title == "Example & Co News")
        #expect(feed.items.count == 2)
        let item = feed.items[0]
        #expect(item.title == "Council approves the new bridge")
        #expect(item.id == "bridge-2025")
        #expect(item.author == "Ada Lovelace")
        #expect(item.published == ISODate.parse("2025-05-20T12:05:00Z"))
        let text = HTMLText.convert(item.content!, base: item.base)
        #expect(text == """
        The council voted 7 to 2.

        - Cost: 4 million

        - Opens in 2027

        > It is a good day.

        See the plans [1].

        Links:
        [1] https://news.example.com/plans
        """)
        #expect(HTMLText.convert(feed.items[1].content!) == "Just text bold")
    }

    @Test("Podcast enclosures are listed under the text with type and size; image enclosures are not; a YouTube entry's media:description is its text")
    func enclosuresAndMedia() throws {
        let podcast = """
            <rss version="2.0"><channel><title>Show</title><item><title>Episode 12</title><guid>ep12</guid>
            <description>We talk about bridges.</description>
            <enclosure url="/audio/ep12.mp3" type="audio/mpeg" length="105003355"/>
            <enclosure url="/img/cover.jpg" type="image/jpeg" length=""/></item></channel></rss>
            """
        let feed = try FeedParser.parse(Array(podcast.utf8), url: "https://pod.example.com/feed.xml")
        let article = Importer.article(from: .init(item: feed.items[0], category: "Show", feedTitle: "Show", feedKey: "k", source: "s"))
        #expect(article.body == "We talk about bridges.\n\nAttachment: https://pod.example.com/audio/ep12.mp3 (audio/mpeg, 105.0 MB)")
        let youtube = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Channel</title>
            <entry><id>yt:video:abc</id><title>Building the bridge</title><link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
            <media:group><media:title>Building the bridge</media:title><media:description>Time-lapse of the build, start to finish.</media:description></media:group>
            </entry></feed>
            """
        let yt = try FeedParser.parse(Array(youtube.utf8), url: "https://www.youtube.com/feeds/videos.xml")
        let video = Importer.article(from: .init(item: yt.items[0], category: "Channel", feedTitle: "Channel", feedKey: "k", source: "s"))
        #expect(video.body == "Time-lapse of the build, start to finish.")
    }

    @Test("A feed or a page labelled Latin-1 whose bytes are UTF-8 is read as UTF-8, not as mojibake")
    func mislabelledLatin1() throws {
        let feed = #"<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Café</title><item><title>Crème brûlée à Genève</title><guid>1</guid><description>Très bien.</description></item></channel></rss>"#
        let parsed = try FeedParser.parse(Array(feed.utf8))
        #expect(parsed.title == "Café")
        #expect(parsed.items.first?.title == "Crème brûlée à Genève")
        let latin1 = try #require(CharsetDetector.convert(Array(feed.utf8), from: "UTF-8", to: "ISO-8859-1"))
        #expect(try FeedParser.parse(latin1).items.first?.title == "Crème brûlée à Genève")
        let page = "<html><head><meta charset=\"iso-8859-1\"><title>Crème brûlée</title></head><body><article><p>" + String(repeating: "Le conseil a voté la création du pont, à Genève. ", count: 5) + "</p></article></body></html>"
        let extracted = try #require(ArticleExtractor.extract(html: Array(page.utf8)))
        #expect(extracted.title == "Crème brûlée")
        #expect(extracted.text.contains("à Genève"))
    }

    @Test("A feed author written with an address shows as the name")
    func authorNames() {
        #expect(Importer.personName("jane@example.com (Jane Doe)") == "Jane Doe")
        #expect(Importer.personName("Jane Doe (jane@example.com)") == "Jane Doe")
        #expect(Importer.personName("jane@example.com") == "jane@example.com")
        #expect(Importer.personName("Richard (R.J.) Eskow") == "Richard (R.J.) Eskow")
    }

    @Test("Atom: xml:base resolves relative links; xhtml and html content; authors")
    func atom() throws {
        let atom = """
        <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/blog/">
          <title type="html">Dive &lt;em&gt;into&lt;/em&gt; mark</title>
          <author><name>Mark</name></author>
          <entry>
            <id>tag:example.org,2003:3.2397</id>
            <title>Atom draft-07 snapshot</title>
            <link rel="alternate" type="text/html" href="2005/04/02/atom"/>
            <link rel="enclosure" href="audio.mp3"/>
            <updated>2005-07-31T12:29:29Z</updated>
            <published>2003-12-13T08:29:29-04:00</published>
            <content type="xhtml" xml:base="http://diveintomark.org/"><div xmlns="http://www.w3.org/1999/xhtml"><p><i>[Update: The Atom draft is finished.]</i></p><p>Read <a href="spec">it</a>.</p></div></content>
          </entry>
        </feed>
        """
        let feed = try FeedParser.parse(Array(atom.utf8))
        #expect(feed.kind == .atom)
        #expect(feed.title == "Dive into mark")
        let e = feed.items[0]
        #expect(e.link == "http://example.org/blog/2005/04/02/atom")
        #expect(e.author == "Mark")
        #expect(e.published == ISODate.parse("2003-12-13T12:29:29Z"))
        #expect(HTMLText.convert(e.content!, base: e.base) == "[Update: The Atom draft is finished.]\n\nRead it [1].\n\nLinks:\n[1] http://diveintomark.org/spec")
    }

    @Test("JSON Feed items")
    func jsonFeed() throws {
        let json = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "My Example Feed", "home_page_url": "https://example.org/",
         "items": [{"id": "2", "content_text": "This is a second item.", "url": "https://example.org/second-item",
                    "date_published": "2010-02-07T14:04:00-05:00", "authors": [{"name": "Brent"}]},
                   {"id": "1", "content_html": "<p>Hello, world!</p>", "url": "https://example.org/initial-post"}]}
        """
        let feed = try FeedParser.parse(Array(json.utf8))
        #expect(feed.kind == .json)
        #expect(feed.items.count == 2)
        #expect(feed.items[0].author == "Brent")
        #expect(feed.items[0].published == ISODate.parse("2010-02-07T19:04:00Z"))
        #expect(feed.items[0].contentIsHTML == false)
        #expect(HTMLText.convert(feed.items[1].content!) == "Hello, world!")
    }

    @Test("Not feeds are refused as such", arguments: [
        ("<html><body><p>Hi</p></body></html>", "an HTML page"),
        ("<svg xmlns='http://www.w3.org/2000/svg'/>", "the document is <svg>"),
        ("{\"hello\": 1}", "JSON without a jsonfeed.org version"),
    ])
    func notFeeds(text: String, reason: String) {
        #expect(throws: FeedError.notAFeed(reason)) { try FeedParser.parse(Array(text.utf8)) }
    }

    @Test("Feeds in Windows-1251: declared, and undeclared")
    func cyrillicFeeds() throws {
        let title = "Новости дня: погода в Москве и прогноз на выходные"
        for declaration in ["<?xml version=\"1.0\" encoding=\"windows-1251\"?>", ""] {
            let xml = "\(declaration)<rss version=\"2.0\"><channel><title>Лента</title><item><title>\(title)</title><link>http://x/1</link></item></channel></rss>"
            let feed = try FeedParser.parse([UInt8](xml.data(using: .windowsCP1251)!))
            #expect(feed.items.first?.title == title, "\(declaration)")
            #expect(feed.title == "Лента")
        }
    }

    @Test("Malformed XML is recovered and flagged")
    func malformed() throws {
        let broken = "<rss><channel><title>T</title><item><title>One & two</title><link>http://x/1</link></item><item><title>Three</title></channel>"
        let feed = try FeedParser.parse(Array(broken.utf8))
        #expect(!feed.wellFormed)
        #expect(feed.items.first?.title == "One & two")
    }

    @Test("Feed dates in RFC 822 and ISO 8601 variants", arguments: [
        ("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z"),
        ("07 Sep 2002 00:00 EST", "2002-09-07T05:00:00Z"),
        ("Sun, 1 Jan 06 10:00:00 -0800", "2006-01-01T18:00:00Z"),
        ("Tue, 20 May 2025 14:05:00 +02:00", "2025-05-20T12:05:00Z"),
        ("2003-12-31T10:14:55.123Z", "2003-12-31T10:14:55Z"),
        ("2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("20031231T101455Z", "2003-12-31T10:14:55Z"),
    ])
    func dates(text: String, iso: String) {
        let parsed = FeedDate.parse(text)
        #expect(parsed.map { Int($0.timeIntervalSince1970) } == ISODate.parse(iso).map { Int($0.timeIntervalSince1970) })
    }

    @Test("Importing a feed twice adds nothing; a changed item is updated in place")
    func reimport() throws {
        let dir = TempDir()
        let path = dir.write("news.rss", rss)
        let store = try ArticleStore.open(at: dir.path + "/store")
        let first = try Importer(store: store).importPaths([path])
        #expect(first.imported == 2)
        #expect(store.index.categories.map(\.name) == ["Example & Co News"])
        let again = try Importer(store: store).importPaths([path])
        #expect(again.imported == 0 && again.alreadyPresent == 2)
        dir.write("news.rss", rss.replacingOccurrences(of: "7 to 2", with: "8 to 1"))
        let changed = try Importer(store: store).importPaths([path])
        #expect(changed.updated == 1 && changed.alreadyPresent == 1 && changed.imported == 0)
        #expect(store.index.count == 2)
        let article = try store.article(ArticleID.forGUID("bridge-2025", feed: "https://news.example.com/"))
        #expect(article.body.hasPrefix("The council voted 8 to 1."))
        #expect(article.url == "https://news.example.com/2025/bridge?utm_source=rss")
        // Moving the feed to another folder moves its articles: one file each, in the new folder.
        let movedReport = try Importer(store: store, options: .init(category: "Local")).importPaths([path])
        #expect(movedReport.updated == 2)
        #expect(store.index.categories.map(\.name) == ["Local"])
        #expect(try FileSystem.list(store.articlesDir + "/local").count == 2)
        #expect(((try? FileSystem.list(store.articlesDir + "/example-co-news")) ?? []).isEmpty)
    }
}

@Suite("Dates in other languages")
struct ForeignDateTests {
    @Test("RFC 822 dates with day and month names in Portuguese, Spanish, French, German, Italian and Dutch", arguments: [
        ("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z"),
        ("Mar, 24 Sep 2019 10:00:00 +0200", "2019-09-24T08:00:00Z"),
        ("Sáb, 03 Ago 2019 12:00:00 GMT", "2019-08-03T12:00:00Z"),
        ("lun., 03 févr. 2020 08:00:00 +0100", "2020-02-03T07:00:00Z"),
        ("mer., 25 déc. 2019 18:30:00 +0100", "2019-12-25T17:30:00Z"),
        ("Mo, 24 Sep 2018 19:42:40 +0200", "2018-09-24T17:42:40Z"),
        ("Do., 05. März 2020 10:00:00 +0100", "2020-03-05T09:00:00Z"),
        ("Di, 01 Okt 2019 06:00:00 +0200", "2019-10-01T04:00:00Z"),
        ("Gio, 12 Ott 2017 10:00:00 +0200", "2017-10-12T08:00:00Z"),
        ("Lun, 07 Gen 2019 09:15:00 +0100", "2019-01-07T08:15:00Z"),
        ("wo, 13 mrt 2019 10:00:00 +0100", "2019-03-13T09:00:00Z"),
        ("vr, 17 mei 2019 10:00:00 +0200", "2019-05-17T08:00:00Z"),
        ("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z"),
    ])
    func foreign(_ text: String, _ iso: String) {
        #expect(FeedDate.parse(text).map(ISODate.format) == iso, "\(text)")
    }
}
