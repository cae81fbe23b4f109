import Foundation
import GazetteCore

/// A folder in the folder list.
public struct Folder: Equatable, Sendable {
    public enum Kind: Hashable, Sendable {
        case all, favorites
        case category(slug: String)
        /// One feed (or site) of a folder that holds several.
        case feed(slug: String, name: String)
        /// A saved search (`query-folder`).
        case saved(name: String)
    }
    public var kind: Kind
    public var name: String
    public var count: Int
    /// How many of them are unread.
    public var unread = 0
    /// How many feeds it holds (shown beneath it unless collapsed); 0 for a single source.
    public var feeds = 0
    /// Its feeds are hidden (Space).
    public var collapsed = false

    /// A feed row, drawn indented under its folder.
    public var isFeed: Bool { if case .feed = kind { true } else { false } }
}

public enum Focus: Equatable, Sendable { case folders, articles }

/// A search of the article lists by title and author ("/"): it filters every folder's
/// articles until cleared.
public struct Search: Equatable, Sendable {
    public var query: String
    /// The query is being typed in the bottom bar.
    public var editing: Bool
    /// Every folder (the default), or only the folder under the cursor (Tab while typing).
    public var allFolders = true
    /// Best matches first (Ctrl-O while typing switches), else newest first.
    public var bestFirst = false
    /// The full-text index's answer for `resultsQuery` (index positions), nil while there is
    /// none (the index is being built): titles and authors are searched meanwhile.
    public var results: [Int]?
    public var resultsQuery: String?
    /// The results came out best first (asked, and few enough matches to rank).
    public var resultsRanked = false
    /// The query changed since the index was last asked: ask at the next pause in typing.
    public var pending = false

    public init(query: String, editing: Bool) {
        self.query = query
        self.editing = editing
    }
}

public enum Mode: Equatable, Sendable { case lists, reader, help, links }

/// What a y/n question in the bar is about.
public enum Confirmation: Equatable, Sendable {
    case markRead([ArticleID])
    /// Replace an existing file with the saved article.
    case overwrite(ArticleID, path: String)
}

public enum Status: Equatable, Sendable {
    case info(String)
    case error(String)

    /// The bar's "Fetching feeds…" line, which progress may replace.
    var isFetchProgress: Bool {
        if case .info(let text) = self {
            return text.hasPrefix("Fetching feeds…") || text.hasPrefix("Syncing ") || text == "Reloading…" || text.hasPrefix("Downloading ")
        }
        return false
    }
}

/// Everything the screen shows, as a value. Changed only by `Reducer.reduce`.
public struct AppState: Equatable, Sendable {
    public var index: StoreIndex
    public var starred: Set<ArticleID>
    /// The articles read so far; the others are unread.
    public var read: Set<ArticleID> = []
    /// Saving read marks failed once this session (a read-only store): said once, not on every article.
    public var readMarksFailed = false
    public var folders: [Folder] = []
    /// Saved searches, shown as folders after Favorites.
    public var savedSearches: [SavedSearch] = []
    /// Their articles as the full-text index last answered (index positions), by name.
    public var savedResults: [String: [Int]] = [:]
    /// Folders whose feeds are hidden (Space on the folder), by slug.
    public var collapsedFolders: Set<String> = []
    public var folderCursor = ListCursor()
    /// Index positions of the articles in the folder under the folder cursor, newest first.
    public var articles: [Int] = []
    /// `show-read-articles no`: read articles are left out of the lists (the selected one
    /// stays until the list is shown again).
    public var hideRead = false
    /// `article-sort-order`.
    public var sortOrder: SortOrder = .dateDescending
    /// `show-read-feeds no`: folders with nothing unread are left out of the folder list.
    public var hideReadFolders = false
    /// What the config said, for L to come back to.
    public var hideReadFoldersByConfig = false
    public var hideReadByConfig = false
    /// `datetime-format`: list dates in this strftime format instead of "2 days ago", "Mar 4".
    public var dateFormat: String?
    /// `confirm-mark-all-feeds-read no`: A never asks.
    public var confirmMarkAll = true
    public var articleCursor = ListCursor()
    /// The article last selected in each folder, restored when the folder is shown again.
    public var rememberedSelection: [Folder.Kind: ArticleID] = [:]
    public var focus: Focus = .folders
    public var mode: Mode = .lists
    /// The mode help returns to.
    public var modeBeforeHelp: Mode = .lists
    public var helpTop = 0
    public var reader: ReaderState?
    /// The links view (`v`).
    public var links: LinksState?
    /// A line being typed in the bar (where to save, what to pipe to).
    public var prompt: Prompt?
    /// The last command `|` piped to, proposed again.
    public var lastPipeCommand: String?
    /// Where `d` downloads (`download-path`, `$XDG_DOWNLOAD_DIR`, ~/Downloads).
    public var downloadFolder = NSHomeDirectory() + "/Downloads"
    /// Where `w` proposes to save (`save-path`, else the downloads folder).
    public var saveFolder = NSHomeDirectory() + "/Downloads"
    /// The full-text index is being built (done, of total); searches use titles meanwhile.
    public var searchIndexBuilding: Progress?

    public struct Progress: Equatable, Sendable {
        public var done: Int
        public var total: Int
    }
    /// The full-text index can answer (built, or brought up to date, this session).
    public var searchIndexReady = false
    /// Downloads running in the background (d in the links view), by file name.
    public var downloads: Set<String> = []
    /// The home folder, shown as "~".
    public var home = NSHomeDirectory()
    public var status: Status?
    public var size: Size
    public var now: Date
    /// The zone dates are shown in: `TZ` or the system's (tests pin one).
    public var timeZone: TimeZone = .current
    public var storePath: String
    public var quitting = false
    /// The link number being typed in the reader ("Open link: 1_").
    public var linkNumber: Int?
    /// A question in the bar waiting for y or n.
    public var confirmation: Confirmation?
    /// The last mark-read of several articles (only those it changed), for `U`.
    public var undoableMarkRead: [ArticleID]?
    /// The last deletion (D), for U while the reader runs: the articles and which were starred.
    public var undoableDelete: DeletedArticles?
    /// The read marks being saved are an undo.
    public var undoing = false
    /// Stars waiting for the store (another process holds its lock): the state each article
    /// is to have. Shown as saved only once saved.
    public var pendingStars: [ArticleID: Bool] = [:]
    /// The user quit while stars were waiting: quit once they are saved (Q again: at once).
    public var quitWhenSaved = false
    /// What the process holding the store said it does ("import"), while stars wait.
    public var storeHeldBy: String?
    /// A background fetch is running.
    public var fetching = false
    /// `auto-reload`: fetch (and sync) every this many seconds while the reader runs.
    public var reloadInterval: TimeInterval?
    /// When the next automatic reload is due.
    public var nextReload: Date?
    /// The article whose full text is being fetched (f in the reader).
    public var fetchingFullText: ArticleID?
    /// The last fetch's summary and its failures ("feed: reason"), shown under help.
    public var lastFetch: [String] = []
    public var search: Search?

    /// The search the lists are filtered by, when it has words (without spaces around them).
    public var activeQuery: String? {
        guard let query = search?.query.trimmingCharacters(in: .whitespaces), !query.isEmpty else { return nil }
        return query
    }

    public init(index: StoreIndex, starred: Set<ArticleID>, read: Set<ArticleID> = [], size: Size, now: Date, storePath: String,
                status: Status? = nil) {
        self.index = index
        self.starred = starred
        self.read = read
        self.size = size
        self.now = now
        self.storePath = storePath
        self.status = status
        rebuildFolders()
        showFolderUnderCursor()
    }

    public var currentFolder: Folder? {
        folders.indices.contains(folderCursor.selected) ? folders[folderCursor.selected] : nil
    }

    /// The id of the article under the article cursor.
    public var selectedArticleID: ArticleID? {
        guard articles.indices.contains(articleCursor.selected) else { return nil }
        return index.entries[articles[articleCursor.selected]].id
    }

    public var layout: Layout { Layout(size: size) }

    /// Where keys are looked up.
    public var keyContext: KeyContext {
        switch mode {
        case _ where confirmation != nil: .confirm
        case _ where prompt != nil: .prompt
        case .reader where linkNumber != nil: .linkNumber
        case .lists: search?.editing == true ? .search : .lists
        case .reader: .reader
        case .help: .help
        case .links: .links
        }
    }

    // MARK: Derived lists

    /// Recomputes the folder list (counts included), keeping the cursor on the same folder.
    mutating func rebuildFolders() {
        let previous = currentFolder?.kind
        // Unread counts, and per folder its feeds' counts: one pass over the index.
        var unreadIn = [Int](repeating: 0, count: index.categories.count)
        var feedCounts = [[Int32: (count: Int, unread: Int)]](repeating: [:], count: index.categories.count)
        var unread = 0
        for e in index.entries {
            let isUnread = !read.contains(e.id)
            if isUnread {
                unreadIn[e.category] += 1
                unread += 1
            }
            // Articles without a feed are only in their folder (most of a store of files).
            guard e.feed >= 0 else { continue }
            Self.count(&feedCounts[e.category][e.feed, default: (0, 0)], unread: isUnread)
        }
        let favorites = index.positions(of: starred)
        var list = [
            Folder(kind: .all, name: "All articles", count: index.count, unread: unread),
            Folder(kind: .favorites, name: "Favorites", count: favorites.count,
                   unread: unreadCount(favorites)),
        ]
        for saved in savedSearches {
            let positions = savedPositions(saved)
            let unreadHere = unreadCount(positions)
            if hideReadFolders, unreadHere == 0, previous != .saved(name: saved.name) { continue }
            list.append(Folder(kind: .saved(name: saved.name), name: saved.name, count: positions.count, unread: unreadHere))
        }
        for (i, c) in index.categories.enumerated() {
            // show-read-feeds no: folders with nothing unread are left out (not the one the cursor is on).
            if hideReadFolders, unreadIn[i] == 0, previous != .category(slug: c.slug) { continue }
            // A folder of several feeds lists them beneath it (articles without one are only in the folder).
            let feeds = feedCounts[i].sorted { $0.key < $1.key }
            let several = feeds.count >= 2
            let collapsed = collapsedFolders.contains(c.slug)
            list.append(Folder(kind: .category(slug: c.slug), name: c.name, count: c.count, unread: unreadIn[i],
                               feeds: several ? feeds.count : 0, collapsed: collapsed))
            guard several, !collapsed else { continue }
            for (feed, counts) in feeds {
                let name = index.feeds[Int(feed)]
                if hideReadFolders, counts.unread == 0, previous != .feed(slug: c.slug, name: name) { continue }
                list.append(Folder(kind: .feed(slug: c.slug, name: name), name: name, count: counts.count, unread: counts.unread))
            }
        }
        folders = list
        if let previous, let i = folders.firstIndex(where: { $0.kind == previous }) {
            folderCursor.select(i, count: folders.count, visible: layout.folderRows)
        } else {
            folderCursor.clamp(count: folders.count, visible: layout.folderRows)
        }
    }

    /// How many of these index positions are unread.
    func unreadCount(_ positions: [Int]) -> Int {
        positions.reduce(0) { $0 + (read.contains(index.entries[$1].id) ? 0 : 1) }
    }

    /// One more article in a feed's counts (one dictionary access per article).
    private static func count(_ counts: inout (count: Int, unread: Int), unread: Bool) {
        counts.count += 1
        if unread { counts.unread += 1 }
    }

    /// Adds `delta` to the unread counts of the folders an article is in (All articles, its
    /// category, Favorites when starred): a read mark without a pass over the whole index.
    mutating func countUnread(_ id: ArticleID, by delta: Int) {
        guard let position = index.position(of: id) else { return }
        let entry = index.entries[position]
        let slug = index.categories[entry.category].slug
        let feed = entry.feed >= 0 ? index.feeds[Int(entry.feed)] : nil
        for i in folders.indices {
            switch folders[i].kind {
            case .all: folders[i].unread += delta
            case .favorites: if starred.contains(id) { folders[i].unread += delta }
            case .category(let s): if s == slug { folders[i].unread += delta }
            case .feed(let s, let name): if s == slug, name == feed { folders[i].unread += delta }
            case .saved(let name):
                // In the search when the index said so (a filter on read marks is recounted).
                if let saved = savedSearches.first(where: { $0.name == name }) {
                    let positions = savedPositions(saved)
                    folders[i].count = positions.count
                    folders[i].unread = unreadCount(positions)
                }
            }
        }
    }

    /// Fills `articles` for the folder under the cursor, keeping (or restoring) the selected article.
    mutating func showFolderUnderCursor(keeping id: ArticleID? = nil) {
        guard let folder = currentFolder else { articles = []; articleCursor = ListCursor(); return }
        switch folder.kind {
        case .all: articles = Array(0..<index.count)
        case .favorites: articles = index.positions(of: starred)
        case .category(let slug):
            if let c = index.categories.firstIndex(where: { $0.slug == slug }) {
                articles = index.positions(inCategory: c)
            } else {
                articles = []
            }
        case .saved(let name):
            articles = savedSearches.first { $0.name == name }.map(savedPositions) ?? []
        case .feed(let slug, let name):
            if let c = index.categories.firstIndex(where: { $0.slug == slug }), let f = index.feeds.firstIndex(of: name) {
                articles = index.positions(inCategory: c).filter { index.entries[$0].feed == Int32(f) }
            } else {
                articles = []
            }
        }
        if let query = activeQuery {
            if let search, let results = search.results, search.resultsQuery == query {
                // The full-text answer: all folders, or this folder's articles among it.
                if search.allFolders {
                    articles = results
                } else {
                    let here = Set(articles)
                    articles = results.filter(here.contains)
                }
            } else {
                articles = index.positions(articles, matching: query)
            }
        }
        let wanted = id ?? rememberedSelection[folder.kind]
        if hideRead {
            // Only the article the cursor is on stays when read; coming back to the folder hides it.
            articles = articles.filter { let e = index.entries[$0].id; return !read.contains(e) || e == id }
        }
        if sortOrder != .dateDescending { articles = sortOrder.sorted(articles, index: index) }
        if let wanted, let row = articles.firstIndex(where: { index.entries[$0].id == wanted }) {
            articleCursor.select(row, count: articles.count, visible: layout.articleRows)
        } else if id != nil {
            // The article left this folder (unstarred in Favorites): stay at the same row.
            articleCursor.clamp(count: articles.count, visible: layout.articleRows)
        } else {
            articleCursor = ListCursor()
            articleCursor.clamp(count: articles.count, visible: layout.articleRows)
        }
    }
}

/// What D deleted, for U.
public struct DeletedArticles: Equatable, Sendable {
    public var articles: [Article]
    public var starred: Set<ArticleID>
}

/// How the article list is ordered (`article-sort-order`, newsboat's names).
public enum SortOrder: String, CaseIterable, Sendable {
    case dateDescending = "date-desc", dateAscending = "date-asc", title, author, feed

    /// newsboat's values: `date`, `date-asc`, `title`, `author`, `feed`... (`-desc`/`-asc` suffixes).
    public init?(configName: String) {
        switch configName.lowercased() {
        case "date", "date-desc": self = .dateDescending
        case "date-asc": self = .dateAscending
        case "title", "title-asc", "title-desc": self = .title
        case "author", "author-asc", "author-desc": self = .author
        case "feed", "feed-asc", "feed-desc", "folder": self = .feed
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .dateDescending: "newest first"
        case .dateAscending: "oldest first"
        case .title: "title"
        case .author: "author"
        case .feed: "folder"
        }
    }

    var next: SortOrder { let all = Self.allCases; return all[(all.firstIndex(of: self)! + 1) % all.count] }

    /// Index positions (newest first) in this order; ties keep the date order.
    func sorted(_ positions: [Int], index: StoreIndex) -> [Int] {
        switch self {
        case .dateDescending: return positions
        case .dateAscending: return positions.reversed()
        case .title, .author, .feed:
            // Keys folded on bytes as search folds them (Foundation's folding took 0.6 s over
            // 100,000 titles, and this runs on every folder move while a sort is chosen).
            struct Keyed { var position: Int; var rank: Int; var key: [UInt8] }
            let keyed = positions.enumerated().map { rank, p -> Keyed in
                let s = index.summary(at: p)
                let text: String = switch self { case .title: s.title; case .author: s.author ?? ""; default: s.category }
                return Keyed(position: p, rank: rank, key: SearchFolding.fold(text))
            }
            // Empty keys (no author) last; equal keys keep the date order.
            return keyed.sorted { a, b in
                if a.key == b.key { return a.rank < b.rank }
                if a.key.isEmpty || b.key.isEmpty { return b.key.isEmpty }
                return a.key.lexicographicallyPrecedes(b.key)
            }.map(\.position)
        }
    }
}

/// Where everything goes for a terminal size. Views and the reducer both use it, so a page
/// down moves exactly one visible page.
public struct Layout: Equatable, Sendable {
    public static let minimum = Size(width: 30, height: 8)

    public var size: Size
    public var tooSmall: Bool { size.width < Layout.minimum.width || size.height < Layout.minimum.height }
    public var full: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }
    public var body: Rect { full.split(.vertical, trailing: 1).0 }
    public var statusBar: Rect { full.split(.vertical, trailing: 1).1 }
    /// Below this width the lists are shown one at a time.
    public static let twoPaneWidth = 60
    public var twoPanes: Bool { size.width >= Layout.twoPaneWidth }

    /// Folder pane and article pane (each with a one-line header).
    public var panes: (folders: Rect, articles: Rect) {
        if twoPanes {
            let folderWidth = min(30, max(20, size.width / 4))
            let (f, rest) = body.split(.horizontal, leading: folderWidth)
            // One column of separator.
            return (f, rest.split(.horizontal, leading: 1).1)
        }
        return (body, body)
    }

    public var folderRows: Int { max(1, panes.folders.height - 1) }
    public var articleRows: Int { max(1, panes.articles.height - 1) }

    /// The reader's text column: centred, at most 100 cells wide, with margins when there is room.
    public var readerColumn: Rect {
        let margin = size.width >= 60 ? 2 : (size.width >= 40 ? 1 : 0)
        return body.inset(dx: margin).centered(maxWidth: 100)
    }
    public var readerRows: Int { max(1, body.height) }
}
