import GazetteCore
import Testing
@testable import GazetteUI

@Suite("Reducer")
struct ReducerTests {
    let size = Size(width: 100, height: 30)

    @Test("Moving through the folders previews each folder's articles")
    func preview() {
        var (state, source) = Fixtures.state(size: size)
        #expect(state.folders.map(\.name) == ["All articles", "Favorites", "Business", "Culture", "International News"])
        #expect(state.articles.count == 7)
        Fixtures.apply([.move(.down), .move(.down)], to: &state, source: source)
        #expect(state.currentFolder?.name == "Business")
        #expect(state.articles.map { state.index.summary(at: $0).title } == ["Quarterly earnings beat expectations", "الأسواق العربية تغلق على ارتفاع"])
    }

    @Test("Closing the reader restores the article selection")
    func readerRoundTrip() {
        var (state, source) = Fixtures.state(size: size)
        Fixtures.apply([.focusArticles, .move(.down), .move(.down), .open], to: &state, source: source)
        #expect(state.mode == .reader)
        let opened = state.reader?.articleID
        #expect(state.reader?.article?.id == opened)
        Fixtures.apply([.move(.pageDown), .back], to: &state, source: source)
        #expect(state.mode == .lists)
        #expect(state.focus == .articles)
        #expect(state.selectedArticleID == opened)
        #expect(state.articleCursor.selected == 2)
    }

    @Test("A star shows only after it is saved, and appears in Favorites")
    func starSaved() {
        var (state, source) = Fixtures.state(size: size)
        Fixtures.apply([.focusArticles], to: &state, source: source)
        let id = state.selectedArticleID!
        let effects = Reducer.reduce(&state, .toggleStar)
        #expect(effects == [.setStar(id, starred: true)])
        #expect(!state.starred.contains(id))  // not saved yet
        for e in effects { for a in EffectRunner(source: source).run(e) { _ = Reducer.reduce(&state, a) } }
        #expect(state.starred == [id])
        #expect(source.starred == [id])
        #expect(state.folders[1].count == 1)
    }

    @Test("Starring in the reader shows the star in the bar and in the list on return")
    func starInReader() {
        var (state, source) = Fixtures.state(size: size)
        Fixtures.apply([.focusArticles, .open], to: &state, source: source)
        #expect(!Renderer.render(state).lines.last!.contains("★"))
        Fixtures.apply([.toggleStar], to: &state, source: source)
        #expect(Renderer.render(state).lines.last!.contains("★ All"))
        Fixtures.apply([.back], to: &state, source: source)
        #expect(Renderer.render(state).lines[1].contains("★ Quarterly earnings"))
    }

    @Test("When saving a star fails, the bar says so and the star is not shown")
    func starFails() {
        var (state, source) = Fixtures.state(size: size)
        source.failStarsWith = "Read-only file system"
        Fixtures.apply([.focusArticles, .toggleStar], to: &state, source: source)
        #expect(state.starred.isEmpty)
        guard case .error(let message) = state.status else { Issue.record("no error shown"); return }
        #expect(message.contains("Read-only file system"))
    }

    @Test("Unstarring the last article in Favorites leaves the cursor valid")
    func unstarInFavorites() {
        let ids: Set<ArticleID> = [ArticleID(rawValue: 1), ArticleID(rawValue: 2)]
        var (state, source) = Fixtures.state(size: size, starred: ids)
        Fixtures.apply([.move(.down), .focusArticles, .move(.last)], to: &state, source: source)
        #expect(state.currentFolder?.kind == .favorites)
        #expect(state.articleCursor.selected == 1)
        Fixtures.apply([.toggleStar], to: &state, source: source)
        #expect(state.articles.count == 1)
        #expect(state.articleCursor.selected == 0)
        Fixtures.apply([.toggleStar], to: &state, source: source)
        #expect(state.articles.isEmpty)
        #expect(state.selectedArticleID == nil)
    }

    @Test("Resizing re-wraps the reader and keeps the reading position")
    func resizeKeepsPlace() {
        var (state, source) = Fixtures.state(size: size)
        // Article 1 (long body) is in International News: open it from All articles.
        let row = state.articles.firstIndex { state.index.entries[$0].id == ArticleID(rawValue: 1) }!
        Fixtures.apply([.focusArticles] + Array(repeating: .move(.down), count: row) + [.open], to: &state, source: source)
        Fixtures.apply(Array(repeating: .move(.pageDown), count: 3), to: &state, source: source)
        let anchor = state.reader!.anchor
        let paragraph = anchor.paragraph
        #expect(paragraph > 3)
        Fixtures.apply([.resize(Size(width: 40, height: 12))], to: &state, source: source)
        let top = state.reader!.lines[state.reader!.top].anchor
        #expect(top.paragraph == paragraph)
        #expect(top <= anchor)
        Fixtures.apply([.resize(size)], to: &state, source: source)
        #expect(state.reader!.anchor == anchor)
    }

    @Test("q goes back one level: reader to list, article list to folders (in both layouts), and quits only from the folders")
    func quitKeys() {
        for width in [100, 50] {
            var (state, source) = Fixtures.state(size: Size(width: width, height: 30))
            Fixtures.apply([.move(.down), .move(.down), .open, .move(.down), .open, .quitOrBack], to: &state, source: source)
            #expect(state.mode == .lists)
            #expect(state.focus == .articles)
            let selected = state.selectedArticleID
            #expect(Reducer.reduce(&state, .quitOrBack) == [])
            #expect(state.focus == .folders)
            #expect(!state.quitting)
            #expect(Renderer.render(state).text.contains("q quit"))
            // Back in the articles, the same one is selected again.
            Fixtures.apply([.focusArticles], to: &state, source: source)
            #expect(state.selectedArticleID == selected)
            #expect(Renderer.render(state).text.contains("q back"))
            Fixtures.apply([.focusFolders], to: &state, source: source)
            #expect(Reducer.reduce(&state, .quitOrBack) == [.quit])
            #expect(state.quitting)
        }
    }

    @Test("An import seen while reading adds the new articles and keeps the selection")
    func storeChanged() {
        var (state, source) = Fixtures.state(size: size)
        Fixtures.apply([.focusArticles, .move(.down)], to: &state, source: source)
        let selected = state.selectedArticleID
        let more = MemoryArticleSource(articles: Fixtures.articles + [Fixtures.article(99, "Breaking", category: "Business", hoursAgo: 0.1)])
        Fixtures.apply([.storeChanged(more.index)], to: &state, source: more)
        #expect(state.articles.count == 8)
        #expect(state.selectedArticleID == selected)
        #expect(state.status == .info("1 new article"))
    }

    /// Presses keys through the standard key map in the context the state is in, as the app does.
    func press(_ keys: [Key], _ state: inout AppState, _ source: ArticleSource) {
        for key in keys {
            if let action = KeyMap.standard.action(for: key, in: state.keyContext) { Fixtures.apply([action], to: &state, source: source) }
        }
    }

    func typed(_ text: String) -> [Key] { text.map { .char($0) } }

    @Test("The index catching up with articles written elsewhere asks again without dropping the answer on screen")
    func indexCatchUpKeepsResults() {
        var (state, source) = Fixtures.state(size: size)
        state.searchIndexReady = true
        press([.char("/")] + typed("the"), &state, source)
        let all = Array(0..<state.index.count)
        _ = Reducer.reduce(&state, .searchResults(query: "the", positions: all, ranked: false))
        let shown = state.articles
        let effects = Reducer.reduce(&state, .searchIndexProgress(done: 1, total: 1))
        #expect(state.search?.results == all && state.articles == shown)
        #expect(effects.contains(.search(query: "the", bestFirst: false)))
        // The first build (not ready before): titles until the index answers, as always.
        state.searchIndexReady = false
        _ = Reducer.reduce(&state, .searchIndexProgress(done: 1, total: 1))
        #expect(state.search?.results == nil)
    }

    @Test("What a search cannot use is said beside its matches while typing, when the bar has room")
    func searchProblems() {
        var (state, source) = Fixtures.state(size: size)
        press([.char("/")] + typed("after:yesterday"), &state, source)
        #expect(Renderer.render(state).lines.last!.contains(#"after: takes a date like 2026-11-01, not "yesterday" · "#))
        var narrow = state
        narrow.size = Size(width: 60, height: 30)
        #expect(!Renderer.render(narrow).lines.last!.contains("takes a date"))
        #expect(Renderer.render(narrow).lines.last!.contains("Search: after:yesterday_"))
    }

    @Test("Best first asked: the header says best first when the index ranked the list, newest first when it had too many matches to")
    func bestFirstHeader() {
        var (state, source) = Fixtures.state(size: Size(width: 140, height: 30))
        press([.char("/")] + typed("the"), &state, source)
        _ = Reducer.reduce(&state, .searchToggleOrder)
        let all = Array(0..<state.index.count)
        _ = Reducer.reduce(&state, .searchResults(query: "the", positions: all, ranked: true))
        #expect(Renderer.render(state).lines[0].contains("“the” · best first"))
        _ = Reducer.reduce(&state, .searchResults(query: "the", positions: all, ranked: false))
        #expect(Renderer.render(state).lines[0].contains("“the” · newest first (too many matches to rank)"))
        _ = Reducer.reduce(&state, .searchToggleOrder)
        #expect(!Renderer.render(state).lines[0].contains("first"))
    }

    @Test("/ searches titles and authors as you type, accents aside; Enter keeps it across folders; Esc shows everything again")
    func search() {
        var (state, source) = Fixtures.state(size: size)
        func titles() -> [String] { state.articles.map { state.index.summary(at: $0).title } }
        press([.char("/")] + typed("cafe"), &state, source)
        #expect(state.keyContext == .search)
        #expect(titles() == ["Café crème: naïve coöperation at the Zoë résumé fair"])
        #expect(Renderer.render(state).lines.last!.contains("Search: cafe_"))
        #expect(Renderer.render(state).lines.last!.contains("1 match"))
        // q, j and Q are letters of the query while typing, not quit or move.
        press(typed(" Qj"), &state, source)
        #expect(!state.quitting)
        #expect(state.search?.query == "cafe Qj")
        #expect(titles().isEmpty)
        press([.backspace, .backspace, .backspace], &state, source)
        #expect(state.search?.query == "cafe")
        press([.enter], &state, source)
        #expect(state.keyContext == .lists)
        #expect(state.focus == .articles)
        #expect(Renderer.render(state).lines[0].contains("All articles · “cafe”"))
        // The search holds in every folder until cleared.
        press([.left, .down, .down], &state, source)
        #expect(state.currentFolder?.name == "Business")
        #expect(titles().isEmpty)
        #expect(Renderer.render(state).lines[1].contains("Nothing here matches “cafe”"))
        press([.down], &state, source)
        #expect(state.currentFolder?.name == "Culture")
        #expect(titles() == ["Café crème: naïve coöperation at the Zoë résumé fair"])
        press([.escape], &state, source)
        #expect(state.search == nil)
        #expect(titles().count == 2)
    }

    @Test("Search: the selected article stays selected while it matches; Backspace on an empty query or Esc cancels")
    func searchSelection() {
        var (state, source) = Fixtures.state(size: size)
        press([.right, .down, .down, .down, .down, .down], &state, source)
        let selected = state.selectedArticleID
        #expect(state.index.summary(at: state.articles[state.articleCursor.selected]).title.hasPrefix("Café crème"))
        press([.char("/")] + typed("ca"), &state, source)
        #expect(state.articles.map { state.index.summary(at: $0).title.prefix(5) } == ["Trump", "Café "])
        #expect(state.selectedArticleID == selected)
        #expect(state.articleCursor.selected == 1)
        press([.backspace, .backspace] + typed("東京"), &state, source)
        #expect(state.articleCursor.selected == 0)
        #expect(state.index.summary(at: state.articles[0]).title.hasPrefix("東京"))
        press(typed("x"), &state, source)
        #expect(state.articles.isEmpty)
        press([.backspace, .backspace, .backspace, .backspace], &state, source)
        #expect(state.search == nil)
        #expect(state.articles.count == 7)
        press([.char("/")] + typed("writer") + [.escape], &state, source)
        #expect(state.search == nil)
        #expect(state.articles.count == 7)
        // An empty query kept with Enter is no search at all.
        press([.char("/"), .enter], &state, source)
        #expect(state.search == nil)
        // One pane at a time (40 columns): searching shows the articles it narrows.
        var (narrow, narrowSource) = Fixtures.state(size: Size(width: 40, height: 12))
        #expect(narrow.focus == .folders)
        press([.char("/")] + typed("cafe"), &narrow, narrowSource)
        #expect(narrow.focus == .articles)
        #expect(Renderer.render(narrow).lines[1].contains("Café"))
    }

    @Test("f in the reader fetches the page in the background; the saved full text shows at once; no link or a failure says why")
    func fullText() throws {
        var linked = Fixtures.article(20, "Summary only", category: "Feeds", hoursAgo: 0.5, body: "Just the summary.")
        linked.url = "https://news.example/stories/1"
        let source = MemoryArticleSource(articles: Fixtures.articles + [linked])
        var state = AppState(index: source.index, starred: [], size: size, now: Fixtures.now, storePath: "(memory)")
        press([.right, .enter], &state, source)
        #expect(state.reader?.article?.title == "Summary only")
        let effects = Reducer.reduce(&state, try #require(KeyMap.standard.action(for: .char("f"), in: state.keyContext)))
        #expect(effects == [.fetchFullText(linked.id)])
        #expect(state.status == .info("Fetching the full text from news.example…"))
        #expect(Reducer.reduce(&state, .fetchFullText).isEmpty)
        #expect(state.status == .info("Already fetching a full text…"))
        // Scrolling meanwhile clears the message; the bar still says what runs.
        press([.down], &state, source)
        #expect(Renderer.render(state).lines.last!.contains("Fetching the full text…"))
        // The background saved the page's text: the reader loads it again.
        source.articles[linked.id]?.body = "The whole story, as the page tells it.\n\nWith a second paragraph."
        Fixtures.apply([.fullTextFinished(linked.id, done: true, message: "Full text from news.example: 60 more characters.")],
                       to: &state, source: source)
        #expect(state.fetchingFullText == nil)
        #expect(state.reader?.article?.body.hasPrefix("The whole story") == true)
        #expect(Renderer.render(state).lines.contains { $0.contains("With a second paragraph.") })
        #expect(state.status == .info("Full text from news.example: 60 more characters."))
        // A failure is an error in the bar.
        _ = Reducer.reduce(&state, .fetchFullText)
        _ = Reducer.reduce(&state, .fullTextFinished(linked.id, done: false, message: "Full text from news.example failed: HTTP 404"))
        #expect(state.status == .error("Full text from news.example failed: HTTP 404"))
        // An article without a link cannot be completed.
        press([.char("q"), .down, .enter], &state, source)
        #expect(state.reader?.article?.url == nil)
        #expect(Reducer.reduce(&state, .fetchFullText).isEmpty)
        #expect(state.status == .info("This article has no link to fetch its full text from."))
    }

    @Test("Opening an article reads it: its title is no longer bold and the folders count one unread fewer; u toggles, A marks the list")
    func readMarks() {
        let quarterly = ArticleID(rawValue: 6)
        var (state, source) = Fixtures.state(size: size, starred: [quarterly])
        func row(_ title: String) -> Int { Renderer.render(state).lines.firstIndex { $0.contains(title) }! }
        func bold(_ title: String) -> Bool {
            let y = row(title)
            return Renderer.render(state)[24, y].style.bold
        }
        #expect(state.folders.map(\.unread) == [7, 1, 2, 2, 3])
        #expect(Renderer.render(state).lines[1].contains(" 7/7 │"))
        #expect(bold("Quarterly earnings"))
        press([.right, .enter], &state, source)
        #expect(source.read == [state.reader!.articleID])
        press([.char("q"), .down], &state, source)
        #expect(!bold("Quarterly earnings"))
        #expect(state.folders[0].unread == 6)
        #expect(state.folders.first { $0.name == "Business" }?.unread == 1)
        #expect(state.folders[1].unread == 0)  // Quarterly is starred: Favorites has no unread left
        #expect(Renderer.render(state).lines[1].contains(" 6/7 │"))
        // u on the selected (unread) article marks it read; again, unread.
        let second = state.selectedArticleID!
        press([.char("u")], &state, source)
        #expect(state.read.contains(second))
        #expect(state.status == .info("Read: 東京の株価が上昇、日経平均は最高値を更新"))
        press([.char("u")], &state, source)
        #expect(!state.read.contains(second))
        // The counts kept up mark by mark are those a full recount gives.
        var recounted = state
        recounted.rebuildFolders()
        #expect(recounted.folders == state.folders)
        // A marks every article in the list (All articles mixes folders: y confirms); then
        // nothing is left.
        press([.char("A"), .char("y")], &state, source)
        #expect(state.folders[0].unread == 0)
        #expect(source.read.count == 7)
        #expect(Renderer.render(state).lines[1].contains("   7 │"))
        press([.char("A")], &state, source)
        #expect(state.status == .info("Nothing unread here."))
    }

    @Test("n selects the next unread article, then around the list; in the reader it opens it; with none left it says so")
    func nextUnread() {
        var (state, source) = Fixtures.state(size: size)
        source.read = [state.index.entries[1].id, state.index.entries[2].id]
        state.read = source.read
        state.rebuildFolders()
        press([.right, .char("n")], &state, source)
        #expect(state.articleCursor.selected == 3)
        press([.end, .char("n")], &state, source)
        #expect(state.articleCursor.selected == 0)
        // In the reader: each n opens the next unread one, marking it read.
        press([.enter], &state, source)
        #expect(state.mode == .reader)
        press([.char("n")], &state, source)
        #expect(state.mode == .reader)
        #expect(state.reader?.articleID == state.index.entries[3].id)
        #expect(state.reader?.article != nil)
        for _ in 0..<3 { press([.char("n")], &state, source) }
        #expect(state.folders[0].unread == 0)
        press([.char("n")], &state, source)
        #expect(state.status == .info("No unread articles left."))
    }

    @Test("Read marks of articles no longer in the store do not hide the unread ones")
    func staleReadMarks() {
        let gone = (100..<120).map { ArticleID(rawValue: UInt64($0)) }
        let source = MemoryArticleSource(articles: Fixtures.articles)
        let state = AppState(index: source.index, starred: [], read: Set(gone), size: size, now: Fixtures.now, storePath: "(memory)")
        #expect(state.folders[0].unread == 7)
    }

    @Test("When read marks cannot be saved, the bar says so once, and the article still opens")
    func readMarksFail() {
        var (state, source) = Fixtures.state(size: size)
        source.failReadWith = "Read-only file system"
        press([.right, .enter], &state, source)
        #expect(state.reader?.article != nil)
        #expect(state.status == .error("Read marks not saved: Read-only file system (read.log)"))
        press([.char("q"), .down, .enter], &state, source)
        #expect(state.status == nil)
        #expect(state.folders[0].unread == 7)
    }

    @Test("The browser for o: $BROWSER entries in order (%s or the link last), then xdg-open, then a terminal browser")
    func browserCommand() {
        let url = "https://example.org/a?b=1"
        let installed: Set<String> = ["firefox", "xdg-open", "w3m"]
        func command(_ env: [String: String], _ programs: Set<String> = installed) -> [String]? {
            Browser.launch(for: url, environment: env, find: programs.contains)?.arguments
        }
        #expect(command(["BROWSER": "nosuch:firefox"]) == ["firefox", url])
        #expect(command(["BROWSER": "w3m -o x=1 %s"]) == ["w3m", "-o", "x=1", url])
        #expect(command([:]) == ["xdg-open", url])
        #expect(command([:], ["lynx"]) == ["lynx", url])
        #expect(command(["BROWSER": "nosuch"], []) == nil)
    }

    @Test("$BROWSER as in other programs: shell syntax runs through sh with the link quoted; a graphical browser runs detached, a terminal one gets the terminal")
    func browserLaunch() {
        let url = "https://example.org/it's?a=1&b=2"
        let installed: Set<String> = ["firefox", "xdg-open", "w3m", "lynx"]
        func launch(_ env: [String: String]) -> Browser.Launch? {
            Browser.launch(for: url, environment: env, find: installed.contains)
        }
        let quoted = "'https://example.org/it'\\''s?a=1&b=2'"
        #expect(launch(["BROWSER": "firefox %s &"]) == Browser.Launch(arguments: ["/bin/sh", "-c", "firefox \(quoted)"], detached: true, name: "firefox"))
        #expect(launch(["BROWSER": "firefox --new-tab '%s' 2>/dev/null"])?.arguments == ["/bin/sh", "-c", "firefox --new-tab \(quoted) 2>/dev/null"])
        #expect(launch(["BROWSER": "w3m | cat"])?.arguments == ["/bin/sh", "-c", "w3m | cat \(quoted)"])
        // Under a display: graphical browsers detach, terminal ones keep the terminal.
        #expect(launch(["BROWSER": "firefox", "DISPLAY": ":0"])?.detached == true)
        #expect(launch(["BROWSER": "w3m", "DISPLAY": ":0"])?.detached == false)
        #expect(launch(["DISPLAY": ":0"]) == Browser.Launch(arguments: ["xdg-open", url], detached: true, name: "xdg-open"))
        #expect(launch(["WAYLAND_DISPLAY": "wayland-0", "BROWSER": "lynx"])?.detached == false)
        // Without one, everything gets the terminal (xdg-open may start a terminal browser).
        #expect(launch([:])?.detached == false)
        #expect(launch(["BROWSER": "firefox"])?.detached == false)
    }

    @Test("Every default binding's action is reachable from help text")
    func keyMapHelp() {
        let map = KeyMap.standard
        #expect(map.action(for: .char("j"), in: .lists) == .move(.down))
        #expect(map.action(for: .down, in: .reader) == .move(.down))
        #expect(map.action(for: .char(" "), in: .reader) == .move(.pageDown))
        #expect(map.action(for: .escape, in: .reader) == .back)
        #expect(map.action(for: .char("q"), in: .lists) == .quitOrBack)
        #expect(map.action(for: .char("Q"), in: .reader) == .quit)
        #expect(map.action(for: .char("s"), in: .reader) == .toggleStar)
        #expect(map.bindings.allSatisfy { !$0.help.isEmpty })
    }

    @Test("A fetch with failures says so in the bar, and help lists every failing feed with its whole reason")
    func fetchFailuresInHelp() {
        var (state, source) = Fixtures.state(size: Size(width: 60, height: 30))
        let reason = "example.org/…/site.html: not a feed (an HTML page; its feed is https://example.org/news/feed.xml)"
        Fixtures.apply([.fetchFeeds, .fetchFinished(summary: "Fetched 3 feeds, 0 unchanged, 2 failed: 4 new articles, 0 updated.",
                                                    failures: [reason, "example.com/feed.xml: HTTP 404 Not Found"])], to: &state, source: source)
        guard case .error(let message)? = state.status else { Issue.record("no error in the bar"); return }
        #expect(message.contains("? shows why: example.org/…/site.html: not a feed"))
        #expect(message.hasSuffix("(+1 more)"))
        Fixtures.apply([.showHelp, .move(.last)], to: &state, source: source)
        let text = Renderer.render(state).lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("Last fetch (r)"))
        #expect(text.contains("its feed is https://example.org/news/feed.xml)"))
        #expect(text.contains("example.com/feed.xml: HTTP 404 Not Found"))
    }

    @Test("A background fetch shows its progress in the bar, never over another message")
    func fetchProgress() {
        var (state, source) = Fixtures.state(size: size)
        Fixtures.apply([.fetchFeeds, .fetchProgress(done: 3, total: 10)], to: &state, source: source)
        #expect(state.status == .info("Fetching feeds… 3/10"))
        state.status = .error("Star not saved: Read-only file system")
        Fixtures.apply([.fetchProgress(done: 4, total: 10)], to: &state, source: source)
        #expect(state.status == .error("Star not saved: Read-only file system"))
        Fixtures.apply([.fetchFinished(summary: "Fetched 10 feeds.", failures: []), .fetchProgress(done: 10, total: 10)], to: &state, source: source)
        #expect(state.status == .info("Fetched 10 feeds."))
    }
}


@Suite("Read marks across folders")
struct ReadAcrossFoldersTests {
    let size = Size(width: 100, height: 30)

    func keys(_ keys: [Key], _ state: inout AppState, _ source: ArticleSource) {
        for key in keys {
            if let action = KeyMap.standard.action(for: key, in: state.keyContext) { Fixtures.apply([action], to: &state, source: source) }
        }
    }

    @Test("A on All articles asks first: n (or any key but y) marks nothing, y marks them all; U undoes it once")
    func markAllAsks() {
        var (state, source) = Fixtures.state(size: size)
        keys([.right, .char("A")], &state, source)
        #expect(state.status == .info("Mark 7 articles read? y/n"))
        #expect(state.keyContext == .confirm)
        keys([.char("j")], &state, source)
        #expect(state.read.isEmpty)
        #expect(state.status == .info("Nothing marked."))
        keys([.char("A"), .char("y")], &state, source)
        #expect(state.read.count == 7)
        #expect(state.status == .info("Marked 7 articles read. U undoes."))
        #expect(state.folders[0].unread == 0)
        keys([.char("U")], &state, source)
        #expect(state.read.isEmpty)
        #expect(state.folders[0].unread == 7)
        #expect(state.status == .info("Marked 7 articles unread again."))
        keys([.char("U")], &state, source)
        #expect(state.status == .info("Nothing to undo."))
    }

    @Test("A in one folder marks it at once, and U undoes only what it changed")
    func markFolder() {
        var (state, source) = Fixtures.state(size: size)
        // Folders: All, Favorites, Business, Culture, International News. Read one first.
        keys([.down, .down, .down, .down, .right, .enter, .char("q"), .char("A")], &state, source)
        #expect(state.status == .info("Marked 2 articles read. U undoes."))
        keys([.char("U")], &state, source)
        // The one read before stays read.
        #expect(state.read.count == 1)
    }

    @Test("n continues into the next folder with unread articles, says which, and wraps around; none left says so")
    func nextUnreadAcrossFolders() {
        var (state, source) = Fixtures.state(size: size)
        // Business (2 articles): open the first, n opens the second.
        keys([.down, .down, .right, .enter, .char("n")], &state, source)
        #expect(state.mode == .reader)
        #expect(state.currentFolder?.name == "Business")
        // The next n has none left in Business: Culture's first unread, opened.
        keys([.char("n")], &state, source)
        #expect(state.currentFolder?.name == "Culture")
        #expect(state.mode == .reader)
        #expect(state.status == .info("Next unread in Culture"))
        // Read everything else, then n has nowhere to go.
        keys([.char("n"), .char("n"), .char("n"), .char("n"), .char("n")], &state, source)
        #expect(state.read.count == 7)
        keys([.char("n")], &state, source)
        #expect(state.status == .info("No unread articles left."))
    }
}

@Suite("The cursor row")
struct CursorRowTests {
    @Test("The cursor row shows whether its article is unread: bold title when unread, plain when read")
    func cursorShowsUnread() {
        var (state, source) = Fixtures.state(size: Size(width: 100, height: 30))
        Fixtures.apply([.focusArticles], to: &state, source: source)
        let row = 1 + state.articleCursor.selected  // under the header
        func titleIsBold() -> Bool {
            let screen = Renderer.render(state)
            // The first cell of the title, right of the folder list and the star column.
            let x = (0..<screen.width).first { screen[$0, row].style.reverse && screen[$0, row].text != " " && screen[$0, row].text != "★" } ?? 0
            return screen[x, row].style.bold
        }
        #expect(titleIsBold())
        Fixtures.apply([.toggleRead], to: &state, source: source)
        #expect(state.read.contains(state.selectedArticleID!))
        #expect(!titleIsBold())
    }
}
