import ArgumentParser
import CGazetteSupport
import Foundation
import GazetteCore
import GazetteFetch

struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch every feed in the feed list and import new and changed items.",
        discussion: "Unchanged feeds cost one conditional request (ETag / Last-Modified). Exit status 1 when any feed failed."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var listOptions: Feeds.ListOptions
    @OptionGroup var configOptions: ConfigOptions

    @Option(help: ArgumentHelp("Seconds to wait for a feed.", valueName: "seconds"))
    var timeout: Double = 20

    @Option(help: ArgumentHelp("Feeds fetched at once.", valueName: "n"))
    var jobs: Int = 6

    @Flag(name: .customLong("full"), help: "Fetch every new item's web page for its full text (also per feed: feeds add --full).")
    var fullText = false

    func validate() throws {
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let config = try configOptions.load()
        let list = try FeedList.load(from: listOptions.path)
        guard !list.entries.isEmpty else {
            throw Failure(description: "no feeds in \(listOptions.path); add one with `gazette feeds add URL`", code: 1)
        }
        let store = try storeOptions.open(seed: false)
        let showProgress = isatty(2) == 1
        let report = try FetchRun.run(list: list, store: store, timeout: timeout, jobs: jobs, fullText: fullText,
                                      ignore: config.ignoreRules) { done, total, url in
            guard showProgress else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K\("[\(done)/\(total)] \(Sanitize.line(url))".prefix(100))".utf8))
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for failure in report.failures { Terminal.warn("\(Sanitize.line(failure.url)): \(failure.reason)") }
        for waiting in report.deferred { Terminal.warn("\(Sanitize.line(waiting.url)): \(waiting.reason)") }
        say(report.summary)
        FetchRun.keepTitles(report.titles, listPath: listOptions.path)
        // Without limits this returns at once, reading nothing.
        let kept = try Retention.apply(config.retention, store: store, perFeed: list.maxItemsPerFeed)
        if kept.removed > 0 || kept.starredKept > 0 { say(Cleanup.describe(kept)) }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}

/// `gazette cleanup`: applies max-items and keep-articles-days now.
struct Cleanup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove the oldest feed articles beyond max-items per feed or keep-articles-days (starred ones stay).",
        discussion: "The limits come from the config file unless given here. Imported files are never removed; removed feed items do not come back on the next fetch."
    )
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(help: ArgumentHelp("Keep the newest N articles of each feed (0: no limit).", valueName: "n")) var maxItems: Int?
    @Option(help: ArgumentHelp("Remove feed articles older than N days (0: keep).", valueName: "n")) var keepDays: Int?

    func run() throws {
        var policy = try configOptions.load().retention
        if let maxItems { policy.maxItems = maxItems }
        if let keepDays { policy.keepDays = keepDays }
        let perFeed = (try? FeedList.load(from: FeedList.defaultPath()))?.maxItemsPerFeed ?? [:]
        guard !policy.isEmpty || !perFeed.isEmpty else {
            say("Nothing to do: set max-items or keep-articles-days in the config file, or give --max-items / --keep-days.")
            return
        }
        let store = try storeOptions.open(seed: false, mustExist: true)
        say(Self.describe(try Retention.apply(policy, store: store, perFeed: perFeed)))
    }

    static func describe(_ result: Retention.Result) -> String {
        "Removed \(result.removed) old article\(result.removed == 1 ? "" : "s")"
            + (result.starredKept > 0 ? "; kept \(result.starredKept) starred" : "") + "."
    }
}

/// One fetch of every listed feed, shared by `gazette fetch` and the reader's `r`.
enum FetchRun {
    struct Report {
        var fetched = 0, unchanged = 0
        var imported = 0, updated = 0, completed = 0
        /// New articles `ignore-article` rules kept out.
        var ignored = 0
        var failures: [(url: String, reason: String)] = []
        /// Feeds not asked this time: their server said when to come back (429/503 Retry-After).
        var deferred: [(url: String, reason: String)] = []
        /// Titles of listed feeds that had none in the list (as listed URL -> the feed's title).
        var titles: [String: String] = [:]
        var summary: String {
            "Fetched \(fetched) feed\(fetched == 1 ? "" : "s"), \(unchanged) unchanged, \(failures.count) failed"
                + (deferred.isEmpty ? "" : ", \(deferred.count) waiting")
                + ": \(imported) new article\(imported == 1 ? "" : "s"), \(updated) updated"
                + (completed > 0 ? ", \(completed) completed from their pages" : "")
                + (ignored > 0 ? ", \(ignored) ignored by rules." : ".")
        }
    }

    /// The article with its page's text, when reader mode finds more there than the article
    /// has; the feed's own text is kept as `feedSummary` (a later fetch of the same feed then
    /// keeps the full text).
    static func completed(_ article: Article, page: [UInt8], url: String) -> Article? {
        guard let extracted = ArticleExtractor.extract(html: page, url: url), extracted.text.count > article.body.count else { return nil }
        var better = article
        better.feedSummary = article.feedSummary ?? article.body
        better.body = extracted.body
        better.rich = extracted.rich  // after the body, whose change clears the feed's
        better.author = better.author ?? extracted.byline
        return better
    }

    /// Fetches one article's page and stores its full text (the reader's f key). Returns what
    /// the bar says.
    static func completeOne(_ id: ArticleID, store: ArticleStore, timeout: Double) -> (done: Bool, message: String) {
        guard let article = try? store.article(id) else { return (false, "Full text: the article is no longer in the store.") }
        guard let url = article.url else { return (false, "This article has no link to fetch its full text from.") }
        var options = FeedFetcher.Options()
        options.timeout = timeout
        let host = URL(string: url)?.host ?? url
        guard let page = FeedFetcher(options: options).fetch([url], state: FetchState()).first else {
            return (false, "Full text: nothing fetched from \(host).")
        }
        switch page.outcome {
        case .fetched(let bytes, let final, _):
            guard let better = completed(article, page: bytes, url: final) else {
                return (false, "The page at \(host) has no more text than this article.")
            }
            do {
                _ = try Importer(store: store).importArticles([better])
                return (true, "Full text from \(host): \(better.body.count - article.body.count) more characters.")
            } catch {
                return (false, "Full text not saved: \(error)")
            }
        case .notModified:
            return (false, "Full text: \(host) sent nothing new.")
        case .failed(let reason):
            return (false, "Full text from \(host) failed: \(reason)")
        }
    }

    /// Writes the titles learnt by a fetch into the feed list (re-read, so nothing changed
    /// meanwhile is lost); best effort.
    static func keepTitles(_ titles: [String: String], listPath: String) {
        guard !titles.isEmpty, var list = try? FeedList.load(from: listPath) else { return }
        var changed = false
        for i in list.entries.indices where list.entries[i].title == nil {
            if let title = titles[list.entries[i].url] { list.entries[i].title = title; changed = true }
        }
        if changed { try? list.save(to: listPath) }
    }

    /// `progress(done, total, url)` is called from any thread as feeds finish.
    static func run(list: FeedList, store: ArticleStore, timeout: Double, jobs: Int, fullText: Bool = false, ignore: [IgnoreRule] = [],
                    progress: (@Sendable (Int, Int, String) -> Void)? = nil) throws -> Report {
        var options = FeedFetcher.Options()
        options.timeout = timeout
        options.concurrency = jobs
        var state = FetchState.load(from: store)
        var report = Report()
        let now = WallClock.now()
        var urls: [String] = []
        for url in list.entries.map(\.url) {
            if let until = state.retryAfter[url], until > now {
                report.deferred.append((url, "not fetched: the server asked to wait until \(ISODate.format(until)) "
                                            + "(\(RetryAfter.describe(until.timeIntervalSince(now))) from now)"))
            } else {
                urls.append(url)
                state.retryAfter[url] = nil
            }
        }
        let results = FeedFetcher(options: options).fetch(urls, state: state, progress: progress)
        for result in results { if let until = result.retryAfter { state.retryAfter[result.url] = until } }
        var documents: [Importer.Fetched] = []
        let categories = Dictionary(list.entries.map { ($0.url, $0.category) }, uniquingKeysWith: { a, _ in a })
        for result in results {
            switch result.outcome {
            case .fetched(let bytes, let finalURL, let contentType):
                report.fetched += 1
                documents.append(.init(url: finalURL, bytes: bytes, category: categories[result.url] ?? nil, contentType: contentType))
            case .notModified:
                report.unchanged += 1
            case .failed(let reason):
                report.failures.append((result.url, reason))
            }
        }
        let imported = try Importer(store: store, options: Importer.Options(ignore: ignore)).importFetched(documents)
        report.imported = imported.imported
        report.ignored = imported.ignored
        report.updated = imported.updated
        // Summary-only feeds: fetch each new item's page and keep the fuller text.
        let full = Set(list.entries.filter { fullText || $0.fullText }.map(\.url))
        let fresh = Set(imported.results.compactMap { r -> ArticleID? in
            switch r.outcome {
            case .imported(let id, _), .updated(let id, _): return id
            default: return nil
            }
        })
        var finalToListed: [String: String] = [:]
        for result in results { if case .fetched(_, let final, _) = result.outcome { finalToListed[final] = result.url } }
        // The feed list keeps each feed's title (export-opml shows them), learnt once.
        let untitled = Set(list.entries.filter { $0.title == nil }.map(\.url))
        for document in documents where untitled.contains(finalToListed[document.url] ?? document.url) {
            if let title = Importer(store: store).articles(of: document).first?.siteName, !title.isEmpty {
                report.titles[finalToListed[document.url] ?? document.url] = Sanitize.line(title)
            }
        }
        let candidates = documents.filter { full.contains(finalToListed[$0.url] ?? $0.url) }
            .flatMap { Importer(store: store).articles(of: $0) }
            .filter { fresh.contains($0.id) && $0.url != nil }
        if !candidates.isEmpty {
            let pages = FeedFetcher(options: options).fetch(candidates.compactMap(\.url), state: FetchState())
            var completed: [Article] = []
            for (article, page) in zip(candidates, pages) {
                guard case .fetched(let bytes, let final, _) = page.outcome,
                      let better = Self.completed(article, page: bytes, url: final) else { continue }
                completed.append(better)
            }
            report.completed = try Importer(store: store).importArticles(completed).updated
        }
        var failedURLs = Set<String>()
        for r in imported.refused {
            if case .refused(let reason) = r.outcome {
                report.failures.append((r.path, reason))
                failedURLs.insert(r.path)
                report.fetched -= 1  // downloaded, but not a feed: counted once, as failed
            }
        }
        // Remember validators only for feeds whose content made it into the store.
        for result in results {
            guard let v = result.validators, v.etag != nil || v.lastModified != nil else { continue }
            if case .fetched(_, let finalURL, _) = result.outcome, failedURLs.contains(finalURL) { continue }
            state.validators[result.url] = v
        }
        try state.save(to: store)
        return report
    }
}
