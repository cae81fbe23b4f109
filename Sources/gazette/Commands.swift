import ArgumentParser
import Foundation
import GazetteCore
import GazetteUI

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse files and folders of articles into the store.",
        discussion: """
        Takes scraped news pages and plain-text articles (UTF-8, Latin-1, Windows-1252). \
        A folder is read recursively; each subfolder's name becomes the category \
        (news/business/12.txt -> Business). Exit status 1 when any file was refused.
        """
    )

    @OptionGroup var configOptions: ConfigOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Put every article in this category.", valueName: "name"))
    var category: String?

    @Option(name: .customLong("scraped-at"),
            help: ArgumentHelp("When the pages were saved; relative dates (\"2 days ago\") count back from it. Default: each file's modification time.", valueName: "date"))
    var scrapedAt: String?

    @Flag(name: .shortAndLong, help: "Print every file, not only refusals.")
    var verbose = false

    @Flag(name: .customLong("no-index"),
          help: "Leave the full-text index alone (a faster bulk import); the reader, or gazette search, brings it up to date.")
    var noIndex = false

    @Argument(help: ArgumentHelp("Files or folders to import.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if let scrapedAt, DateText.parse(scrapedAt, now: WallClock.now()) == nil {
            throw ValidationError("--scraped-at: cannot read \"\(scrapedAt)\" as a date (try 2025-05-20 or 2025-05-20T14:00:00Z)")
        }
        if let category, CategoryName.clean(category).isEmpty {
            throw ValidationError("--category: the name is empty")
        }
    }

    func run() throws {
        let config = try configOptions.load()
        let store = try storeOptions.open(seed: false)
        let options = Importer.Options(category: category, scrapedAt: scrapedAt.flatMap { DateText.parse($0, now: WallClock.now()) },
                                       ignore: config.ignoreRules, indexesText: !noIndex)
        let report = try Importer(store: store, options: options).importPaths(paths)
        for result in report.results {
            switch result.outcome {
            case .refused(let reason):
                Terminal.warn("refused \(result.path): \(reason)")
            case .imported(let id, let title) where verbose:
                say("imported  \(id)  \(title)")
            case .updated(let id, let title) where verbose:
                say("updated   \(id)  \(title)")
            case .alreadyPresent(let id, let title) where verbose:
                say("present   \(id)  \(title)")
            case .ignored(let id, let title) where verbose:
                say("ignored   \(id)  \(title)")
            default:
                break
            }
        }
        let refused = report.refused.count
        say("Imported \(report.imported), updated \(report.updated), already present \(report.alreadyPresent), refused \(refused)"
            + (report.ignored > 0 ? ", ignored by rules \(report.ignored)" : "") + ". Store: \(store.root)")
        if let problem = report.indexProblem {
            Terminal.warn("the articles were imported, but the index could not be written (\(problem.reason): \(problem.path)); "
                          + "it will be rebuilt the next time the store is opened")
        }
        if refused > 0 || report.indexProblem != nil { throw ExitCode(1) }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List articles, newest first.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Only this category.", valueName: "name"))
    var category: String?

    @Flag(help: "Only starred articles.")
    var favorites = false

    @Flag(help: "Only articles not read yet (in the reader).")
    var unread = false

    @Flag(help: "Print a JSON array (stable, for scripts).")
    var json = false

    func run() throws {
        let store = try storeOptions.open(mustExist: true)
        let index = store.index
        let (starred, read) = ArticleRows.marks(of: store)
        var positions = Array(0..<index.count)
        if let category {
            guard let c = index.categoryIndex(named: category) else {
                let known = index.categories.map(\.name).joined(separator: ", ")
                throw Failure(description: "no category \"\(category)\" in \(store.root)" + (known.isEmpty ? "" : " (there are: \(known))"), code: 1)
            }
            positions = index.positions(inCategory: c)
        }
        if favorites { positions = positions.filter { starred.contains(index.entries[$0].id) } }
        if unread { positions = positions.filter { !read.contains(index.entries[$0].id) } }
        try ArticleRows.show(positions, of: index, starred: starred, read: read, json: json) { $0.category }
    }
}

/// Articles as `list` and `search` print them: a line each (star, id, date, a source column,
/// title), or a JSON array.
enum ArticleRows {
    /// The stars and read marks, each warned about and empty when it cannot be read.
    static func marks(of store: ArticleStore) -> (starred: Set<ArticleID>, read: Set<ArticleID>) {
        var starred: Set<ArticleID> = []
        do { starred = try store.favorites.load() } catch { Terminal.warn(error.description) }
        var read: Set<ArticleID> = []
        do { read = try store.readLog.load() } catch { Terminal.warn(error.description) }
        return (starred, read)
    }

    static func show(_ positions: [Int], of index: StoreIndex, starred: Set<ArticleID>, read: Set<ArticleID>, json: Bool,
                      source: (StoreIndex.Summary) -> String) throws {
        if json {
            let objects = positions.map { p -> ArticleJSON in
                ArticleJSON(summary: index.summary(at: p), starred: starred.contains(index.entries[p].id),
                            read: read.contains(index.entries[p].id))
            }
            try printJSON(objects)
            return
        }
        for p in positions {
            let s = index.summary(at: p)
            let star = starred.contains(s.id) ? "*" : " "
            let date = s.isPublicationDate ? LocalTime.dateString(s.date, in: .current) : DateLabel.undated.padding(toLength: 10, withPad: " ", startingAt: 0)
            say("\(star) \(s.id)  \(date)  \(Sanitize.line(source(s)))  \(Sanitize.line(s.title))")
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print one article.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Print a JSON object (stable, for scripts).")
    var json = false

    @Argument(help: "The article id (as `gazette list` shows it).")
    var id: String

    func run() throws {
        let store = try storeOptions.open(mustExist: true)
        let article = try lookUp(id, in: store)
        var starred = false
        do { starred = try store.favorites.load().contains(article.id) } catch { Terminal.warn(error.description) }
        var read = false
        do { read = try store.readLog.load().contains(article.id) } catch { Terminal.warn(error.description) }
        if json {
            try printJSON(ArticleJSON(article: article, starred: starred, read: read))
            return
        }
        say(Sanitize.line(article.title))
        var meta = [Sanitize.line(article.category)]
        if let published = article.published {
            let c = LocalTime.components(published, in: .current)
            meta.append(LocalTime.dateString(published, in: .current) + String(format: " %02d:%02d ", c.hour, c.minute)
                        + LocalTime.zoneName(.current, at: published))
        } else {
            meta.append(DateLabel.undated)
        }
        if let author = article.author { meta.append("by \(Sanitize.line(author))") }
        if starred { meta.append("starred") }
        say(meta.joined(separator: " · "))
        if let url = article.url { say(Sanitize.line(url)) }
        say()
        say(article.body)
    }
}

struct Star: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Star an article (add it to Favorites).")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The article id.") var id: String

    func run() throws {
        let store = try storeOptions.open(mustExist: true)
        let article = try lookUp(id, in: store)
        try setStar(article.id, starred: true, in: store)
        say("Starred \(article.id): \(article.title)")
    }
}

struct Unstar: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Unstar an article.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The article id.") var id: String

    func run() throws {
        let store = try storeOptions.open(mustExist: true)
        let parsed = try articleID(id)
        // Unstarring works even when the article itself is gone.
        try setStar(parsed, starred: false, in: store)
        say("Unstarred \(parsed)")
    }
}

/// Saves a star, saying so when another process holds the store and it has to wait.
func setStar(_ id: ArticleID, starred: Bool, in store: ArticleStore) throws {
    if try store.favorites.trySet(id, starred: starred) != nil { return }
    let who = store.favorites.lockHolder().map { "another Gazette (\($0))" } ?? "another Gazette"
    Terminal.note("Waiting for \(who) to finish…")
    try store.favorites.set(id, starred: starred)
}

/// An id as the user typed it (any case), or a usage error (exit 2) saying what an id is.
func articleID(_ text: String) throws -> ArticleID {
    guard let id = ArticleID(text.lowercased()) else {
        throw Failure(description: "\"\(text)\" is not an article id (16 hex digits, as `gazette list` shows)", code: 2)
    }
    return id
}

func lookUp(_ text: String, in store: ArticleStore) throws -> Article {
    let id = try articleID(text)
    guard store.index.position(of: id) != nil else {
        throw Failure(description: "no article \(id) in \(store.root)", code: 1)
    }
    return try store.article(id)
}

/// The stable JSON shape of `list --json` and `show --json`.
struct ArticleJSON: Encodable {
    var id: String
    var title: String
    var category: String
    var author: String?
    var published: String?
    var starred: Bool
    /// Opened in the reader (or marked read there).
    var read: Bool
    var url: String?? = .none
    var body: String?

    init(summary: StoreIndex.Summary, starred: Bool, read: Bool) {
        id = summary.id.description
        title = summary.title
        category = summary.category
        author = summary.author
        published = summary.isPublicationDate ? ISODate.format(summary.date) : nil
        self.starred = starred
        self.read = read
    }

    init(article: Article, starred: Bool, read: Bool) {
        id = article.id.description
        title = article.title
        category = article.category
        author = article.author
        published = article.published.map(ISODate.format)
        self.starred = starred
        self.read = read
        url = .some(article.url)
        body = article.body
    }

    enum CodingKeys: String, CodingKey { case id, title, category, author, published, starred, read, url, body }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(category, forKey: .category)
        try c.encode(author, forKey: .author)
        try c.encode(published, forKey: .published)
        try c.encode(starred, forKey: .starred)
        try c.encode(read, forKey: .read)
        if case .some(let url) = url { try c.encode(url, forKey: .url) }
        try c.encodeIfPresent(body, forKey: .body)
    }
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(Data(JSONText.escapingControls(data)))
    FileHandle.standardOutput.write(Data("\n".utf8))
}

enum JSONText {
    /// JSONEncoder escapes C0 controls but writes DEL and C1 controls (U+0080...U+009F, which
    /// some terminals obey) as they are; inside JSON they can only stand in strings, where
    /// `\u00XX` means the same.
    static func escapingControls(_ data: Data) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var i = data.startIndex
        let hex = Array("0123456789abcdef".utf8)
        func escape(_ v: UInt8) { out += Array("\\u00".utf8) + [hex[Int(v >> 4)], hex[Int(v & 15)]] }
        while i < data.endIndex {
            let b = data[i]
            if b == 0x7F {
                escape(b)
            } else if b == 0xC2, i + 1 < data.endIndex, data[i + 1] >= 0x80, data[i + 1] < 0xA0 {
                escape(data[i + 1])
                i += 1
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete articles from the store (their files, stars and index entries).",
        discussion: "The bundled samples go like any other article and do not come back."
    )
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Article ids (as `gazette list` shows them).") var ids: [String]

    func run() throws {
        let parsed = Set(try ids.map(articleID))
        let store = try storeOptions.open(seed: false, mustExist: true)
        let titles = Dictionary(uniqueKeysWithValues: parsed.compactMap { id in store.index.position(of: id).map { (id, store.index.summary(at: $0).title) } })
        let deleted = try store.delete(parsed)
        for id in parsed.sorted() {
            if deleted.contains(id) { say("Deleted \(id): \(titles[id] ?? "")") } else { Terminal.warn("no article \(id) in \(store.root)") }
        }
        if deleted.count < parsed.count { throw ExitCode(1) }
    }
}

/// `gazette read ID...` / `gazette unread ID...`: read marks from the shell, as the reader
/// makes them (appended to read.log).
struct MarkRead: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Mark articles read.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Article ids (as `gazette list` shows them).") var ids: [String]
    func run() throws { try mark(ids, read: true, storeOptions: storeOptions) }
}

struct MarkUnread: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unread", abstract: "Mark articles unread.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Article ids (as `gazette list` shows them).") var ids: [String]
    func run() throws { try mark(ids, read: false, storeOptions: storeOptions) }
}

private func mark(_ texts: [String], read: Bool, storeOptions: StoreOptions) throws {
    let ids = try texts.map(articleID)
    let store = try storeOptions.open(seed: false, mustExist: true)
    let known = ids.filter { store.index.position(of: $0) != nil }
    for id in ids where !known.contains(id) { Terminal.warn("no article \(id) in \(store.root)") }
    try store.readLog.mark(known, read: read)
    for id in known {
        let title = store.index.position(of: id).map { store.index.summary(at: $0).title } ?? ""
        say("\(read ? "Read" : "Unread") \(id): \(title)")
    }
    if known.count < ids.count { throw ExitCode(1) }
}
