import ArgumentParser
import CGazetteSupport
import Foundation
import GazetteCore
import GazetteFetch
import GazetteSync
import GazetteTerminal
import GazetteUI

struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reader", abstract: "Open the reader (the default).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        // A config line Gazette cannot read stops the start before the screen is taken.
        let config = try configOptions.load()
        let store = try storeOptions.open()
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: config.theme, mouse: config.mouse)
        } catch let error as TerminalUnavailable {
            throw Failure(description: "cannot open the reader: \(error.description)", code: 2)
        }
        let source = FileArticleSource(store: store)
        let app = App(source: source, backend: terminal, keyMap: config.keyMap)
        if let browser = config.browser {
            // newsboat writes the link as %u; Gazette's $BROWSER convention as %s.
            app.environment["BROWSER"] = browser.replacingOccurrences(of: "%u", with: "%s")
        }
        if config.autoReload { app.reloadEvery(TimeInterval(config.reloadMinutes * 60)) }
        app.player = config.player
        app.configPath = configOptions.path
        app.savedSearches(config.queryFolders)
        app.folders(download: config.downloadPath, save: config.savePath)
        app.listOptions(hideRead: !config.showReadArticles, sortOrder: config.sortOrder, dateFormat: config.dateFormat,
                        confirmMarkAll: config.confirmMarkAll, hideReadFolders: !config.showReadFolders)
        let root = store.root
        let listPath = FeedList.defaultPath()
        // The full-text index is brought up to date in the background (built from nothing
        // the first time, with the bar saying how far); searches use titles until then.
        let post = app.poster
        let building = Building()
        /// `catchingUp`: the index was ready and the store changed; only news is told.
        let buildSearchIndex = { (catchingUp: Bool) in
            guard building.start() else { return }
            DispatchQueue.global(qos: .utility).async {
                defer { building.finish() }
                guard let search = try? SearchIndex(storeRoot: root), let background = try? ArticleStore.open(at: root, create: false) else { return }
                do {
                    let added = try search.reconcile(with: background.index, load: { try? background.article(at: $0) }) { done, total in
                        if done < total { post(.searchIndexProgress(done: done, total: total)) }
                    }
                    if added > 0 || !catchingUp { post(.searchIndexProgress(done: 1, total: 1)) }
                } catch {
                    post(.linkOpened(done: false, message: "Search index: \(error). Titles and authors are searched."))
                }
            }
        }
        buildSearchIndex(false)
        source.searchIndexLost = { buildSearchIndex(false) }
        source.storeChangedElsewhere = { buildSearchIndex(true) }
        app.background = { effect, post in
            if case .fetchFullText(let id) = effect {
                DispatchQueue.global().async {
                    do {
                        let background = try ArticleStore.open(at: root)
                        let (done, message) = FetchRun.completeOne(id, store: background, timeout: 20)
                        post(.fullTextFinished(id, done: done, message: message))
                    } catch {
                        post(.fullTextFinished(id, done: false, message: "Full text: \(error)"))
                    }
                }
                return
            }
            if case .download(let url) = effect {
                let folder = app.state.downloadFolder
                let home = app.state.home
                let name = Downloader.fileName(for: url)
                DispatchQueue.global().async {
                    let outcome = Downloader.download(url, into: folder) { received, total in
                        post(.downloadProgress(name: name, received: received, total: total))
                    }
                    switch outcome {
                    case .done(let path, let bytes):
                        post(.downloadFinished(name: name, done: true,
                                               message: "Downloaded \(ArticleExport.shortened(path, home: home)) (\(Importer.byteCount(bytes)))"))
                    case .alreadyThere(let path):
                        post(.downloadFinished(name: name, done: true, message: "Already downloaded: \(ArticleExport.shortened(path, home: home))"))
                    case .failed(let reason):
                        post(.downloadFinished(name: name, done: false, message: "Download of \(name) failed: \(reason)"))
                    }
                }
                return
            }
            guard effect == .fetchFeeds else { return }
            // Its own store handle on another thread: the importer takes the store lock, and
            // the reader picks the new articles up from the index like any other import.
            let notify = config.notifyProgram
            let retention = config.retention
            let ignore = config.ignoreRules
            DispatchQueue.global().async {
                let (summary, failures, fresh) = Self.syncAndFetch(root: root, listPath: listPath, retention: retention, ignore: ignore, post: post)
                if fresh > 0, let notify {
                    Self.notify(notify, title: "Gazette: \(fresh) new article\(fresh == 1 ? "" : "s")", message: summary)
                }
                post(.fetchFinished(summary: summary, failures: failures))
            }
        }
        if config.refreshOnStartup { app.dispatch(.fetchFeeds) }
        app.run()
        terminal.end()
        let signal = gz_pending_terminate_signal()
        if signal != 0 { throw ExitCode(128 + signal) }
    }

    /// r: syncs the account (when one is set up), fetches the local feeds, then applies
    /// max-items and keep-articles-days. Returns the bar's summary, every failure with its
    /// reason, and how many articles are new.
    static func syncAndFetch(root: String, listPath: String, retention: Retention.Policy, ignore: [IgnoreRule] = [],
                             post: @escaping @Sendable (Action) -> Void) -> (String, [String], Int) {
        var parts: [String] = []
        var failures: [String] = []
        var fresh = 0
        let store: ArticleStore
        do { store = try ArticleStore.open(at: root) } catch { return ("Fetch failed:", ["\(error)"], 0) }
        let files = SyncFiles(store: store)
        var synced = false
        if files.hasAccount {
            synced = true
            do {
                guard let account = try files.loadAccount() else { throw SyncError("the account is gone") }
                let outcome = try SyncRun.run(store: store, account: account) { post(.syncProgress($0)) }
                parts.append(outcome.summary + ".")
                fresh += outcome.imported
            } catch {
                // The reason first: the bar is one line.
                parts.append("Sync failed: \(error).")
                failures.append("sync: \(error)")
            }
        }
        var perFeed: [String: Int] = [:]
        do {
            let list = try FeedList.load(from: listPath)
            perFeed = list.maxItemsPerFeed
            if list.entries.isEmpty {
                if !synced {
                    parts.append("No feeds to fetch.")
                    failures.append("Add one with: gazette feeds add URL")
                }
            } else {
                let report = try FetchRun.run(list: list, store: store, timeout: 20, jobs: 6, ignore: ignore) { done, total, _ in
                    post(.fetchProgress(done: done, total: total))
                }
                parts.append(report.summary)
                fresh += report.imported
                FetchRun.keepTitles(report.titles, listPath: listPath)
                // The bar is one line: the feed's short name and the reason first.
                failures += report.failures.map { "\(Self.shortName($0.url)): \($0.reason)" }
            }
        } catch {
            parts.append("Fetch failed:")
            failures.append("\(error)")
        }
        // Without limits this returns at once, reading nothing.
        do {
            let result = try Retention.apply(retention, store: store, perFeed: perFeed)
            if result.removed > 0 { parts.append(Cleanup.describe(result)) }
        } catch {
            failures.append("cleanup: \(error)")
        }
        return (parts.joined(separator: " "), failures, fresh)
    }

    /// `notify-program`: run with the title and the message as its two arguments, detached
    /// from the terminal (no input, output discarded), never waited for.
    static func notify(_ command: String, title: String, message: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$@\"", "gazette", Sanitize.line(title), Sanitize.line(message)]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }

    /// "https://example.org/news/feed.xml" -> "example.org/…/feed.xml", for the one-line bar.
    static func shortName(_ url: String) -> String {
        guard let u = URL(string: url), let host = u.host else { return url }
        let parts = u.path.split(separator: "/")
        switch parts.count {
        case 0: return host
        case 1: return "\(host)/\(parts[0])"
        default: return "\(host)/…/\(parts.last!)"
        }
    }
}

/// One background build of the search index at a time.
final class Building: @unchecked Sendable {
    private let lock = NSLock()
    private var running = false
    func start() -> Bool { lock.lock(); defer { lock.unlock() }; if running { return false }; running = true; return true }
    func finish() { lock.lock(); running = false; lock.unlock() }
}
