import Foundation
import GazetteCore

/// What the reader needs from a store. The file store is one; tests use an in-memory one.
public protocol ArticleSource: AnyObject {
    var index: StoreIndex { get }
    var location: String { get }
    func loadArticle(_ id: ArticleID) throws(StoreError) -> Article
    /// Writes the star to disk and returns every starred id as now on disk; nil, without
    /// waiting, when another process holds the store (try again later).
    func setStar(_ id: ArticleID, starred: Bool) throws(StoreError) -> Set<ArticleID>?
    /// What the process holding the store said it is doing ("import"), if anything.
    func lockHolder() -> String?
    func loadFavorites() throws(StoreError) -> Set<ArticleID>
    /// What is wrong with the favorites file (damaged, or a damaged copy kept), if anything.
    func favoritesProblem() -> String?
    /// A newer index when another process changed the store, else nil.
    func reloadIndexIfChanged() -> StoreIndex?
    /// Favorites when another process changed them, else nil.
    func reloadFavoritesIfChanged() -> Result<Set<ArticleID>, StoreError>?
    /// The ids of the articles read so far.
    func loadRead() throws(StoreError) -> Set<ArticleID>
    /// Marks articles read or unread on disk.
    func setRead(_ ids: [ArticleID], read: Bool) throws(StoreError)
    /// Read marks when another process changed them, else nil.
    func reloadReadIfChanged() -> Set<ArticleID>?
    /// Deletes articles; returns them as they were (for undo) and which were starred.
    func delete(_ ids: [ArticleID]) throws(StoreError) -> (articles: [Article], starred: Set<ArticleID>)
    /// Writes deleted articles back (undo), with their stars; a feed may bring them again.
    func restore(_ articles: [Article], starred: Set<ArticleID>) throws(StoreError)
    /// The index positions whose text matches the query (every position when it asks
    /// nothing of the text), best matches first or newest first; nil when the full-text
    /// index cannot answer. Filters on read marks, stars and dates are the caller's.
    func search(_ query: SearchQuery, bestFirst: Bool) -> SearchIndex.Answer?
}

extension ArticleSource {
    public func search(_ query: SearchQuery, bestFirst: Bool) -> SearchIndex.Answer? { nil }
}

/// The file store as an `ArticleSource`.
public final class FileArticleSource: ArticleSource {
    public let store: ArticleStore
    private var favoritesStamp: Int64?
    /// The read log's size after our last look: another process appending changes it.
    private var readSize: Int64?

    public init(store: ArticleStore) {
        self.store = store
        favoritesStamp = FileSystem.modificationTime(store.favorites.path)
    }

    public var index: StoreIndex { store.index }
    public var location: String { store.root }

    public func loadArticle(_ id: ArticleID) throws(StoreError) -> Article { try store.article(id) }

    /// Called (on the loop's thread) when the full-text index was found deleted or replaced
    /// by hand: the reader rebuilds it in the background.
    public var searchIndexLost: (() -> Void)?
    private var searchPath: String { SearchIndex.path(storeRoot: store.root) }

    public func search(_ query: SearchQuery, bestFirst: Bool) -> SearchIndex.Answer? {
        // Deleted under us: what this connection reads is gone; it is built again.
        guard FileSystem.exists(searchPath) else {
            searchIndexLost?()
            return nil
        }
        guard let search = store.search else { return nil }
        return try? search.answer(query, in: store.index, read: [], starred: [], newestFirst: !bestFirst)
    }

    /// The stars the reader holds: what it last read or saved. A damaged favorites file is
    /// rewritten with these and whatever can be recovered from it, so no star is lost.
    private var known: Set<ArticleID> = []

    public func setStar(_ id: ArticleID, starred: Bool) throws(StoreError) -> Set<ArticleID>? {
        guard let all = try store.favorites.trySet(id, starred: starred, known: known) else { return nil }
        known = all
        favoritesStamp = FileSystem.modificationTime(store.favorites.path)
        return all
    }

    public func loadFavorites() throws(StoreError) -> Set<ArticleID> {
        defer { favoritesStamp = FileSystem.modificationTime(store.favorites.path) }
        let contents = try store.favorites.read()
        known = contents.ids
        return contents.ids
    }

    public func favoritesProblem() -> String? { store.favorites.problem() }

    public func lockHolder() -> String? { store.favorites.lockHolder() }

    /// Called (on the loop's thread) when another process changed the store: the reader
    /// brings the full-text index up to date in the background (a writer that could not
    /// index, or was told not to, leaves it behind).
    public var storeChangedElsewhere: (() -> Void)?

    public func reloadIndexIfChanged() -> StoreIndex? {
        let changed: StoreIndex?
        if store.mayBeStale {
            let before = store.index
            try? store.refresh(waitForLock: false)
            changed = store.index == before ? nil : store.index
        } else {
            changed = store.reloadIfChanged() ? store.index : nil
        }
        if changed != nil { storeChangedElsewhere?() }
        return changed
    }

    public func loadRead() throws(StoreError) -> Set<ArticleID> {
        defer { readSize = FileSystem.fileSize(store.readLog.path) }
        return try store.readLog.load()
    }

    public func setRead(_ ids: [ArticleID], read: Bool) throws(StoreError) {
        let before = FileSystem.fileSize(store.readLog.path)
        try store.readLog.mark(ids, read: read)
        // Only our own lines since the last look: no need to read the log again.
        if before == readSize { readSize = FileSystem.fileSize(store.readLog.path) }
    }

    public func delete(_ ids: [ArticleID]) throws(StoreError) -> (articles: [Article], starred: Set<ArticleID>) {
        var articles: [Article] = []
        for id in ids { articles.append(try store.article(id)) }
        let starred = try store.favorites.load().intersection(ids)
        try store.delete(Set(ids))
        known.subtract(ids)
        favoritesStamp = FileSystem.modificationTime(store.favorites.path)
        return (articles, starred)
    }

    public func restore(_ articles: [Article], starred: Set<ArticleID>) throws(StoreError) {
        try store.deletedLog.forget(Set(articles.map(\.id)))
        _ = try Importer(store: store).importArticles(articles)
        for id in starred { known = try store.favorites.set(id, starred: true, known: known) }
        favoritesStamp = FileSystem.modificationTime(store.favorites.path)
    }

    public func reloadReadIfChanged() -> Set<ArticleID>? {
        let size = FileSystem.fileSize(store.readLog.path)
        guard size != readSize else { return nil }
        return try? loadRead()
    }

    public func reloadFavoritesIfChanged() -> Result<Set<ArticleID>, StoreError>? {
        let stamp = FileSystem.modificationTime(store.favorites.path)
        guard stamp != favoritesStamp else { return nil }
        favoritesStamp = stamp
        do {
            let contents = try store.favorites.read()
            // Damaged by someone else: keep the stars on screen (and in `known`), say so.
            if contents.corrupt, let problem = store.favorites.problem() {
                return .failure(StoreError("use", path: "favorites.json", reason: problem))
            }
            known = contents.ids
            return .success(contents.ids)
        } catch {
            return .failure(error)
        }
    }
}

/// An in-memory store for tests and benchmarks: articles in a dictionary, stars in a set.
public final class MemoryArticleSource: ArticleSource {
    public private(set) var index: StoreIndex
    public var articles: [ArticleID: Article]
    public var starred: Set<ArticleID> = []
    /// When set, saving a star fails with this reason (a read-only store, a full disk).
    public var failStarsWith: String?
    public let location = "(memory)"

    public init(articles: [Article]) {
        self.articles = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let bytes = StoreIndex.build(records: articles.map(StoreIndex.Record.init(article:)), folderStamps: [:], articlesStamp: 0)
        index = (try? StoreIndex.parse(bytes)) ?? .empty
    }

    public func loadArticle(_ id: ArticleID) throws(StoreError) -> Article {
        guard let a = articles[id] else { throw StoreError("read article", path: id.description, reason: "not in memory") }
        return a
    }

    /// When set, the store is held by another process ("import"): stars wait.
    public var heldBy: String?
    public func lockHolder() -> String? { heldBy }

    public func setStar(_ id: ArticleID, starred on: Bool) throws(StoreError) -> Set<ArticleID>? {
        if heldBy != nil { return nil }
        if let failStarsWith { throw StoreError("write", path: "favorites.json", reason: failStarsWith) }
        if on { starred.insert(id) } else { starred.remove(id) }
        return starred
    }

    public func loadFavorites() throws(StoreError) -> Set<ArticleID> { starred }
    public func favoritesProblem() -> String? { nil }
    public func reloadIndexIfChanged() -> StoreIndex? { nil }
    public func reloadFavoritesIfChanged() -> Result<Set<ArticleID>, StoreError>? { nil }

    public var read: Set<ArticleID> = []
    /// When set, saving read marks fails with this reason.
    public var failReadWith: String?
    public func loadRead() throws(StoreError) -> Set<ArticleID> { read }
    public func setRead(_ ids: [ArticleID], read on: Bool) throws(StoreError) {
        if let failReadWith { throw StoreError("write", path: "read.log", reason: failReadWith) }
        if on { read.formUnion(ids) } else { read.subtract(ids) }
    }
    public func reloadReadIfChanged() -> Set<ArticleID>? { nil }

    public func delete(_ ids: [ArticleID]) throws(StoreError) -> (articles: [Article], starred: Set<ArticleID>) {
        let gone = ids.compactMap { articles.removeValue(forKey: $0) }
        let wasStarred = starred.intersection(ids)
        starred.subtract(ids)
        rebuild()
        return (gone, wasStarred)
    }

    public func restore(_ restored: [Article], starred again: Set<ArticleID>) throws(StoreError) {
        for a in restored { articles[a.id] = a }
        starred.formUnion(again)
        rebuild()
    }

    private func rebuild() {
        let bytes = StoreIndex.build(records: articles.values.map(StoreIndex.Record.init(article:)), folderStamps: [:], articlesStamp: 0)
        index = (try? StoreIndex.parse(bytes)) ?? .empty
    }
}
