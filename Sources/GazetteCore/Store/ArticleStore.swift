import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The local file store of parsed articles (the Maildir model: files are the truth).
///
/// ```
/// <root>/articles/<category-slug>/<id>.json   one article per file
/// <root>/favorites.json                       starred ids
/// <root>/tmp/                                 scratch on the same filesystem
/// <root>/.index/articles.tsv                  derived, rebuildable
/// <root>/.lock                                held by writers
/// ```
public final class ArticleStore: @unchecked Sendable {
    public let root: String
    public var articlesDir: String { root + "/articles" }
    public var tmpDir: String { root + "/tmp" }
    public var indexDir: String { root + "/.index" }
    public var indexPath: String { indexDir + "/articles.tsv" }
    public var lockPath: String { root + "/.lock" }
    public var favorites: FavoritesFile { FavoritesFile(store: self) }
    public var readLog: ReadLog { ReadLog(store: self) }
    public var syncJournal: SyncJournal { SyncJournal(store: self) }
    public var deletedLog: DeletedLog { DeletedLog(store: self) }

    /// The full-text index, opened on first use; nil when it cannot be (a read-only store).
    /// Writers keep it current; failures never fail a write (it is derived: `reconcile`).
    public var search: SearchIndex? {
        if let openSearch, openSearch.isCurrent { return openSearch }
        openSearch = try? SearchIndex(storeRoot: root)
        return openSearch
    }
    private var openSearch: SearchIndex?

    /// The index as last loaded or rebuilt.
    public private(set) var index: StoreIndex = .empty
    /// Files that could not be indexed, each with its reason. Never fatal.
    public private(set) var problems: [StoreProblem] = []
    /// Set when the index could not be refreshed (another process holds the lock); reload later.
    public private(set) var mayBeStale = false

    /// Largest article file accepted when reading; larger ones are reported, not loaded.
    public static let maxArticleFileSize = 64 << 20

    private init(root: String) {
        self.root = root
    }

    /// Opens a store, creating its folders when `create` is set.
    ///
    /// Reads the index; rebuilds it when missing, unreadable or stale (only the category
    /// folders that changed are re-read). A read-only store opens with an in-memory index.
    public static func open(at root: String, create: Bool = true) throws(StoreError) -> ArticleStore {
        let store = ArticleStore(root: root)
        if create {
            try FileSystem.makeDirectories(root)
            try FileSystem.makeDirectory(store.articlesDir)
            try? FileSystem.makeDirectory(store.tmpDir)
            try? FileSystem.makeDirectory(store.indexDir)
        } else if !FileSystem.isDirectory(root) {
            throw StoreError("open the store", path: root, reason: FileSystem.exists(root) ? "it is not a folder" : "no such folder")
        }
        if FileSystem.exists(store.articlesDir), !FileSystem.isDirectory(store.articlesDir) {
            throw StoreError("open the store", path: store.articlesDir, reason: "it is not a folder (the store keeps its articles there)")
        }
        try store.refresh()
        return store
    }

    /// True when the folders no longer match what the index says (an article was added or removed).
    public func indexIsStale(_ candidate: StoreIndex) -> Bool {
        guard let stamp = FileSystem.modificationTime(articlesDir) else { return candidate.count > 0 }
        if stamp != candidate.articlesStamp { return true }
        for c in candidate.categories where FileSystem.modificationTime("\(articlesDir)/\(c.slug)") != c.folderStamp {
            return true
        }
        return false
    }

    /// Loads the index from disk, rebuilding it when it is missing or stale. Without
    /// `waitForLock` (the reader), a missing index is not waited for while another process
    /// holds the lock: the current one stays, marked possibly stale.
    /// `holdingLock`: the caller holds the store lock already (an import); taking it again
    /// from this process would wait for ever (flock on a second descriptor).
    public func refresh(waitForLock: Bool = true, holdingLock: Bool = false) throws(StoreError) {
        let loaded = loadIndexFile()
        if let loaded, !indexIsStale(loaded) {
            index = loaded
            mayBeStale = false
            return
        }
        if holdingLock {
            try rebuildIndex(previous: loaded, writable: true)
            return
        }
        // Rebuild under the lock so a concurrent import is not overwritten; if another
        // process holds it, use what we have and let the caller reload later.
        let lock = (try? FileLock.acquire(path: lockPath, wait: loaded == nil && waitForLock)) ?? nil
        if lock == nil, let loaded {
            index = loaded
            mayBeStale = true
            return
        }
        if lock == nil, !waitForLock, FileSystem.exists(lockPath) {
            mayBeStale = true
            return
        }
        defer { lock?.unlock() }
        // Someone may have rebuilt it while we waited.
        if let again = loadIndexFile(), !indexIsStale(again) {
            index = again
            mayBeStale = false
            return
        }
        try rebuildIndex(previous: loaded, writable: lock != nil)
    }

    /// Reloads when another process changed the index file; returns true when it did.
    /// Costs one `stat` when nothing changed.
    @discardableResult
    public func reloadIfChanged() -> Bool {
        let stamp = FileSystem.modificationTime(indexPath)
        guard stamp != loadedIndexStamp else { return false }
        guard let loaded = loadIndexFile() else { return false }
        if loaded.bytes == index.bytes { return false }
        index = loaded
        mayBeStale = indexIsStale(loaded)
        return true
    }

    /// Modification time of the index file when it was last read.
    private var loadedIndexStamp: Int64?

    private func loadIndexFile() -> StoreIndex? {
        loadedIndexStamp = FileSystem.modificationTime(indexPath)
        guard let bytes = try? FileSystem.read(indexPath) else { return nil }
        return try? StoreIndex.parse(bytes)
    }

    /// Rebuilds the index from the article files, reusing entries of unchanged folders.
    func rebuildIndex(previous: StoreIndex?, writable: Bool) throws(StoreError) {
        var problems: [StoreProblem] = []
        let articlesStamp = FileSystem.modificationTime(articlesDir) ?? 0
        let folders = ((try? FileSystem.list(articlesDir)) ?? []).filter {
            !$0.hasPrefix(".") && FileSystem.isDirectory("\(articlesDir)/\($0)")
        }.sorted()
        var reusable: [String: Int] = [:]
        if let previous {
            for (i, c) in previous.categories.enumerated() { reusable[c.slug] = i }
        }
        var records: [StoreIndex.Record] = []
        var stamps: [String: Int64] = [:]
        for slug in folders {
            let folder = "\(articlesDir)/\(slug)"
            let stamp = FileSystem.modificationTime(folder) ?? 0
            stamps[slug] = stamp
            if let previous, let c = reusable[slug], previous.categories[c].folderStamp == stamp {
                for (p, e) in previous.entries.enumerated() where e.category == c {
                    records.append(previous.record(at: p))
                }
                continue
            }
            let names: [String]
            do { names = try FileSystem.list(folder) } catch {
                problems.append(StoreProblem(path: folder, reason: error.reason))
                continue
            }
            for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let path = "\(folder)/\(name)"
                do {
                    var article = try readArticle(at: path)
                    if CategoryName.slug(article.category) != slug {
                        // The folder is the truth for where it is listed.
                        article.category = CategoryName.fromFolder(slug)
                    }
                    var record = StoreIndex.Record(article: article)
                    record.categorySlug = slug
                    records.append(record)
                } catch {
                    problems.append(StoreProblem(path: path, reason: error.reason))
                }
            }
        }
        // Keep the display name stable per folder: the first name seen wins.
        let bytes = StoreIndex.build(records: records, folderStamps: stamps, articlesStamp: articlesStamp)
        do {
            index = try StoreIndex.parse(bytes)
        } catch {
            throw StoreError("build the index of", path: root, reason: "\(error)")
        }
        self.problems = problems
        mayBeStale = false
        if writable {
            try? FileSystem.makeDirectory(indexDir)
            try? FileSystem.makeDirectory(tmpDir)
            // A read-only or full disk only costs the next start-up a rebuild.
            try? FileSystem.writeAtomically(bytes, to: indexPath, tmpDir: tmpDir)
        }
    }

    /// Installs a freshly built index (the importer calls this while holding the lock).
    func install(records: [StoreIndex.Record]) throws(StoreError) {
        var stamps: [String: Int64] = [:]
        for r in records where stamps[r.categorySlug] == nil {
            stamps[r.categorySlug] = FileSystem.modificationTime("\(articlesDir)/\(r.categorySlug)") ?? 0
        }
        let articlesStamp = FileSystem.modificationTime(articlesDir) ?? 0
        let bytes = StoreIndex.build(records: records, folderStamps: stamps, articlesStamp: articlesStamp)
        do {
            index = try StoreIndex.parse(bytes)
        } catch {
            throw StoreError("build the index of", path: root, reason: "\(error)")
        }
        try FileSystem.writeAtomically(bytes, to: indexPath, tmpDir: tmpDir)
    }

    // MARK: Articles

    public func path(of id: ArticleID, categorySlug: String) -> String {
        "\(articlesDir)/\(categorySlug)/\(id).json"
    }

    /// Loads one article's full text (bodies are read only when an article is opened).
    public func article(_ id: ArticleID) throws(StoreError) -> Article {
        if let p = index.position(of: id) {
            let slug = index.categories[index.entries[p].category].slug
            return try readArticle(at: path(of: id, categorySlug: slug))
        }
        throw StoreError("find article", path: id.description, reason: "no article with this id in \(root)")
    }

    public func article(at position: Int) throws(StoreError) -> Article {
        let e = index.entries[position]
        return try readArticle(at: path(of: e.id, categorySlug: index.categories[e.category].slug))
    }

    public func readArticle(at path: String) throws(StoreError) -> Article {
        let bytes = try FileSystem.read(path, limit: Self.maxArticleFileSize)
        if bytes.isEmpty { throw StoreError("read article", path: path, reason: "the file is empty") }
        do {
            return try JSONDecoder().decode(Article.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            throw StoreError("read article", path: path, reason: "not valid article JSON (\(context.debugDescription))")
        } catch DecodingError.keyNotFound(let key, _) {
            throw StoreError("read article", path: path, reason: "the field \"\(key.stringValue)\" is missing")
        } catch {
            throw StoreError("read article", path: path, reason: "not valid article JSON (\(error))")
        }
    }

    /// Deletes articles: their files, their index entries and their stars. Returns the ids
    /// that were in the store. Read marks of deleted ids are harmless and stay.
    @discardableResult
    public func delete(_ ids: Set<ArticleID>) throws(StoreError) -> Set<ArticleID> {
        let present: Set<ArticleID>
        do {
            let lock = try FileLock(path: lockPath, purpose: "delete")
            defer { lock.unlock() }
            try refresh(holdingLock: true)
            var records: [StoreIndex.Record] = []
            var removed = Set<ArticleID>()
            var folders = Set<String>()
            for p in 0..<index.count {
                let r = index.record(at: p)
                guard ids.contains(r.id) else { records.append(r); continue }
                let file = path(of: r.id, categorySlug: r.categorySlug)
                if unlink(file) != 0 && errno != ENOENT { throw StoreError.system("delete", path: file) }
                removed.insert(r.id)
                folders.insert("\(articlesDir)/\(r.categorySlug)")
            }
            for folder in folders {
                try FileSystem.fsync(path: folder, directory: true)
                // An emptied category folder goes too, so the folder list loses it.
                if (try? FileSystem.list(folder))?.isEmpty == true { rmdir(folder) }
            }
            try install(records: records)
            present = removed
        }
        try? search?.remove(Array(present))
        // Remembered, so a feed still listing them does not bring them back.
        try deletedLog.remember(present)
        let stars = try favorites.load()
        for id in present where stars.contains(id) { try favorites.set(id, starred: false) }
        return present
    }

    /// Removes scratch files left by a process that died mid-write (called under the lock).
    func cleanScratch() {
        guard let names = try? FileSystem.list(tmpDir) else { return }
        for name in names { FileSystem.remove("\(tmpDir)/\(name)") }
    }
}

