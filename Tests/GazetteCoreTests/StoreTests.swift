import Foundation
import Testing
@testable import GazetteCore

@Suite("Article store")
struct StoreTests {
    func article(_ n: Int, category: String = "World", date: Double = 1_700_000_000) -> String {
        "Headline number \(n)\n\(category) | \(ISODate.format(Date(timeIntervalSince1970: date + Double(n) * 60)))\n\nBody of article \(n).\n\nSecond paragraph of \(n).\n"
    }

    @Test("Importing the same files twice adds nothing")
    func importTwice() throws {
        let dir = TempDir()
        for n in 0..<5 { dir.write("in/\(n).txt", article(n)) }
        let store = try ArticleStore.open(at: dir.path + "/store")
        let first = try Importer(store: store).importPaths([dir.path + "/in"])
        #expect(first.imported == 5)
        let files = try FileSystem.list(store.articlesDir + "/world").sorted()
        let second = try Importer(store: store).importPaths([dir.path + "/in"])
        #expect(second.imported == 0)
        #expect(second.alreadyPresent == 5)
        #expect(try FileSystem.list(store.articlesDir + "/world").sorted() == files)
        #expect(try ArticleStore.open(at: dir.path + "/store").index.count == 5)
    }

    @Test("A folder tree gives categories from folder names; --category overrides")
    func folderCategories() throws {
        let dir = TempDir()
        dir.write("news/business/12.txt", "Shares up\n\nShares went up today.\n")
        dir.write("news/science-and-tech/1.txt", "New chip\n\nA new chip was shown.\n")
        dir.write("news/top.txt", "Top story\n\nSomething happened.\n")
        let store = try ArticleStore.open(at: dir.path + "/store")
        _ = try Importer(store: store).importPaths([dir.path + "/news"])
        let names = Set(store.index.categories.map(\.name))
        #expect(names == ["Business", "Science And Tech", "News"])
        let other = try ArticleStore.open(at: dir.path + "/store2")
        _ = try Importer(store: other, options: .init(category: "Reading List")).importPaths([dir.path + "/news"])
        #expect(other.index.categories.map(\.name) == ["Reading List"])
    }

    @Test("Refused files are reported with a reason and the rest is imported")
    func refusals() throws {
        let dir = TempDir()
        dir.write("in/good.txt", article(1))
        dir.write("in/empty.txt", "")
        dir.write("in/binary.dat", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3, 0, 0])
        dir.write("in/title-only.txt", "Only a title\n")
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try Importer(store: store).importPaths([dir.path + "/in", dir.path + "/missing.txt"])
        #expect(report.imported == 1)
        let reasons = Dictionary(uniqueKeysWithValues: report.refused.map { (($0.path as NSString).lastPathComponent, $0.outcome) })
        #expect(reasons["empty.txt"] == .refused(reason: "the file is empty"))
        #expect(reasons["binary.dat"] == .refused(reason: "binary data, not text"))
        #expect(reasons["title-only.txt"] == .refused(reason: "no article text found"))
        #expect(reasons["missing.txt"] == .refused(reason: "no such file or folder"))
    }

    /// Compresses a file with the system's gzip, keeping the original; returns the .gz path.
    func gzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", "-f", "-9", path]
        try process.run()
        process.waitUntilExit()
        return path + ".gz"
    }

    @Test("Gzip-compressed pages, feeds and texts are imported as what they hold; a corrupt one or a gzip bomb is refused")
    func gzipped() throws {
        let dir = TempDir()
        dir.write("in/story.txt", article(1))
        dir.write("in/feed.xml", "<rss><channel><title>Zipped Feed</title><item><title>From a zipped feed</title><guid>z1</guid><description>Text of the zipped item.</description></item></channel></rss>")
        dir.write("in/page.html", "<html><head><title>Zipped page</title></head><body><article><p>" + String(repeating: "The council met on Tuesday, and the plan passed. ", count: 6) + "</p></article></body></html>")
        for name in ["story.txt", "feed.xml", "page.html"] {
            _ = try gzip(dir.path + "/in/" + name)
            try FileManager.default.removeItem(atPath: dir.path + "/in/" + name)
        }
        dir.write("in/broken.html.gz", bytes: [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF])
        let bomb = dir.write("bomb/zeros.txt", bytes: [UInt8](repeating: 0x20, count: Importer.maxFileSize + 1024))
        _ = try gzip(bomb)
        try FileManager.default.removeItem(atPath: bomb)
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try Importer(store: store).importPaths([dir.path + "/in", dir.path + "/bomb"])
        let titles = Set(store.index.entries.indices.map { store.index.summary(at: $0).title })
        #expect(titles == ["Headline number 1", "From a zipped feed", "Zipped page"])
        let reasons = Dictionary(uniqueKeysWithValues: report.refused.map { (($0.path as NSString).lastPathComponent, $0.outcome) })
        #expect(reasons["broken.html.gz"] == .refused(reason: "gzip data that could not be decompressed"))
        #expect(reasons["zeros.txt.gz"] == .refused(reason: "larger than 16 MiB once decompressed"))
    }

    @Test("A folder with nothing to import says so")
    func emptyFolder() throws {
        let dir = TempDir()
        dir.write("pictures/a.png", bytes: [0x89, 0x50, 0x4E, 0x47])
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try Importer(store: store).importPaths([dir.path + "/pictures"])
        #expect(report.refused.map(\.outcome) == [.refused(reason: "no article files in the folder")])
    }

    @Test("A huge file is refused with its size")
    func hugeFile() throws {
        let dir = TempDir()
        let path = dir.write("huge.txt", bytes: [UInt8](repeating: 65, count: Importer.maxFileSize + 1))
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try Importer(store: store).importPaths([path])
        guard case .refused(let reason) = report.results.first?.outcome else { Issue.record("not refused"); return }
        #expect(reason.contains("too large"))
    }

    @Test("Encodings of the same article give the same article")
    func encodings() throws {
        let dir = TempDir()
        let text = "Élections à Zürich\r\n\r\nLe débat «animé» a duré 3 heures – déjà.\r\n"
        dir.write("a/utf8.txt", text)
        dir.write("b/cp1252.txt", bytes: TextDecoding.encodeWindows1252(text)!)
        let store = try ArticleStore.open(at: dir.path + "/store")
        let r = try Importer(store: store, options: .init(category: "Europe")).importPaths([dir.path + "/a", dir.path + "/b"])
        #expect(r.imported == 1)
        #expect(r.alreadyPresent == 1)
        let a = try store.article(store.index.entries[0].id)
        #expect(a.title == "Élections à Zürich")
        #expect(a.body == "Le débat «animé» a duré 3 heures – déjà.")
    }

    /// A store at `<dir>/store` holding three imported articles in World.
    func storeWithThreeArticles() throws -> (TempDir, String) {
        let dir = TempDir()
        for n in 0..<3 { dir.write("in/\(n).txt", article(n)) }
        let root = dir.path + "/store"
        _ = try Importer(store: try ArticleStore.open(at: root)).importPaths([dir.path + "/in"])
        return (dir, root)
    }

    @Test("The index is rebuilt when deleted, and when articles change behind its back")
    func staleIndex() throws {
        let (dir, root) = try storeWithThreeArticles()
        defer { withExtendedLifetime(dir) {} }  // the folder is removed when `dir` goes
        var store = try ArticleStore.open(at: root)
        FileSystem.remove(store.indexPath)
        store = try ArticleStore.open(at: root)
        #expect(store.index.count == 3)
        // Another tool drops an article file in: the index notices.
        let extra = try store.article(store.index.entries[0].id)
        var copy = extra
        copy.id = ArticleID(rawValue: 42)
        copy.title = "Dropped in by hand"
        let data = try JSONEncoder().encode(copy)
        try data.write(to: URL(fileURLWithPath: store.path(of: copy.id, categorySlug: "world")))
        store = try ArticleStore.open(at: root)
        #expect(store.index.count == 4)
        #expect(store.index.position(of: copy.id) != nil)
        // Garbage in the index file is not fatal.
        try Data("garbage\tgarbage\n".utf8).write(to: URL(fileURLWithPath: store.indexPath))
        store = try ArticleStore.open(at: root)
        #expect(store.index.count == 4)
    }

    @Test("A corrupt article file is reported with its path and the rest stay readable")
    func corruptArticle() throws {
        let (dir, root) = try storeWithThreeArticles()
        defer { withExtendedLifetime(dir) {} }  // the folder is removed when `dir` goes
        var store = try ArticleStore.open(at: root)
        let victim = store.path(of: store.index.entries[1].id, categorySlug: "world")
        try Data("{\"id\": \"00000000000000".utf8).write(to: URL(fileURLWithPath: victim))  // half-written
        FileSystem.remove(store.indexPath)
        store = try ArticleStore.open(at: root)
        #expect(store.index.count == 2)
        #expect(store.problems.map(\.path) == [victim])
        for p in 0..<store.index.count { _ = try store.article(at: p) }
    }

    @Test("Index entries keep titles with tabs and newlines on one line")
    func indexText() throws {
        let records = [StoreIndex.Record(id: ArticleID(rawValue: 7), categorySlug: "a", categoryName: "A", date: 5,
                                         isPublicationDate: true, author: "X\tY", title: "Two\nlines")]
        let index = try StoreIndex.parse(StoreIndex.build(records: records, folderStamps: [:], articlesStamp: 0))
        #expect(index.summary(at: 0).title == "Two lines")
        #expect(index.summary(at: 0).author == "X Y")
    }

    @Test("The index keeps each article's feed (tabs in a name flattened); an index of the old format is rebuilt, feeds included")
    func indexFeeds() throws {
        let records = [
            StoreIndex.Record(id: ArticleID(rawValue: 1), categorySlug: "t", categoryName: "Tech", feed: "LWN\tnet", date: 3,
                              isPublicationDate: true, author: nil, title: "One"),
            StoreIndex.Record(id: ArticleID(rawValue: 2), categorySlug: "t", categoryName: "Tech", feed: nil, date: 2,
                              isPublicationDate: true, author: nil, title: "Two"),
            StoreIndex.Record(id: ArticleID(rawValue: 3), categorySlug: "t", categoryName: "Tech", feed: "Lobsters", date: 1,
                              isPublicationDate: true, author: nil, title: "Three"),
        ]
        let index = try StoreIndex.parse(StoreIndex.build(records: records, folderStamps: [:], articlesStamp: 0))
        #expect(index.feeds == ["Lobsters", "LWN net"])
        #expect((0..<3).map { index.summary(at: $0).feed } == ["LWN net", nil, "Lobsters"])
        #expect(index.record(at: 2).feed == "Lobsters")
        // A version 1 index (no feeds) is not read as this one: the store rebuilds it.
        #expect(throws: StoreIndex.ParseError.unsupportedVersion(1)) {
            try StoreIndex.parse(Array("gazette-index\t1\t0\na\t0\n\n".utf8))
        }
        let root = NSTemporaryDirectory() + "gazette-feeds-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var store = try ArticleStore.open(at: root)
        var article = Article(id: ArticleID(rawValue: 9), title: "From a feed", category: "Tech", body: "x", siteName: "LWN")
        article.importedAt = Date(timeIntervalSince1970: 1_000)
        _ = try Importer(store: store).importArticles([article])
        try "gazette-index\t1\t1\na\t0\n\n".write(toFile: store.indexPath, atomically: false, encoding: .utf8)
        store = try ArticleStore.open(at: root)
        #expect(store.index.count == 1 && store.index.summary(at: 0).feed == "LWN")
    }

    @Test("Searching titles and authors: every word, any case, accents and width aside; CJK anywhere; order kept")
    func search() throws {
        let rows: [(String?, String)] = [("Anne Dupont", "Le Café de Zürich rouvre"), (nil, "ZURICH cafe prices rise"),
                                         ("Reuters", "Markets fall in Tokyo"), (nil, "東京都の新しい知事"), (nil, "Ｆｕｌｌ width NEWS"),
                                         (nil, "ΑΘΗΝΑ: ΝΕΑ ΜΕΤΡΑ"), (nil, "МОСКВА сегодня"), (nil, "Cafe\u{301} decomposed"),
                                         (nil, "大阪\u{3000}万博"), (nil, "Łódź i Kraków")]
        let records = rows.enumerated().map { i, row in
            StoreIndex.Record(id: ArticleID(rawValue: UInt64(i + 1)), categorySlug: "a", categoryName: "A", date: Int64(100 - i),
                              isPublicationDate: true, author: row.0, title: row.1)
        }
        let index = try StoreIndex.parse(StoreIndex.build(records: records, folderStamps: [:], articlesStamp: 0))
        let all = Array(0..<index.count)
        func titles(_ query: String) -> [String] { index.positions(all, matching: query).map { index.summary(at: $0).title } }
        #expect(titles("zurich cafe") == ["Le Café de Zürich rouvre", "ZURICH cafe prices rise"])
        #expect(titles("cafe").count == 3)
        #expect(titles("CAFÉ  rouvre") == ["Le Café de Zürich rouvre"])
        #expect(titles("dupont") == ["Le Café de Zürich rouvre"])
        #expect(titles("reuters tokyo") == ["Markets fall in Tokyo"])
        #expect(titles("東京") == ["東京都の新しい知事"])
        #expect(titles("full news") == ["Ｆｕｌｌ width NEWS"])
        #expect(titles("tokyo zurich").isEmpty)
        #expect(titles("  ") == titles(""))
        #expect(titles("").count == 10)
        #expect(titles("αθηνα μετρα") == ["ΑΘΗΝΑ: ΝΕΑ ΜΕΤΡΑ"])
        #expect(titles("москва") == ["МОСКВА сегодня"])
        #expect(titles("CAFÉ decomposed") == ["Cafe\u{301} decomposed"])
        #expect(titles("大阪 万博") == ["大阪\u{3000}万博"])
        #expect(titles("lodz krakow") == ["Łódź i Kraków"])
        #expect(index.positions([4, 0, 1], matching: "cafe") == [0, 1])
    }

    @Test("Stable ids: URL variants agree, content decides otherwise")
    func ids() {
        #expect(ArticleID.forURL("HTTPS://Example.com/a/b/?utm_source=x#top") == ArticleID.forURL("https://example.com/a/b"))
        #expect(ArticleID.forURL("https://example.com/a") != ArticleID.forURL("https://example.com/b"))
        let id = ArticleID.forContent(category: "A", title: "t", body: "b")
        #expect(ArticleID(id.description) == id)
        #expect(id.description.count == 16)
    }
}

@Suite("Favorites")
struct FavoritesTests {
    func makeStore() throws -> (TempDir, ArticleStore) {
        let dir = TempDir()
        return (dir, try ArticleStore.open(at: dir.path + "/store"))
    }

    @Test("A star is on disk when set returns, and survives reopening")
    func persists() throws {
        let (dir, store) = try makeStore()
        try store.favorites.set(ArticleID(rawValue: 1), starred: true)
        let reopened = try ArticleStore.open(at: dir.path + "/store")
        #expect(try reopened.favorites.load() == [ArticleID(rawValue: 1)])
    }

    @Test("Two store handles (two processes) never lose each other's stars")
    func twoWriters() throws {
        let (dir, a) = try makeStore()
        let b = try ArticleStore.open(at: dir.path + "/store")
        try a.favorites.set(ArticleID(rawValue: 1), starred: true)
        try b.favorites.set(ArticleID(rawValue: 2), starred: true)
        try a.favorites.toggle(ArticleID(rawValue: 3))
        #expect(try b.favorites.load() == [ArticleID(rawValue: 1), ArticleID(rawValue: 2), ArticleID(rawValue: 3)])
    }

    @Test("Concurrent stars from many threads are all kept")
    func concurrent() throws {
        let (dir, _) = try makeStore()
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let s = try? ArticleStore.open(at: dir.path + "/store")
            _ = try? s?.favorites.set(ArticleID(rawValue: UInt64(i)), starred: true)
        }
        #expect(try ArticleStore.open(at: dir.path + "/store").favorites.load().count == 40)
    }

    @Test("A damaged favorites file costs no star: reading recovers every legible id and renames nothing; each change keeps the damaged file under a name of its own")
    func corrupt() throws {
        let (dir, store) = try makeStore()
        let one = ArticleID(rawValue: 1), two = ArticleID(rawValue: 2), three = ArticleID(rawValue: 3)
        let garbage = Data("{\"starred\": [\"0000000000000001\", \"0000000000000002\", tru".utf8)
        try garbage.write(to: URL(fileURLWithPath: store.favorites.path))
        // Reading (list, show, the reader starting) changes nothing and recovers both ids.
        #expect(try store.favorites.read() == FavoritesFile.Contents(ids: [one, two], corrupt: true))
        #expect(store.favorites.keptCopies().isEmpty)
        #expect(store.favorites.problem()?.contains("2 starred ids could be read") == true)
        // The next star keeps the damaged file aside and saves the recovered ids with it.
        #expect(try store.favorites.set(three, starred: true) == [one, two, three])
        #expect(try store.favorites.read() == FavoritesFile.Contents(ids: [one, two, three], corrupt: false))
        // Damaged again within the same second: a second copy, the first one untouched.
        let second = Data("not json at all 0000000000000003".utf8)
        try second.write(to: URL(fileURLWithPath: store.favorites.path))
        #expect(try store.favorites.set(one, starred: true) == [one, three])
        let kept = store.favorites.keptCopies()
        #expect(kept.count == 2)
        let contents = try Set(kept.map { try Data(contentsOf: URL(fileURLWithPath: dir.path + "/store/" + $0)) })
        #expect(contents == [garbage, second])
        // Until the copies are dealt with, every command is told.
        #expect(store.favorites.problem()?.contains("delete it once you have checked it") == true)
        for name in kept { try FileManager.default.removeItem(atPath: dir.path + "/store/" + name) }
        #expect(store.favorites.problem() == nil)
    }

    @Test("Read marks: appended, undone by an unread line, shared between store handles; a torn line is skipped; a long log is compacted")
    func readMarks() throws {
        let (dir, store) = try makeStore()
        let a = ArticleID(rawValue: 1), b = ArticleID(rawValue: 2), c = ArticleID(rawValue: 3)
        #expect(try store.readLog.load().isEmpty)
        try store.readLog.mark([a, b], read: true)
        try store.readLog.mark([a], read: false)
        let other = try ArticleStore.open(at: dir.path + "/store")
        #expect(try other.readLog.load() == [b])
        try other.readLog.mark([c], read: true)
        #expect(try store.readLog.load() == [b, c])
        // A crash in the middle of an append leaves half a line: it is skipped, the rest kept.
        let log = store.readLog.path
        try FileSystem.append(Array("00000000000000".utf8), to: log)
        #expect(try store.readLog.load() == [b, c])
        try store.readLog.mark([a], read: true)
        #expect(try store.readLog.load() == [a, b, c])
        try store.readLog.mark([a], read: false)
        // Marking the same articles read and unread over and over: the log is rewritten short.
        for _ in 0..<6_000 {
            try store.readLog.mark([a], read: true)
            try store.readLog.mark([a], read: false)
        }
        #expect(try store.readLog.load() == [b, c])
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines == [Substring(b.description), Substring(c.description)])
    }

    @Test("When the store cannot be written a star fails with a message and nothing is lost")
    func unwritable() throws {
        let (dir, store) = try makeStore()
        try store.favorites.set(ArticleID(rawValue: 1), starred: true)
        // Root ignores permissions, so break the scratch folder instead: a file where tmp/ should be.
        try FileManager.default.removeItem(atPath: dir.path + "/store/tmp")
        FileManager.default.createFile(atPath: dir.path + "/store/tmp", contents: Data("x".utf8))
        #expect(throws: StoreError.self) { try store.favorites.set(ArticleID(rawValue: 2), starred: true) }
        #expect(try store.favorites.load() == [ArticleID(rawValue: 1)])
    }
}
