import Foundation
import GazetteTestSupport
import Testing

@Suite("End to end: full-text search")
struct SearchEndToEndTests {
    static func importArticles(into store: String, dir: String) throws {
        let feed = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title><link>http://daily.test/</link>
        <item><title>Council meets</title><link>http://daily.test/1</link><guid>1</guid><pubDate>Tue, 20 May 2025 10:00:00 GMT</pubDate>
        <description>The mayor spoke about the zeppelin hangar plan.</description></item>
        <item><title>Weather</title><link>http://daily.test/2</link><guid>2</guid><pubDate>Tue, 20 May 2025 09:00:00 GMT</pubDate>
        <description>Rain, then sun.</description></item>
        </channel></rss>
        """
        let other = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Science</title><link>http://science.test/</link>
        <item><title>Airships return</title><link>http://science.test/1</link><guid>s1</guid><pubDate>Mon, 19 May 2025 10:00:00 GMT</pubDate>
        <description>A new zeppelin flew over the Café Zürich.</description></item>
        </channel></rss>
        """
        try feed.write(toFile: dir + "/daily.xml", atomically: true, encoding: .utf8)
        try other.write(toFile: dir + "/science.xml", atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["import", "--store", store, dir + "/daily.xml", dir + "/science.xml"]).status == 0)
    }

    /// A new store of the three articles, and the reader open on it (its folder to remove).
    static func readerOnNewStore() throws -> (dir: String, store: String, tmux: TmuxSession) {
        let dir = NSTemporaryDirectory() + "gazette-search-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = dir + "/store"
        try importArticles(into: store, dir: dir)
        let tmux = try TmuxSession(command: "'\(Harness.binary)' --store '\(store)'")
        try tmux.waitFor(text: "Council meets")
        return (dir, store, tmux)
    }

    @Test("/ finds a word in the text of articles in any folder (Tab: this folder only), with fields and exclusions; the index deleted while the reader runs is built again")
    func searchInReader() throws {
        let (dir, store, tmux) = try Self.readerOnNewStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The cursor on Daily: the search still spans every folder.
        try tmux.send("Down", "Down")
        try tmux.waitFor(text: " Daily ")
        try tmux.send("/")
        try tmux.send("-l", "zeppelin")
        var screen = try tmux.waitFor(text: "Every folder · “zeppelin”")
        #expect(screen.contains("Council meets") && screen.contains("Airships return") && !screen.contains("Weather"))
        #expect(screen.contains("2 matches"))
        try tmux.send("Tab")
        screen = try tmux.waitFor(text: "1 match")
        #expect(screen.contains("Council meets") && !screen.contains("Airships return"))
        try tmux.send("Tab")
        try tmux.waitFor(text: "2 matches")
        try tmux.send("-l", " -mayor")
        screen = try tmux.waitFor("the exclusion") { $0.contains("“zeppelin -mayor”") && $0.contains("1 match") }
        #expect(screen.contains("Airships return") && !screen.contains("Council meets"))
        try tmux.send("Escape")
        try tmux.send("/")
        try tmux.send("-l", "cafe zurich feed:science")
        screen = try tmux.waitFor("the field") { $0.contains("Every folder · “cafe zurich feed:science”") && $0.contains("1 match") }
        #expect(screen.contains("Airships return"))
        try tmux.send("Escape")
        // The index deleted under the reader: the next search says so and finds again once rebuilt.
        for suffix in ["", "-wal", "-shm"] { unlink(store + "/.index/search.db" + suffix) }
        try tmux.send("/")
        try tmux.send("-l", "hangar")
        try tmux.waitFor("the rebuilt index", timeout: 15) { $0.contains("Every folder · “hangar”") && $0.contains("1 match") }
        #expect(try tmux.screen().contains("Council meets"))
        #expect(FileManager.default.fileExists(atPath: store + "/.index/search.db"))
        try tmux.send("Escape", "Q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("Articles another process imported without indexing them (import --no-index) are found by their text once the reader sees them")
    func staleIndexCaughtUp() throws {
        let (dir, store, tmux) = try Self.readerOnNewStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Zoo</title><link>http://zoo.test/</link>
            <item><title>Zoo news</title><link>http://zoo.test/1</link><guid>z1</guid><pubDate>Wed, 21 May 2025 10:00:00 GMT</pubDate>
            <description>A quokka arrived at the city zoo.</description></item></channel></rss>
            """.write(toFile: dir + "/zoo.xml", atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["import", "--no-index", "--store", store, dir + "/zoo.xml"]).status == 0)
        try tmux.waitFor(text: "Zoo news")
        // Only the text says quokka: the index must have caught up for the search to find it.
        try tmux.send("/")
        try tmux.send("-l", "quokka")
        let screen = try tmux.waitFor("the new article by its text", timeout: 15) { $0.contains("Every folder · “quokka”") && $0.contains("1 match") }
        #expect(screen.contains("Zoo news"))
        try tmux.send("Escape", "Q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("gazette search prints the same results to scripts, as lines or JSON, builds a missing index first, and takes -word first")
    func commandLine() throws {
        let dir = NSTemporaryDirectory() + "gazette-search-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        try Self.importArticles(into: store, dir: dir)
        for suffix in ["", "-wal", "-shm"] { unlink(store + "/.index/search.db" + suffix) }
        let out = try Harness.gazette(["search", "--store", store, "zeppelin", "--newest"])
        #expect(out.status == 0)
        #expect(out.stdout.split(separator: "\n").map { String($0.split(separator: " ", omittingEmptySubsequences: true).suffix(2).joined(separator: " ")) }
                == ["Council meets", "Airships return"], "\(out.stdout)")
        let json = try Harness.gazette(["search", "--store", store, "--json", "title:airships"]).stdout
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(items.map { $0["title"] as? String } == ["Airships return"])
        // A query may start with an exclusion, options around it.
        let excluding = try Harness.gazette(["search", "--store", store, "-zeppelin", "--json"])
        #expect(excluding.status == 0, "\(excluding.stderr)")
        let left = try #require(try JSONSerialization.jsonObject(with: Data(excluding.stdout.utf8)) as? [[String: Any]])
        #expect(left.map { $0["title"] as? String } == ["Weather"], "\(excluding.stdout)")
        let bad = try Harness.gazette(["search", "--store", store, "!!!"])
        #expect(bad.status == 2 && bad.stderr.contains("nothing to search for"))
    }

    @Test("An ignore-article rule keeps matching items out of a fetch (and says how many); rules test shows what a rule would catch")
    func rulesOnFetch() throws {
        let server = try LocalFeedServer()
        let dir = NSTemporaryDirectory() + "gazette-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "ignore-article * \"title:second\"\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["feeds", "add", "--list", dir + "/feeds.opml", server.url("/feed.xml")]).status == 0)
        let fetched = try Harness.gazette(["fetch", "--config", dir + "/config", "--list", dir + "/feeds.opml", "--store", dir + "/store"])
        #expect(fetched.stdout.contains("1 new article, 0 updated, 1 ignored by rules."), "\(fetched.stdout)")
        let listed = try Harness.gazette(["list", "--store", dir + "/store"]).stdout
        #expect(listed.contains("First local story") && !listed.contains("Second local story"))
        let test = try Harness.gazette(["rules", "test", "--store", dir + "/store", "hello"]).stdout
        #expect(test.contains("First local story") && test.contains("would catch 1 of 1 articles"), "\(test)")
        // What the config would refuse as a rule, rules test refuses the same way.
        let unreadable = try Harness.gazette(["rules", "test", "--store", dir + "/store", #"title =~ "a|b""#])
        #expect(unreadable.status == 2 && unreadable.stderr.contains("is a newsboat expression Gazette cannot read the same"), "\(unreadable.stderr)")
        let everything = try Harness.gazette(["rules", "test", "--store", dir + "/store", "is:unread"])
        #expect(everything.status == 2 && everything.stderr.contains("would catch every article"))
        let rules = try Harness.gazette(["rules", "list", "--config", dir + "/config"]).stdout
        #expect(rules == "ignore-article * \"title:second\"\n")
    }
}
