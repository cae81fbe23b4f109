import Foundation
import GazetteCore
import Testing
@testable import GazetteUI

@Suite("Screens")
struct SnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 40, height: 12)]

    func screen(_ size: Size, starred: Set<ArticleID> = [ArticleID(rawValue: 2)], _ actions: [Action]) -> Screen {
        var (state, source) = Fixtures.state(size: size, starred: starred)
        Fixtures.apply(actions, to: &state, source: source)
        return Renderer.render(state)
    }

    @Test("Folder list and article list with CJK, emoji and Arabic titles and a star", arguments: sizes)
    func lists(size: Size) {
        assertSnapshot(screen(size, []), suite: "Screens", named: "lists")
    }

    @Test("Article list focused on International News", arguments: sizes)
    func articlesFocused(size: Size) {
        assertSnapshot(screen(size, [.move(.last), .focusArticles, .move(.down)]), suite: "Screens", named: "articles-focused")
    }

    func openLong(_ size: Size) -> [Action] {
        // International News, newest first: 東京 (3 h), Trump (48 h), 한국 (400 days).
        [.move(.last), .focusArticles, .move(.down), .open]
    }

    @Test("Reader at the top", arguments: sizes)
    func readerTop(size: Size) {
        assertSnapshot(screen(size, openLong(size)), suite: "Screens", named: "reader-top")
    }

    @Test("Reader in the middle", arguments: sizes)
    func readerMiddle(size: Size) {
        assertSnapshot(screen(size, openLong(size) + [.move(.pageDown), .move(.pageDown), .move(.down)]), suite: "Screens", named: "reader-middle")
    }

    @Test("Reader at the end", arguments: sizes)
    func readerEnd(size: Size) {
        assertSnapshot(screen(size, openLong(size) + [.move(.last)]), suite: "Screens", named: "reader-end")
    }

    @Test("Reader with an Arabic paragraph, right-aligned", arguments: sizes)
    func readerArabic(size: Size) {
        assertSnapshot(screen(size, [.move(.down), .move(.down), .focusArticles, .move(.down), .open]), suite: "Screens", named: "reader-arabic")
    }

    @Test("Help screen", arguments: sizes)
    func help(size: Size) {
        assertSnapshot(screen(size, [.showHelp]), suite: "Screens", named: "help")
    }

    @Test("Too small", arguments: [Size(width: 20, height: 5), Size(width: 29, height: 12)])
    func tooSmall(size: Size) {
        assertSnapshot(screen(size, []), suite: "Screens", named: "too-small")
    }

    @Test("An error in the status bar", arguments: sizes)
    func errorBar(size: Size) {
        var (state, source) = Fixtures.state(size: size)
        source.failStarsWith = "Read-only file system"
        Fixtures.apply([.focusArticles, .toggleStar], to: &state, source: source)
        assertSnapshot(Renderer.render(state), suite: "Screens", named: "star-failed")
    }

    @Test("No row is ever wider than the screen, and no wide glyph is cut", arguments: [
        Size(width: 80, height: 24), Size(width: 40, height: 12), Size(width: 61, height: 9), Size(width: 33, height: 8),
    ])
    func cellIntegrity(size: Size) {
        for actions in [[], [Action.focusArticles], openLong(size), [.move(.down), .move(.down), .focusArticles, .move(.down), .open]] {
            let s = screen(size, actions)
            for y in 0..<s.height {
                #expect(DisplayText.width(s.lines[y]) == size.width, "row \(y) of \(actions)")
                for x in 0..<s.width where s[x, y].isContinuation {
                    #expect(x > 0 && DisplayText.width(s[x - 1, y].text) == 2)
                }
            }
        }
    }
}

@Suite("Whole session")
struct SessionTests {
    /// Feeds scripted events and records every frame the app presents.
    final class ScriptedBackend: TerminalBackend {
        var size: Size
        /// nil entries are idle wake-ups (a timeout with no key).
        var events: [TerminalEvent?]
        var frames: [Screen] = []
        /// Called on each idle wake-up (a nil event), before it is returned.
        var onIdle: (() -> Void)?
        init(size: Size, events: [TerminalEvent?]) {
            self.size = size
            self.events = events
        }
        func present(_ screen: Screen) { frames.append(screen) }
        /// Programs the app ran (o), and the status each returns.
        var programs: [[String]] = []
        var programStatus: Int32? = 0
        func runProgram(_ arguments: [String]) -> Int32? {
            programs.append(arguments)
            return programStatus
        }
        func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
            guard !events.isEmpty else { return .terminate }
            let e = events.removeFirst()
            if e == nil { onIdle?() }
            if case .resize(let s)? = e { size = s }
            return e
        }
    }

    @Test("auto-reload runs when it is due, within the minute (not at the next minute boundary), and never over a running fetch")
    func autoReloadWhenDue() {
        let start = Fixtures.now
        final class Clock: @unchecked Sendable { var now: Date; init(_ d: Date) { now = d } }
        let clock = Clock(start)
        let backend = ScriptedBackend(size: Size(width: 80, height: 24), events: [nil, nil, nil, nil])
        let app = App(source: MemoryArticleSource(articles: Fixtures.articles), backend: backend, clock: { clock.now }, timeZone: Fixtures.zone)
        var fetches = 0
        app.background = { effect, _ in if effect == .fetchFeeds { fetches += 1 } }
        app.reloadEvery(60)
        // Wake-ups 41 s (a new minute: the clock ticks), 61 s (due, same minute), 62 s and 70 s.
        var steps = [41.0, 61, 62, 70]
        backend.onIdle = { clock.now = start.addingTimeInterval(steps.removeFirst()) }
        app.run()
        #expect(fetches == 1, "one reload at 61 s; at 62 s and 70 s the first is still running")
    }

    @Test("o hands the terminal to the browser with the article's link, then says how it went; no link or no browser says why")
    func openLink() {
        var linked = Fixtures.article(20, "Linked story", category: "Feeds", hoursAgo: 0.5)
        linked.url = "https://news.example/stories/1"
        let source = MemoryArticleSource(articles: Fixtures.articles + [linked])
        func run(_ keys: [Key], environment: [String: String], status: Int32? = 0) -> (ScriptedBackend, App) {
            let backend = ScriptedBackend(size: Size(width: 80, height: 24), events: keys.map { .key($0) } + [.key(.char("Q"))])
            backend.programStatus = status
            let app = App(source: source, backend: backend, clock: { Fixtures.now }, timeZone: Fixtures.zone)
            app.environment = environment
            app.run()
            return (backend, app)
        }
        // From the list, without opening the article: the link comes from the article file.
        let (backend, _) = run([.right, .char("o")], environment: ["BROWSER": "/bin/true %s --new-tab", "PATH": "/usr/bin:/bin"])
        #expect(backend.programs == [["/bin/true", "https://news.example/stories/1", "--new-tab"]])
        #expect(backend.frames.contains { $0.text.contains("Opened https://news.example/stories/1 with true") })
        // A browser that fails, from the reader.
        let (failing, _) = run([.right, .enter, .char("o")], environment: ["BROWSER": "/bin/false", "PATH": "/bin"], status: 3)
        #expect(failing.programs == [["/bin/false", "https://news.example/stories/1"]])
        #expect(failing.frames.contains { $0.text.contains("false exited with status 3") })
        // No browser anywhere; an article without a link.
        let (none, _) = run([.right, .char("o")], environment: ["PATH": "/nonexistent"])
        #expect(none.programs.isEmpty)
        #expect(none.frames.contains { $0.text.contains("No browser found: set BROWSER") })
        let (unlinked, _) = run([.right, .down, .char("o")], environment: ["BROWSER": "/bin/true"])
        #expect(unlinked.programs.isEmpty)
        #expect(unlinked.frames.contains { $0.text.contains("This article has no link to open.") })
    }

    @Test("Typing a number in the reader opens that link: at once when no longer number is possible, else on Enter; a number too large, or no links, says so")
    func openLinkNumber() {
        var linked = Fixtures.article(20, "Linked story", category: "Feeds", hoursAgo: 0.5)
        let links = (1...12).map { "https://news.example/ref/\($0)" }
        linked.body = "Text with twelve links [1] … [12].\n\nLinks:\n" + links.enumerated().map { "[\($0.offset + 1)] \($0.element)" }.joined(separator: "\n")
        #expect(linked.references == links)
        let plain = Fixtures.article(21, "Plain story", category: "Feeds", hoursAgo: 2)
        func run(_ keys: [Key], article: Article = linked) -> ScriptedBackend {
            let source = MemoryArticleSource(articles: [article])
            let backend = ScriptedBackend(size: Size(width: 80, height: 24), events: ([.right, .enter] + keys).map { .key($0) } + [.key(.char("Q"))])
            let app = App(source: source, backend: backend, clock: { Fixtures.now }, timeZone: Fixtures.zone)
            app.environment = ["BROWSER": "/bin/true", "PATH": "/bin"]
            app.run()
            return backend
        }
        // 12 links: "3" cannot grow (30 > 12) and opens at once; "1", "2" is 12; "1", Enter is 1.
        #expect(run([.char("3")]).programs == [["/bin/true", links[2]]])
        #expect(run([.char("1"), .char("2")]).programs == [["/bin/true", links[11]]])
        let waiting = run([.char("1")])
        #expect(waiting.programs.isEmpty)
        #expect(waiting.frames.contains { $0.text.contains("Open link 1_ of 12") })
        #expect(run([.char("1"), .enter]).programs == [["/bin/true", links[0]]])
        // Esc cancels; a digit after it starts again.
        #expect(run([.char("1"), .escape, .char("5")]).programs == [["/bin/true", links[4]]])
        #expect(run([.char("1"), .char("3")]).frames.contains { $0.text.contains("No link 13: this article has 12.") })
        let none = run([.char("2")], article: plain)
        #expect(none.programs.isEmpty)
        #expect(none.frames.contains { $0.text.contains("This article has no numbered links.") })
    }

    @Test("A graphical browser is started detached: the screen stays Gazette's and keys keep working")
    func detachedBrowser() {
        var linked = Fixtures.article(20, "Linked story", category: "Feeds", hoursAgo: 0.5)
        linked.url = "https://news.example/stories/1"
        let source = MemoryArticleSource(articles: [linked])
        let backend = ScriptedBackend(size: Size(width: 80, height: 24), events: [.key(.right), .key(.char("o")), .key(.char("s")), .key(.char("Q"))])
        let app = App(source: source, backend: backend, clock: { Fixtures.now }, timeZone: Fixtures.zone)
        app.environment = ["BROWSER": "/bin/true", "DISPLAY": ":0", "PATH": "/bin"]
        var detached: [[String]] = []
        app.detach = { detached.append($0); return true }
        app.run()
        #expect(detached == [["/bin/true", "https://news.example/stories/1"]])
        #expect(backend.programs.isEmpty, "the terminal was handed over")
        #expect(backend.frames.contains { $0.text.contains("Opened https://news.example/stories/1 with true") })
        #expect(source.starred == [ArticleID(rawValue: 20)])
    }

    @Test("o opens only web links: an option, a local file, javascript: or a bare path never reaches the browser")
    func hostileLinks() {
        for link in ["-dump", "file:///etc/passwd", "javascript:alert(1)", "/etc/passwd", "--help https://x.example", "http://", "mailto:a@b.example"] {
            var hostile = Fixtures.article(20, "Hostile link", category: "Feeds", hoursAgo: 0.5)
            hostile.url = link
            let source = MemoryArticleSource(articles: [hostile])
            let backend = ScriptedBackend(size: Size(width: 120, height: 24), events: [.key(.right), .key(.char("o")), .key(.char("Q"))])
            let app = App(source: source, backend: backend, clock: { Fixtures.now }, timeZone: Fixtures.zone)
            app.environment = ["BROWSER": "/bin/true", "PATH": "/bin"]
            app.run()
            #expect(backend.programs.isEmpty, "\(link) was handed to the browser")
            #expect(backend.frames.contains { $0.text.contains("only web links (http, https) are opened") }, "\(link)")
        }
        #expect(Browser.webAddress("https://news.example/a b") == nil)
        #expect(Browser.webAddress("HTTPS://news.example/ä?q=1") != nil)
    }

    @Test("s while another Gazette holds the store: the bar says what it waits for, keys keep working, the star is saved (and shown) once the store is free; quitting waits for it")
    func starWaitsForTheStore() {
        let source = MemoryArticleSource(articles: Fixtures.articles)
        source.heldBy = "import"
        // s, then moves while held; two idle wake-ups; the importer finishes at the second.
        let events: [TerminalEvent?] = [.key(.right), .key(.char("s")), .key(.down), .key(.down), nil, nil, .key(.char("Q"))]
        let backend = ScriptedBackend(size: Size(width: 80, height: 24), events: events)
        var idles = 0
        backend.onIdle = {
            idles += 1
            if idles == 2 { source.heldBy = nil }
        }
        let app = App(source: source, backend: backend, clock: { Fixtures.now }, timeZone: Fixtures.zone)
        app.run()
        let waiting = backend.frames.filter { $0.text.contains("Waiting for another Gazette (import) to finish… the star is saved then") }
        #expect(!waiting.isEmpty)
        // Not shown as saved while waiting; the moves were handled meanwhile.
        #expect(waiting.allSatisfy { !$0.text.contains("★ Starred") })
        #expect(Set(waiting.map(\.text)).count >= 3, "the selection moved while the star waited")
        #expect(source.starred == [ArticleID(rawValue: 6)])
        #expect(backend.frames.contains { $0.text.contains("★ Starred: Quarterly earnings beat expectations") })

        // Quitting while a star waits: it is saved first, then Gazette quits.
        let held = MemoryArticleSource(articles: Fixtures.articles)
        held.heldBy = "import"
        let quitting = ScriptedBackend(size: Size(width: 80, height: 24), events: [.key(.right), .key(.char("s")), .key(.char("Q")), nil, nil])
        var wakes = 0
        quitting.onIdle = { wakes += 1; if wakes == 1 { held.heldBy = nil } }
        let second = App(source: held, backend: quitting, clock: { Fixtures.now }, timeZone: Fixtures.zone)
        second.run()
        #expect(quitting.frames.contains { $0.text.contains("Saving 1 star once the store is free, then quitting") })
        #expect(held.starred == [ArticleID(rawValue: 6)])
        #expect(second.state.quitting)
    }

    @Test("r fetches in the background: keys keep working, then the bar shows the summary")
    func backgroundFetch() {
        let source = MemoryArticleSource(articles: Fixtures.articles)
        let events: [TerminalEvent?] = [.key(.char("r")), .key(.down), .key(.down), nil, nil, nil, nil, .key(.char("q"))]
        let backend = ScriptedBackend(size: Size(width: 80, height: 24), events: events)
        let app = App(source: source, backend: backend, clock: { Fixtures.now }, timeZone: Fixtures.zone)
        // The fetch "finishes" at the first idle wake-up, after the keys: no timing involved.
        final class Pending: @unchecked Sendable { var post: (@Sendable (Action) -> Void)? }
        let pending = Pending()
        app.background = { _, post in pending.post = post }
        backend.onIdle = {
            pending.post?(.fetchFinished(summary: "Fetched 2 feeds: 5 new articles.", failures: []))
            pending.post = nil
        }
        app.run()
        #expect(backend.frames.contains { $0.text.contains("Fetching feeds…") })
        // The two moves were handled while the fetch ran.
        #expect(backend.frames.contains { $0.text.contains("Fetching feeds…") && $0.text.contains("3/5") })
        #expect(backend.frames.contains { $0.text.contains("Fetched 2 feeds: 5 new articles.") })
        #expect(!app.state.fetching)
    }

    @Test("Browse, read, star, resize and quit against an in-memory store")
    func session() {
        let source = MemoryArticleSource(articles: Fixtures.articles)
        let keys: [Key] = [.down, .down, .down, .down, .right, .down, .enter, .pageDown, .char("s"), .char("q"), .up, .char("?"), .escape]
        let backend = ScriptedBackend(size: Size(width: 80, height: 24),
                                      events: keys.map { .key($0) } + [.resize(Size(width: 40, height: 12)), .key(.char("q")), .key(.char("q"))])
        let app = App(source: source, backend: backend, clock: { Fixtures.now }, timeZone: Fixtures.zone)
        app.run()
        #expect(app.state.quitting)
        #expect(source.starred == [ArticleID(rawValue: 1)])
        let readerFrame = backend.frames.first { $0.text.contains("Paragraph 1:") }
        #expect(readerFrame != nil)
        #expect(backend.frames.contains { $0.text.contains("★ Starred: Trump, Putin") })
        #expect(backend.frames.contains { $0.text.contains("Gazette keys") })
        // Resized to one pane, the article list keeps the starred article; q then goes back to
        // the folders (the last frame), and q again quits.
        #expect(backend.frames.contains { $0.width == 40 && $0.text.contains("★ Trump, Putin") })
        let last = backend.frames.last!
        #expect(last.width == 40)
        #expect(last.text.hasPrefix(" Folders"))
    }
}
