import CGazetteSupport
import Foundation
import GazetteCore

/// Draws screens and reports keys, resizes and signals. ncurses is one; tests script one.
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    func present(_ screen: Screen)
    /// Waits at most `timeoutMilliseconds` for an event; nil when none came.
    func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent?
    /// Hands the terminal to a program (a browser) until it exits, then takes it back and
    /// redraws in full. Returns its exit status, or nil when it could not be started.
    func runProgram(_ arguments: [String]) -> Int32?
    /// Puts text on the terminal's clipboard (OSC 52: the terminal, tmux with
    /// `set-clipboard on`, and ssh carry it). False when this terminal cannot.
    func copyToClipboard(_ text: String) -> Bool
}

extension TerminalBackend {
    public func copyToClipboard(_ text: String) -> Bool { false }
}

/// Performs effects against the article source and answers with actions.
public struct EffectRunner {
    public let source: ArticleSource

    public init(source: ArticleSource) { self.source = source }

    public func run(_ effect: Effect) -> [Action] {
        switch effect {
        case .loadArticle(let id):
            do { return [.articleLoaded(try source.loadArticle(id))] } catch {
                return [.articleFailed(id, message: error.description)]
            }
        case .setRead(let ids, let read):
            do {
                try source.setRead(ids, read: read)
                return [.readSaved(ids, read: read)]
            } catch {
                return [.readFailed(message: "\(error.reason) (\((error.path as NSString).lastPathComponent))")]
            }
        case .setStar(let id, let starred):
            do {
                guard let all = try source.setStar(id, starred: starred) else {
                    return [.starWaiting(id, starred: starred, holder: source.lockHolder())]
                }
                return [.starSaved(id, starred: starred, all: all)]
            } catch {
                // The reason matters most in a narrow bar; the file is always favorites.json.
                return [.starFailed(id, message: "\(error.reason) (\((error.path as NSString).lastPathComponent))")]
            }
        case .deleteArticles(let ids):
            do {
                let (articles, starred) = try source.delete(ids)
                return [.articlesDeleted(articles, starred: starred, index: source.index)]
            } catch {
                return [.deleteFailed(message: "\(error.reason) (\((error.path as NSString).lastPathComponent))")]
            }
        case .restoreArticles(let articles, let starred):
            do {
                try source.restore(articles, starred: starred)
                return [.articlesRestored(articles.map(\.id), starred: starred, index: source.index)]
            } catch {
                return [.deleteFailed(message: "could not bring it back: \(error.reason)")]
            }
        case .search(let text, let bestFirst):
            let answer = source.search(SearchQuery(text), bestFirst: bestFirst)
            return [.searchResults(query: text, positions: answer?.positions, ranked: answer?.ranked ?? false)]
        case .runSavedSearches(let list):
            var results: [String: [Int]] = [:]
            for saved in list {
                // Unfiltered: the state applies is:unread and the like to today's marks.
                var query = SearchQuery(saved.query)
                query.unread = nil
                query.starred = nil
                if let answer = source.search(query, bestFirst: false) { results[saved.name] = answer.positions }
            }
            return [.savedSearchResults(results)]
        case .loadArticleFor(let id, let purpose):
            do { return [.articleReady(try source.loadArticle(id), purpose)] } catch {
                return [.linkOpened(done: false, message: error.description)]
            }
        case .quit, .fetchFeeds, .fetchFullText, .openLink, .openURL, .copyLink, .copy, .play, .download, .saveArticle, .pipeArticle,
             .keepSearch:
            return []  // fetches run in the background (App.background), links through the terminal (App.openLink)
        }
    }
}

/// The run loop: event -> action -> reducer -> effects -> actions -> frame.
public final class App {
    public private(set) var state: AppState
    public let keyMap: KeyMap
    let backend: TerminalBackend
    let runner: EffectRunner
    let clock: () -> Date
    /// Idle wake-up: the clock and checks for changes from other processes.
    public var idleMilliseconds = 1000

    /// Runs a slow effect (a feed fetch) off the loop; `post` may be called from any thread.
    /// Nil: the effect is not available (the bar says so).
    public var background: ((Effect, _ post: @escaping @Sendable (Action) -> Void) -> Void)?

    /// Actions posted by background work, taken by the loop between key presses.
    private let inbox = Inbox()

    private final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var actions: [Action] = []
        func post(_ a: Action) { lock.lock(); actions.append(a); lock.unlock() }
        func take() -> [Action] { lock.lock(); defer { actions.removeAll(); lock.unlock() }; return actions }
    }

    public init(source: ArticleSource, backend: TerminalBackend, keyMap: KeyMap = .standard, clock: @escaping () -> Date = WallClock.now,
                timeZone: TimeZone = .current) {
        self.keyMap = keyMap
        self.backend = backend
        runner = EffectRunner(source: source)
        self.clock = clock
        var status: Status?
        var starred: Set<ArticleID> = []
        do { starred = try source.loadFavorites() } catch { status = .error(error.description) }
        if status == nil, let problem = source.favoritesProblem() { status = .error(problem) }
        var read: Set<ArticleID> = []
        do { read = try source.loadRead() } catch { status = status ?? .error("Read marks: \(error.description)") }
        state = AppState(index: source.index, starred: starred, read: read, size: backend.size, now: clock(),
                         storePath: source.location, status: status)
        state.timeZone = timeZone
    }

    /// `show-read-articles` and `article-sort-order` from the config file.
    public func listOptions(hideRead: Bool, sortOrder: SortOrder, dateFormat: String? = nil, confirmMarkAll: Bool = true,
                            hideReadFolders: Bool = false) {
        state.hideRead = hideRead
        state.hideReadFolders = hideReadFolders
        state.hideReadFoldersByConfig = hideReadFolders
        state.hideReadByConfig = hideRead
        state.rebuildFolders()
        state.sortOrder = sortOrder
        state.dateFormat = dateFormat
        state.confirmMarkAll = confirmMarkAll
        state.showFolderUnderCursor()
    }

    /// `auto-reload`: fetch (and sync) every `interval` seconds while running, the first
    /// time one interval after now.
    public func reloadEvery(_ interval: TimeInterval) {
        state.reloadInterval = interval
        state.nextReload = clock().addingTimeInterval(interval)
    }

    /// Runs until the user quits or a terminating signal arrives.
    public func run() {
        backend.present(Renderer.render(state, map: keyMap))
        while !state.quitting {
            // While background work runs, wake often to show its result promptly.
            let busy = state.fetching || state.fetchingFullText != nil || !state.pendingStars.isEmpty || !state.downloads.isEmpty
                || state.searchIndexBuilding != nil
            // A search waiting for a pause in typing asks the full-text index after 120 ms.
            let searchWaits = state.search?.pending == true
            let event = backend.nextEvent(timeoutMilliseconds: searchWaits ? Self.searchPause : busy ? 100 : idleMilliseconds)
            let before = state
            for action in inbox.take() { dispatch(action) }
            if event == nil, searchWaits { dispatch(.runPendingSearch) }
            switch event {
            case .key(let key):
                if let action = keyMap.action(for: key, in: state.keyContext) { dispatch(action) }
            case .mouse(let event):
                // A click on a hint in the bar runs it; the rest is the reducer's.
                if event.kind == .click, event.y == state.size.height - 1, state.status == nil,
                   let target = StatusBarView.hintTargets(state, map: keyMap).first(where: { $0.columns.contains(event.x) }) {
                    dispatch(target.action)
                } else {
                    dispatch(.mouse(event))
                }
            case .resize(let size):
                dispatch(.resize(size))
            case .terminate:
                return
            case nil:
                idle()
            }
            if state != before { backend.present(Renderer.render(state, map: keyMap)) }
        }
    }

    /// How long typing pauses before the full-text index is asked (each key filters titles
    /// at once; the index's answer, which may take tens of milliseconds, comes at the pause).
    public static let searchPause = 120

    /// Posts actions from any thread; the loop takes them before the next frame.
    public var poster: @Sendable (Action) -> Void {
        let inbox = self.inbox
        return { inbox.post($0) }
    }

    public func dispatch(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in Reducer.reduce(&state, next) {
                if effect.runsInBackground {
                    guard let background else {
                        switch effect {
                        case .fetchFullText(let id):
                            queue.append(.fullTextFinished(id, done: false, message: "Fetching is not available here."))
                        case .download(let url):
                            queue.append(.downloadFinished(name: url, done: false, message: "Downloading is not available here."))
                        default:
                            queue.append(.fetchFinished(summary: "Fetching is not available here.", failures: []))
                        }
                        continue
                    }
                    let inbox = self.inbox
                    background(effect) { inbox.post($0) }
                    continue
                }
                if case .openLink(let id) = effect {
                    queue.append(openLink(id))
                    continue
                }
                if case .copyLink(let id) = effect {
                    queue.append(copyLink(id))
                    continue
                }
                if case .openURL(let link) = effect {
                    queue.append(open(link: link))
                    continue
                }
                if let answer = terminalEffect(effect) {
                    queue.append(answer)
                    continue
                }
                queue.append(contentsOf: runner.run(effect))
            }
        }
    }

    /// Starts a graphical browser without handing it the terminal; true when it started.
    /// A test replaces it.
    public var detach: ([String]) -> Bool = { arguments in
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        return argv.withUnsafeMutableBufferPointer { gz_spawn_detached($0.baseAddress!) } > 0
    }

    /// Where `o` looks for a browser: the process environment unless a test sets one.
    public var environment = ProcessInfo.processInfo.environment

    /// The attachments' player (`player` in the config): a command, `%u` for the link.
    public var player: String?

    /// The config file a kept search is written to (Ctrl-K while searching).
    public var configPath: String?

    /// Saved searches from the config (`query-folder`), shown as folders; their articles
    /// are asked of the full-text index at once.
    public func savedSearches(_ list: [SavedSearch]) {
        state.savedSearches = list
        state.rebuildFolders()
        if !list.isEmpty { for action in runner.run(.runSavedSearches(list)) { dispatch(action) } }
    }

    /// Where `d` downloads (`download-path` in the config) and `w` saves (`save-path`); each
    /// else the system's downloads folder.
    public func folders(download: String?, save: String?) {
        state.home = environment["HOME"] ?? NSHomeDirectory()
        state.downloadFolder = ArticleExport.downloadFolder(configured: download, environment: environment)
        state.saveFolder = ArticleExport.downloadFolder(configured: save, environment: environment)
    }

    /// Runs a browser on the article's link, handing it the terminal until it exits.
    func openLink(_ id: ArticleID) -> Action {
        let article: Article
        do { article = try runner.source.loadArticle(id) } catch {
            return .linkOpened(done: false, message: error.description)
        }
        guard let link = article.url else { return .linkOpened(done: false, message: "This article has no link to open.") }
        return open(link: link)
    }

    /// y: the article's link onto the clipboard, by OSC 52 and by a clipboard program when
    /// one is there (wl-copy under Wayland, xclip or xsel under X).
    func copyLink(_ id: ArticleID) -> Action {
        let article: Article
        do { article = try runner.source.loadArticle(id) } catch {
            return .linkOpened(done: false, message: error.description)
        }
        guard let link = article.url.map(Sanitize.line), !link.isEmpty else {
            return .linkOpened(done: false, message: "This article has no link to copy.")
        }
        return copy(link)
    }

    /// Runs a browser on a link from an article (checked to be a web address first).
    func open(link: String) -> Action {
        guard let url = Browser.webAddress(link) else {
            return .linkOpened(done: false, message: "Not opening \(link): only web links (http, https) are opened.")
        }
        let path = environment["PATH"]
        guard let launch = Browser.launch(for: url, environment: environment, find: { Browser.isExecutable($0, path: path) }) else {
            return .linkOpened(done: false, message: "No browser found: set BROWSER (for example BROWSER=w3m) to open \(url)")
        }
        let name = launch.name
        if launch.detached {
            return detach(launch.arguments)
                ? .linkOpened(done: true, message: "Opened \(url) with \(name)")
                : .linkOpened(done: false, message: "Could not start \(name) for \(url)")
        }
        switch backend.runProgram(launch.arguments) {
        case nil: return .linkOpened(done: false, message: "Could not start \(name) for \(url)")
        case 0?: return .linkOpened(done: true, message: "Opened \(url) with \(name)")
        case let status?: return .linkOpened(done: false, message: "\(name) exited with status \(status) for \(url)")
        }
    }

    /// Keeps relative dates current and picks up imports and stars from other processes.
    func idle() {
        gz_reap_children()  // detached browsers that have exited
        if !state.pendingStars.isEmpty { dispatch(.retryPendingStars) }
        let now = clock()
        // Each new minute (relative dates), and the moment an automatic reload is due.
        let reloadDue = state.nextReload.map { now >= $0 && !state.fetching } ?? false
        if reloadDue || Int(now.timeIntervalSince1970 / 60) != Int(state.now.timeIntervalSince1970 / 60) {
            dispatch(.clock(now))
        }
        if let index = runner.source.reloadIndexIfChanged(), index != state.index {
            dispatch(.storeChanged(index))
        }
        if let read = runner.source.reloadReadIfChanged(), read != state.read {
            dispatch(.readChanged(read))
        }
        switch runner.source.reloadFavoritesIfChanged() {
        case .success(let ids): dispatch(.favoritesChanged(ids))
        case .failure(let error): dispatch(.favoritesFailed(message: error.description))
        case nil: break
        }
    }
}
