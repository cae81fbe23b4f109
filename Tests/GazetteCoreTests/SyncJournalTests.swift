import Foundation
import Testing
@testable import GazetteCore

@Suite("The sync journal: read marks and stars waiting for the server")
struct SyncJournalTests {
    let a = ArticleID(rawValue: 0xa1)
    let b = ArticleID(rawValue: 0xb2)

    func storeWithAccount(_ dir: TempDir) throws -> ArticleStore {
        let store = try ArticleStore.open(at: dir.path + "/store")
        _ = dir.write("store/sync/account.json", "{}")
        return store
    }

    @Test("Without an account nothing is journaled; with one, marks and stars are, before the change is saved")
    func onlyWithAccount() throws {
        let dir = TempDir()
        let plain = try ArticleStore.open(at: dir.path + "/plain")
        try plain.readLog.mark([a], read: true)
        try plain.favorites.set(b, starred: true)
        #expect(!FileSystem.exists(plain.syncJournal.path))

        let store = try storeWithAccount(dir)
        try store.readLog.mark([a], read: true)
        try store.favorites.set(b, starred: true)
        try store.favorites.toggle(b)
        #expect(try store.syncJournal.snapshot().changes == [
            .init(article: a, kind: .read, on: true), .init(article: b, kind: .starred, on: false),
        ])
        // The server's own state, applied by a sync, is not journaled.
        try store.readLog.mark([b], read: true, journal: false)
        try store.favorites.applyUnjournaled(star: [a], unstar: [], keep: { [] })
        #expect(try store.syncJournal.snapshot().changes.count == 2)
        #expect(try store.favorites.load() == [a])
    }

    @Test("The last change of each article and kind is what is sent; read and star are separate")
    func lastChangeWins() throws {
        let dir = TempDir()
        let store = try storeWithAccount(dir)
        try store.readLog.mark([a, b], read: true)
        try store.readLog.mark([a], read: false)
        try store.favorites.set(a, starred: true)
        let changes = try store.syncJournal.snapshot().changes
        #expect(changes == [
            .init(article: a, kind: .read, on: false), .init(article: b, kind: .read, on: true),
            .init(article: a, kind: .starred, on: true),
        ])
    }

    @Test("Removing what was sent keeps what was not sent and every line added after the snapshot")
    func removeKeepsLaterLines() throws {
        let dir = TempDir()
        let store = try storeWithAccount(dir)
        let journal = store.syncJournal
        try store.readLog.mark([a, b], read: true)
        let snapshot = try journal.snapshot()
        // While the sync talks to the server, the user marks a unread again.
        try store.readLog.mark([a], read: false)
        // Only a's read mark was confirmed.
        try journal.remove(sent: [.init(article: a, kind: .read, on: true)], upTo: snapshot.length)
        let left = try journal.snapshot().changes
        #expect(left == [.init(article: b, kind: .read, on: true), .init(article: a, kind: .read, on: false)])
        #expect(journal.waiting() == [SyncJournal.Key(a, .read), SyncJournal.Key(b, .read)])
    }

    @Test("A torn last line (a crash mid-append) is skipped, and the next change starts a new line")
    func tornLine() throws {
        let dir = TempDir()
        let store = try storeWithAccount(dir)
        try store.readLog.mark([a], read: true)
        try FileSystem.append(Array("s 00000000".utf8), to: store.syncJournal.path)
        #expect(try store.syncJournal.snapshot().changes == [.init(article: a, kind: .read, on: true)])
        try store.favorites.set(b, starred: true)
        #expect(try store.syncJournal.snapshot().changes == [
            .init(article: a, kind: .read, on: true), .init(article: b, kind: .starred, on: true),
        ])
    }

    @Test("A star that cannot be saved is taken back in the journal, so the server never gets it")
    func failedStarTakenBack() throws {
        let dir = TempDir()
        let store = try storeWithAccount(dir)
        // favorites.json cannot be written: its scratch folder is a file.
        _ = try? FileManager.default.removeItem(atPath: store.tmpDir)
        _ = dir.write("store/tmp", "not a folder")
        #expect(throws: StoreError.self) { try store.favorites.set(a, starred: true) }
        #expect(try store.syncJournal.snapshot().changes == [.init(article: a, kind: .starred, on: false)])
    }
}

@Suite("Articles made elsewhere (synced items)")
struct PreparedArticleTests {
    @Test("An article whose source names a local feed file is imported as it is: the file is never read")
    func sourceIsNotRead() throws {
        let dir = TempDir()
        let feed = dir.write("secret.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Secret</title><item><title>Private item</title><link>http://x.test/p</link></item></channel></rss>")
        let store = try ArticleStore.open(at: dir.path + "/store")
        let article = Article(id: ArticleID.forURL("http://a.test/1"), title: "Synced story", category: "Account",
                              body: "Text.", source: feed)
        let report = try Importer(store: store).importArticles([article])
        #expect(report.imported == 1)
        #expect(store.index.count == 1)
        #expect(try store.article(at: 0).title == "Synced story")
    }
}
