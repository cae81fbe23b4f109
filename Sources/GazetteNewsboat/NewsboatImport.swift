import Foundation
import GazetteCore
import GazetteUI

/// Moving in from newsboat: its `urls` file (feeds, tags as folders, `"~Title"` names), its
/// `config` (translated line by line where Gazette has the same thing) and its `cache.db`
/// (every cached item, read state and flags), read through SQLite.
public enum NewsboatImport {
    /// newsboat's files, where they were found.
    public struct Source: Sendable, Equatable {
        public var urls: String?
        public var config: String?
        public var cache: String?
        public var isEmpty: Bool { urls == nil && config == nil && cache == nil }
    }

    /// `DIR` (its urls, config, cache.db), else `~/.newsboat`, else newsboat's XDG places
    /// (`$XDG_CONFIG_HOME/newsboat` for urls and config, `$XDG_DATA_HOME/newsboat` for the cache).
    public static func locate(_ dir: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Source {
        func existing(_ path: String) -> String? { FileManager.default.fileExists(atPath: path) ? path : nil }
        if let dir {
            let d = (dir as NSString).expandingTildeInPath
            return Source(urls: existing(d + "/urls"), config: existing(d + "/config"), cache: existing(d + "/cache.db"))
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let dot = Source(urls: existing(home + "/.newsboat/urls"), config: existing(home + "/.newsboat/config"),
                         cache: existing(home + "/.newsboat/cache.db"))
        if !dot.isEmpty { return dot }
        let config = (environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config") + "/newsboat"
        let data = (environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/share") + "/newsboat"
        return Source(urls: existing(config + "/urls"), config: existing(config + "/config"), cache: existing(data + "/cache.db"))
    }

    public struct Report: Sendable {
        public var feedsAdded = 0
        public var feedsAlreadyFollowed = 0
        public var articlesImported = 0
        public var articlesAlreadyPresent = 0
        public var markedRead = 0
        public var starred = 0
        public var configLinesTranslated = 0
        public var configAlreadyTranslated = false
        /// newsboat's query feeds written as `query-folder` lines.
        public var savedSearches = 0
        /// What was not brought, each with its reason ("urls:4: query feed …").
        public var notImported: [String] = []
    }

    // MARK: urls

    /// The feeds of a newsboat `urls` file: `URL [tag…]`, a tag `"~Title"` names the feed, a
    /// tag `"!…"` hides it in newsboat (ignored here), the first other tag is its folder.
    public static func parseURLs(_ text: String, name: String = "urls") -> (entries: [FeedList.Entry], skipped: [String]) {
        let (entries, _, skipped) = parseURLsAndQueries(text, name: name)
        return (entries, skipped)
    }

    /// The feeds and the query feeds (`"query:Name:unread = \"yes\""`, as saved searches).
    public static func parseURLsAndQueries(_ text: String, name: String = "urls")
        -> (entries: [FeedList.Entry], queries: [SavedSearch], skipped: [String]) {
        var entries: [FeedList.Entry] = []
        var queries: [SavedSearch] = []
        var skipped: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            guard case .success(let words) = Config.words(of: line), let url = words.first else {
                if case .failure(let message) = Config.words(of: line) { skipped.append("\(name):\(n + 1): \(message.text)") }
                continue
            }
            let lower = url.lowercased()
            if lower.hasPrefix("query:") {
                let parts = url.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                let title = parts.count > 1 ? Sanitize.line(String(parts[1])) : "query"
                if parts.count == 3, !title.isEmpty, let query = NewsboatFilter.translate(String(parts[2])) {
                    queries.append(SavedSearch(name: title, query: query))
                } else {
                    skipped.append("\(name):\(n + 1): \(title): a query Gazette cannot read (it reads unread, flags # \"s\", and title, author, content, feedtitle and tags matched against words, joined by and)")
                }
                continue
            }
            if lower.hasPrefix("exec:") || lower.hasPrefix("filter:") {
                skipped.append("\(name):\(n + 1): \(Sanitize.line(url)): runs a command to make the feed; not imported")
                continue
            }
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                skipped.append("\(name):\(n + 1): \(Sanitize.line(url)): not a web address")
                continue
            }
            var entry = FeedList.Entry(url: url)
            for tag in words.dropFirst() {
                if tag.hasPrefix("~") { entry.title = Sanitize.line(String(tag.dropFirst())) }
                else if tag.hasPrefix("!") { continue }
                else if entry.category == nil, !tag.isEmpty { entry.category = Sanitize.line(tag) }
            }
            entries.append(entry)
        }
        return (entries, queries, skipped)
    }

    // MARK: config

    /// The lines of a newsboat config Gazette reads the same way, and the others with why.
    public static func translateConfig(_ text: String, name: String = "config") -> (lines: [String], skipped: [String]) {
        var lines: [String] = []
        var skipped: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingCharacters(in: .whitespaces)
            guard case .success(let words) = Config.words(of: line), !words.isEmpty else { continue }
            let (config, problems) = Config.parse(line, name: name)
            if let problem = problems.first {
                skipped.append("\(name):\(n + 1): \(Sanitize.line(line)): \(problem.message)")
            } else if !config.warnings.isEmpty {
                skipped.append("\(name):\(n + 1): \(Sanitize.line(line)): not in Gazette")
            } else {
                lines.append(line)
            }
        }
        return (lines, skipped)
    }

    // MARK: cache.db

    /// Every item of the cache (not deleted ones), `batch` at a time, with its read state and
    /// flags. `folders`: the folder the urls file gives each feed.
    static func readCache(_ path: String, folders: [String: String], batch: Int = 2000,
                          _ take: ([Article], _ read: [ArticleID], _ starred: [ArticleID]) throws -> Void) throws {
        let db = try SQLiteDatabase(readOnly: path)
        let itemColumns = try db.columns(of: "rss_item")
        guard ["guid", "title", "author", "url", "feedurl", "pubDate", "content", "unread"].allSatisfy(itemColumns.contains) else {
            throw SQLiteDatabase.Failure(description: "not a newsboat cache (no rss_item table with the usual columns)")
        }
        var feeds: [String: (link: String, title: String)] = [:]
        try db.query("SELECT rssurl, url, title FROM rss_feed") { row in
            feeds[row.text(0) ?? ""] = (row.text(1) ?? "", row.text(2) ?? "")
        }
        let flags = itemColumns.contains("flags") ? "flags" : "''"
        let deleted = itemColumns.contains("deleted") ? "WHERE deleted = 0" : ""
        let base = itemColumns.contains("base") ? "base" : "''"
        let enclosure = itemColumns.contains("enclosure_url") ? "enclosure_url" : "''"
        var articles: [Article] = []
        var read: [ArticleID] = []
        var starred: [ArticleID] = []
        let now = WallClock.now()
        try db.query("SELECT guid, title, author, url, feedurl, pubDate, content, unread, \(flags), \(base), \(enclosure) FROM rss_item \(deleted) ORDER BY id") { row in
            let feedURL = row.text(4) ?? ""
            let feed = feeds[feedURL]
            let guid = row.text(0) ?? ""
            let url = row.text(3).flatMap { $0.isEmpty ? nil : $0 }
            let html = row.text(6) ?? ""
            let (text, rich) = HTMLText.convertRich(html, base: row.text(9).flatMap { $0.isEmpty ? nil : $0 } ?? url)
            let enclosure = row.text(10).flatMap { $0.isEmpty ? nil : "Attachment: \($0)" }
            var body = text
            if let enclosure { body += (body.isEmpty ? "" : "\n\n") + enclosure }
            let title = Sanitize.line(row.text(1) ?? "")
            if body.isEmpty { body = url.map { "Link: \($0)" } ?? title }
            // The id a fetch of the same feed gives the item (guid + the feed's link, or the
            // link alone when newsboat used the link as guid), so fetching adds nothing twice.
            let feedKey = (feed?.link.isEmpty == false ? feed?.link : nil) ?? feed?.title ?? ""
            let id: ArticleID = if !guid.isEmpty, guid != url { ArticleID.forGUID(guid, feed: feedKey) }
                else if let url { ArticleID.forURL(url) }
                else { ArticleID.forContent(category: feed?.title ?? "", title: title, body: body) }
            let category = folders[feedURL] ?? feed.flatMap { $0.title.isEmpty ? nil : $0.title } ?? "newsboat"
            let pubDate = row.int(5)
            let author = (row.text(2) ?? "").trimmingCharacters(in: .whitespaces)
            var article = Article(id: id, title: title.isEmpty ? (url ?? "(untitled)") : title, category: category,
                                  author: author.isEmpty ? nil : author,
                                  published: pubDate > 0 ? Date(timeIntervalSince1970: Double(pubDate)) : nil,
                                  url: url, body: body, siteName: feed?.title, source: feedURL.isEmpty ? nil : feedURL,
                                  importedAt: now)
            if let rich {
                article.setText(text, rich: rich)
                if let enclosure { article.appendParagraph(enclosure) }
            }
            articles.append(article.sanitized())
            if row.int(7) == 0 { read.append(id) }
            if let f = row.text(8), !f.trimmingCharacters(in: .whitespaces).isEmpty { starred.append(id) }
            if articles.count >= batch {
                try take(articles, read, starred)
                articles.removeAll(keepingCapacity: true)
                read.removeAll()
                starred.removeAll()
            }
        }
        if !articles.isEmpty || !read.isEmpty { try take(articles, read, starred) }
    }

    // MARK: All of it

    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// Brings everything found; running it again adds nothing twice.
    public static func run(_ source: Source, store: ArticleStore, feedListPath: String, configPath: String,
                           progress: (String) -> Void = { _ in }) throws -> Report {
        var report = Report()
        var folders: [String: String] = [:]
        /// newsboat's query feeds, as `query-folder` lines for the config.
        var queryLines: [String] = []
        if let urls = source.urls {
            guard let data = FileManager.default.contents(atPath: urls), data.count <= 16 << 20 else {
                throw Failure(description: "cannot read \(urls)")
            }
            let (entries, queries, skipped) = parseURLsAndQueries(String(decoding: data, as: UTF8.self), name: "urls")
            report.notImported += skipped
            queryLines = queries.map(\.configLine)
            var list = try FeedList.load(from: feedListPath)
            for entry in entries {
                if let category = entry.category { folders[entry.url] = category }
                if list.add(entry) { report.feedsAdded += 1 } else { report.feedsAlreadyFollowed += 1 }
            }
            try list.save(to: feedListPath)
        }
        if source.config != nil || !queryLines.isEmpty {
            let marker = "# From newsboat: \(source.config ?? source.urls ?? "urls")"
            let existing = (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? ""
            var lines: [String] = []
            if let config = source.config {
                guard let data = FileManager.default.contents(atPath: config), data.count <= 1 << 20 else {
                    throw Failure(description: "cannot read \(config)")
                }
                let (translated, skipped) = translateConfig(String(decoding: data, as: UTF8.self), name: "config")
                lines = translated
                report.notImported += skipped
            }
            lines += queryLines
            report.savedSearches = queryLines.count
            if existing.contains(marker) {
                report.configAlreadyTranslated = true
            } else if !lines.isEmpty {
                let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n")
                    + (existing.isEmpty ? "" : "\n") + marker + " (gazette import-newsboat)\n" + lines.joined(separator: "\n") + "\n"
                // Only a config that still reads cleanly is written.
                let check = Config.parse(text, name: (configPath as NSString).lastPathComponent)
                if let problem = check.problems.first {
                    report.notImported.append("the translated config would not read (\(problem)); \(configPath) left as it was")
                } else {
                    try FileManager.default.createDirectory(atPath: (configPath as NSString).deletingLastPathComponent,
                                                            withIntermediateDirectories: true)
                    try text.write(toFile: configPath, atomically: true, encoding: .utf8)
                    report.configLinesTranslated = lines.count - queryLines.count
                }
            }
        }
        if let cache = source.cache {
            do {
                try readCache(cache, folders: folders) { articles, read, starred in
                    let result = try Importer(store: store).importArticles(articles)
                    report.articlesImported += result.imported
                    report.articlesAlreadyPresent += result.alreadyPresent + result.updated
                    try store.readLog.mark(read, read: true, journal: false)
                    if !starred.isEmpty {
                        try store.favorites.applyUnjournaled(star: Set(starred), unstar: [], keep: { [] })
                    }
                    report.markedRead += read.count
                    report.starred += starred.count
                    progress("\(report.articlesImported + report.articlesAlreadyPresent) articles…")
                }
            } catch let error as SQLiteDatabase.Failure {
                throw Failure(description: "\(cache): \(error.description)")
            }
        }
        return report
    }
}
