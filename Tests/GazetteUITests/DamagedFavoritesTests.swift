import Foundation
import GazetteCore
import Testing
@testable import GazetteUI

@Suite("Stars against a damaged favorites file")
struct DamagedFavoritesTests {
    @Test("The reader keeps the stars it holds when favorites.json is damaged under it, and the next s saves them all")
    func readerKeepsItsStars() throws {
        let dir = NSTemporaryDirectory() + "gazette-fav-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ArticleStore.open(at: dir)
        let a = ArticleID(rawValue: 0xA), b = ArticleID(rawValue: 0xB), c = ArticleID(rawValue: 0xC)
        try store.favorites.set(a, starred: true)
        try store.favorites.set(b, starred: true)
        let source = FileArticleSource(store: store)
        #expect(try source.loadFavorites() == [a, b])
        // Another program truncates the file to nothing legible.
        usleep(20_000)
        try Data("{\"starred\": [".utf8).write(to: URL(fileURLWithPath: store.favorites.path))
        guard case .failure(let error)? = source.reloadFavoritesIfChanged() else { Issue.record("damage not reported"); return }
        #expect(error.description.contains("favorites.json is damaged"))
        #expect(try source.setStar(c, starred: true) == [a, b, c])
        #expect(try store.favorites.read() == FavoritesFile.Contents(ids: [a, b, c], corrupt: false))
        #expect(store.favorites.keptCopies().count == 1)
    }
}
