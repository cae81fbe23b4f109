import Foundation
import GazetteCore
import GazetteUI
import GazetteNewsboat
import Testing

@Suite("Moving in from newsboat", .serialized)
struct NewsboatTests {
    static let fixture = Harness.repo + "/Tests/Fixtures/newsboat"

    func copyOfFixture() throws -> String {
        let dir = NSTemporaryDirectory() + "gazette-newsboat-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: dir)
        return dir
    }

    @Test("import-newsboat brings newsboat 2.21's feeds (tags as folders, ~titles), every cached article with its read and flagged state, and the config lines Gazette reads; the rest is listed; twice adds nothing; fetching those feeds again adds nothing")
    func migrate() throws {
        let home = try copyOfFixture()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let store = home + "/store", config = home + "/gazette/config", list = home + "/gazette/feeds.opml"
        let args = ["import-newsboat", home, "--store", store, "--config", config, "--list", list]
        let first = try Harness.gazette(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("3 added, 0 already followed"))
        #expect(first.stdout.contains("6 imported, 0 already here; 2 read, 1 starred (flagged)"))
        #expect(first.stdout.contains("9 lines added to \(config)"))
        #expect(first.stdout.contains("Query feeds: 1 kept as saved searches"))
        #expect(first.stdout.contains("config:9: pager \"less\": not in Gazette"))

        let json = try Harness.gazette(["list", "--json", "--store", store]).stdout
        let articles = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        func article(_ title: String) -> [String: Any]? { articles.first { $0["title"] as? String == title } }
        #expect(articles.count == 6)
        #expect(article("東京の新駅")?["read"] as? Bool == true)
        #expect(article("Compiler 2.0 released")?["read"] as? Bool == true)
        #expect(article("Élections : résultats")?["starred"] as? Bool == true)
        #expect(article("Ceasefire talks resume")?["read"] as? Bool == false)
        #expect(article("Ceasefire talks resume")?["category"] as? String == "news")
        #expect(article("Episode 1")?["category"] as? String == "Weekly Cast")
        #expect(article("Kernel update")?["author"] as? String == "Ed Itor")

        let translated = try String(contentsOfFile: config, encoding: .utf8)
        #expect(translated.contains("bind-key ^R reload-all\n"))
        #expect(translated.contains("color listfocus black yellow bold\n"))
        #expect(translated.contains("query-folder \"Unread Articles\" \"is:unread\"\n"))
        #expect(!translated.contains("pager"))
        #expect(try Harness.gazette(["config", "check", "--config", config]).status == 0)
        let feeds = try Harness.gazette(["feeds", "list", "--list", list]).stdout
        #expect(feeds.contains("tech.xml  My Tech Feed  [tech]"), "\(feeds)")

        let second = try Harness.gazette(args)
        #expect(second.stdout.contains("0 added, 3 already followed"))
        #expect(second.stdout.contains("0 imported, 6 already here"))
        #expect(second.stdout.contains("already translated"))
        #expect(try String(contentsOfFile: config, encoding: .utf8) == translated)

        // The same feeds fetched (here: imported from the files newsboat fetched) are the same articles.
        for (file, folder) in [("world.xml", "news"), ("tech.xml", "tech"), ("podcast.xml", "Weekly Cast")] {
            let again = try Harness.gazette(["import", "--store", store, "--category", folder, home + "/feeds/" + file])
            #expect(again.stdout.contains("Imported 0,"), "\(file): \(again.stdout)")
        }
    }

    @Test("No newsboat files, or a cache.db that is not newsboat's, is named; nothing is half-written")
    func badInput() throws {
        let home = try copyOfFixture()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let none = try Harness.gazette(["import-newsboat", home + "/feeds", "--store", home + "/store"])
        #expect(none.status == 1 && none.stderr.contains("no newsboat files"))
        let broken = home + "/broken"
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: broken + "/cache.db"))
        let bad = try Harness.gazette(["import-newsboat", broken, "--store", home + "/store"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains(broken + "/cache.db: "), "\(bad.stderr)")
    }

    @Test("urls: tags, ~titles and !hidden tags; query feeds become saved searches when Gazette reads them the same; exec and filter lines are listed with why")
    func urls() {
        let (entries, queries, skipped) = NewsboatImport.parseURLsAndQueries("""
        # comment
        https://a.test/feed.xml tech "~Alpha Feed" !hidden other
        http://b.test/rss
        "query:Unread:unread = \\"yes\\""
        "query:Regex:title =~ \\"^foo.*bar$\\""
        exec:~/bin/make-feed
        file:///etc/passwd
        """)
        #expect(entries == [FeedList.Entry(url: "https://a.test/feed.xml", title: "Alpha Feed", category: "tech"),
                            FeedList.Entry(url: "http://b.test/rss")])
        #expect(queries == [SavedSearch(name: "Unread", query: "is:unread")])
        #expect(skipped.count == 3)
        #expect(skipped[0].hasPrefix("urls:5: Regex: a query Gazette cannot read"))
        #expect(skipped[1].contains("runs a command"))
        #expect(skipped[2].contains("not a web address"))
    }

    @Test("newsboat filter expressions Gazette reads the same, and those it does not guess")
    func queries() {
        #expect(NewsboatFilter.translate(#"unread = "yes""#) == "is:unread")
        #expect(NewsboatFilter.translate(#"unread = "yes" and flags # "s""#) == "is:unread is:starred")
        #expect(NewsboatFilter.translate(#"( title =~ "climate" ) and feedtitle =~ "The Guardian""#) == #"title:climate feed:"The Guardian""#)
        #expect(NewsboatFilter.translate(#"tags # "tech" and content !~ "crypto""#) == "folder:tech -crypto")
        #expect(NewsboatFilter.translate(#"unread = "yes" or flags # "s""#) == nil)
        #expect(NewsboatFilter.translate(#"age < 3"#) == nil)
        #expect(NewsboatFilter.translate(#"title =~ "a|b""#) == nil)
        #expect(NewsboatFilter.translate("unread =") == nil)
    }
}
