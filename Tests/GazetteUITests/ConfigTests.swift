import Foundation
import GazetteCore
import Testing
@testable import GazetteUI

@Suite("The config file (newsboat's syntax)")
struct ConfigTests {
    @Test("Words: quotes with escapes, # comments outside quotes, blank lines; an unclosed quote is named with its line")
    func words() throws {
        #expect(try Config.words(of: #"browser "firefox --new-tab %u"  # my browser"#).get() == ["browser", "firefox --new-tab %u"])
        #expect(try Config.words(of: ##"bind-key "#" help"##).get() == ["bind-key", "#", "help"])
        #expect(try Config.words(of: #"notify-program "say \"hi\" \\ there""#).get() == ["notify-program", #"say "hi" \ there"#])
        #expect(try Config.words(of: "   # only a comment").get() == [])
        let (_, problems) = Config.parse("# ok\n\nbind-key \"x star\n", name: "config")
        #expect(problems.map(\.description) == [#"config:3: a quote (") is not closed"#])
    }

    @Test("Every line Gazette cannot read is named with its line; newsboat options it lacks are warnings, not errors")
    func problems() {
        let text = """
        bind-key x stra
        colour listfocus red default
        bind-key F13 star
        bind-key x star nowhere
        reload-time soon
        auto-reload maybe
        pager "less -R"
        show-read-feeds no
        unbind-key
        """
        let (config, problems) = Config.parse(text)
        #expect(problems.map(\.line) == [1, 2, 3, 4, 5, 6, 9])
        #expect(problems[0].description.hasPrefix(#"config:1: unknown operation "stra""#))
        #expect(problems[1].description == #"config:2: unknown command "colour""#)
        #expect(problems[2].description == #"config:3: unknown key name "F13""#)
        #expect(problems[3].message.hasPrefix(#"unknown context "nowhere""#))
        #expect(config.warnings.count == 1)
        #expect(config.warnings[0].contains(#"newsboat option "pager""#))
    }

    @Test("bind-key adds a key to an operation and takes it from its old one; unbind-key removes it; contexts by Gazette's or newsboat's names")
    func binding() throws {
        let (config, problems) = Config.parse("""
        bind-key x star
        unbind-key s
        bind-key ^R reload feedlist
        bind-key N toggle-article-read article
        bind-key j page-down reader
        """)
        #expect(problems.isEmpty)
        let map = config.keyMap
        #expect(map.action(for: .char("x"), in: .lists) == .toggleStar)
        #expect(map.action(for: .char("x"), in: .reader) == .toggleStar)
        #expect(map.action(for: .char("s"), in: .lists) == nil)
        #expect(map.action(for: .ctrl("r"), in: .lists) == .fetchFeeds)
        #expect(map.action(for: .ctrl("r"), in: .reader) == nil)
        #expect(map.action(for: .char("r"), in: .reader) == .fetchFeeds)
        #expect(map.action(for: .char("N"), in: .reader) == .toggleRead)
        #expect(map.action(for: .char("N"), in: .lists) == nil)
        #expect(map.action(for: .char("u"), in: .reader) == .toggleRead)
        // j pages down in the reader only; it still moves down in the lists; ↓ still scrolls a line.
        #expect(map.action(for: .char("j"), in: .reader) == .move(.pageDown))
        #expect(map.action(for: .char("j"), in: .lists) == .move(.down))
        #expect(map.action(for: .down, in: .reader) == .move(.down))
        // The standard map is untouched.
        #expect(KeyMap.standard.action(for: .char("s"), in: .lists) == .toggleStar)
    }

    @Test("The hint bar and help follow the live key map: a rebound star shows its new key")
    func liveHints() {
        var (state, _) = Fixtures.state(size: Size(width: 100, height: 30))
        state.status = nil
        let (config, _) = Config.parse("bind-key x star\nunbind-key s\n")
        let bar = Renderer.render(state, map: config.keyMap).lines.last ?? ""
        #expect(bar.contains("x star"))
        #expect(!bar.contains("s star"))
        let standard = Renderer.render(state, map: .standard).lines.last ?? ""
        #expect(standard.contains("s star"))
        let help = HelpView.lines(map: config.keyMap, lastFetch: [], width: 80)
        #expect(help.contains(.binding(keys: "x", help: "Star / unstar the article (star)")))
    }

    @Test("unbind-key -a clears a context; bind-keys newsboat gives newsboat's keys (N toggles read, R reloads)")
    func presets() {
        let (cleared, _) = Config.parse("unbind-key -a reader\nbind-key q back reader\n")
        #expect(cleared.keyMap.bindings(in: .reader).flatMap(\.keys) == [.char("q")])
        #expect(cleared.keyMap.action(for: .char("s"), in: .lists) == .toggleStar)
        let (newsboat, problems) = Config.parse("bind-keys newsboat\n")
        #expect(problems.isEmpty)
        #expect(newsboat.keyMap.action(for: .char("N"), in: .lists) == .toggleRead)
        #expect(newsboat.keyMap.action(for: .char("R"), in: .reader) == .fetchFeeds)
        #expect(newsboat.keyMap.action(for: .char("Q"), in: .reader) == .quit)
    }

    @Test("include reads a file beside the config; a file that includes itself is named, not followed for ever")
    func include() throws {
        let dir = NSTemporaryDirectory() + "gazette-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "include keys\nauto-reload yes\nreload-time 5\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        try "bind-key x star # from the included file\ninclude config\n".write(toFile: dir + "/keys", atomically: true, encoding: .utf8)
        let (config, problems) = Config.load(path: dir + "/config")
        #expect(config.keyMap.action(for: .char("x"), in: .lists) == .toggleStar)
        #expect(config.autoReload && config.reloadMinutes == 5)
        #expect(problems.map(\.description) == ["keys:2: include config includes itself"])
        #expect(Config.load(path: dir + "/missing").problems.isEmpty)
        #expect(Config.load(path: dir + "/missing", mustExist: true).problems.count == 1)
    }

    @Test("auto-reload: a reload when due on the clock, never over one still running, the next one an interval after it ends")
    func autoReload() {
        var (state, source) = Fixtures.state(size: Size(width: 100, height: 30))
        let start = state.now
        state.reloadInterval = 60
        state.nextReload = start.addingTimeInterval(60)
        #expect(Reducer.reduce(&state, .clock(start.addingTimeInterval(30))).isEmpty)
        #expect(Reducer.reduce(&state, .clock(start.addingTimeInterval(61))) == [.fetchFeeds])
        #expect(state.fetching)
        // Still fetching two intervals later: no second fetch.
        #expect(Reducer.reduce(&state, .clock(start.addingTimeInterval(200))).isEmpty)
        Fixtures.apply([.fetchFinished(summary: "Fetched 1 feed", failures: [])], to: &state, source: source)
        #expect(state.nextReload == start.addingTimeInterval(260))
        #expect(Reducer.reduce(&state, .clock(start.addingTimeInterval(259))).isEmpty)
        #expect(Reducer.reduce(&state, .clock(start.addingTimeInterval(260))) == [.fetchFeeds])
    }

    @Test("color: newsboat's elements and colour names, colorN and attributes; a wrong element, colour or attribute is named")
    func colors() {
        let (config, problems) = Config.parse("""
        color listfocus black yellow bold
        color info color250 default reverse
        color article default default italic
        color listnormal_unread cyan default
        color titel red default
        color title purple default
        color title red default sparkly
        color title red
        """)
        #expect(config.theme.rules[.listFocus] == { var r = ColorRule(foreground: 0, background: 3); r.bold = true; return r }())
        #expect(config.theme.rules[.bar]?.foreground == 250 && config.theme.rules[.bar]?.reverse == true)
        #expect(config.theme.rules[.article]?.italic == true && config.theme.rules[.article]?.setsColor == false)
        #expect(config.theme.rules[.unread]?.foreground == 6)
        #expect(config.theme.rules[.star] == Theme.standard.rules[.star])
        #expect(problems.map(\.line) == [5, 6, 7, 8])
        #expect(problems[0].message.hasPrefix("unknown element \"titel\""))
        #expect(problems[1].message.hasPrefix("unknown colour \"purple\""))
        #expect(problems[2].message.hasPrefix("unknown attribute \"sparkly\""))
    }

    @Test("The renderer tags what it draws: the focused row, unread titles, dates, the bar, the reader's title, quotes and links")
    func elements() {
        #expect(ReaderView.element(of: "> quoted") == .quote)
        #expect(ReaderView.element(of: "[12] https://example.org") == .link)
        #expect(ReaderView.element(of: "Links:") == .link)
        #expect(ReaderView.element(of: "[not a link] text") == .article)
        #expect(ReaderView.element(of: "Plain text.") == .article)
    }

    @Test("L hides read articles (the selected one stays until the list is shown again) and shows them again; O cycles the order: oldest first, title, author, folder, newest first")
    func showReadAndSort() {
        var (state, source) = Fixtures.state(size: Size(width: 100, height: 30))
        func titles() -> [String] { state.articles.map { state.index.summary(at: $0).title } }
        let all = titles()
        #expect(all.count == 7)
        // Read the first article, come back, then hide read ones: the selected (read) one stays.
        Fixtures.apply([.focusArticles, .open, .back], to: &state, source: source)
        #expect(state.read.count == 1)
        let readTitle = all[0]
        Fixtures.apply([.toggleShowRead], to: &state, source: source)
        #expect(titles() == all)
        #expect(state.status == .info("Read articles hidden (L shows them)"))
        // Another folder and back: now it is gone.
        Fixtures.apply([.focusFolders, .move(.down), .move(.up)], to: &state, source: source)
        #expect(titles() == Array(all.dropFirst()))
        #expect(!titles().contains(readTitle))
        Fixtures.apply([.toggleShowRead], to: &state, source: source)
        #expect(titles() == all)

        Fixtures.apply([.cycleSortOrder], to: &state, source: source)
        #expect(titles() == all.reversed())
        Fixtures.apply([.cycleSortOrder], to: &state, source: source)
        #expect(state.status == .info("Sorted by title"))
        let byTitle = titles()
        #expect(byTitle.map { $0.lowercased() } == byTitle.map { $0.lowercased() }.sorted())
        Fixtures.apply([.cycleSortOrder, .cycleSortOrder, .cycleSortOrder], to: &state, source: source)
        #expect(titles() == all)
    }

    @Test("show-read-articles and article-sort-order in the config; L and O are operations toggle-show-read (newsboat: toggle-show-read-feeds) and sort")
    func listConfig() {
        let (config, problems) = Config.parse("show-read-articles no\narticle-sort-order title-asc\nbind-key l toggle-show-read-feeds lists\narticle-sort-order random\n")
        #expect(!config.showReadArticles)
        #expect(config.sortOrder == .title)
        #expect(config.keyMap.action(for: .char("l"), in: .lists) == .toggleShowRead)
        #expect(problems.map(\.line) == [4])
    }

    @Test("D deletes the selected article (the next one moves under the cursor); U brings it back with its star; U then undoes nothing more")
    func deleteAndUndo() throws {
        var (state, source) = Fixtures.state(size: Size(width: 100, height: 30))
        func titles() -> [String] { state.articles.map { state.index.summary(at: $0).title } }
        let all = titles()
        Fixtures.apply([.deleteArticle], to: &state, source: source)
        #expect(titles() == all, "in the folder list, D does nothing")
        Fixtures.apply([.focusArticles], to: &state, source: source)
        let victim = state.selectedArticleID
        source.starred = [victim!]
        state.starred = [victim!]
        Fixtures.apply([.deleteArticle], to: &state, source: source)
        #expect(titles() == Array(all.dropFirst()))
        #expect(state.starred.isEmpty)
        #expect(state.status == .info("Deleted “\(all[0])”. U brings it back."))
        #expect(source.articles[victim!] == nil)
        Fixtures.apply([.undoMarkRead], to: &state, source: source)
        #expect(titles() == all)
        #expect(state.selectedArticleID == victim)
        #expect(source.articles[victim!] != nil)
        #expect(state.starred == [victim!])
        Fixtures.apply([.undoMarkRead], to: &state, source: source)
        #expect(state.status == .info("Nothing to undo."))
    }

    @Test("On the file store, a deleted feed item is remembered (a fetch does not bring it back) and U forgets that again")
    func deleteOnDisk() throws {
        let dir = NSTemporaryDirectory() + "gazette-delete-\(UUID().uuidString)"
        let store = try ArticleStore.open(at: dir)
        let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title><link>http://f.test/</link><item><title>One</title><link>http://f.test/1</link><guid>1</guid></item></channel></rss>"
        let feed = Importer.Fetched(url: "http://f.test/feed.xml", bytes: Array(xml.utf8), category: nil)
        _ = try Importer(store: store).importFetched([feed])
        let id = store.index.summary(at: 0).id
        try store.favorites.set(id, starred: true)
        let source = FileArticleSource(store: store)
        let (articles, starred) = try source.delete([id])
        #expect(store.index.count == 0 && starred == [id])
        #expect(try Importer(store: store).importFetched([feed]).imported == 0)
        try source.restore(articles, starred: starred)
        #expect(store.index.count == 1)
        #expect(try store.favorites.load() == [id])
        #expect(!store.deletedLog.load().contains(id))
    }

    @Test("datetime-format: strftime's conversions in the user's zone; unknown ones kept as written")
    func dateFormat() {
        let date = ISODate.parse("2026-03-04T17:05:09Z")!
        let utc = TimeZone(identifier: "UTC")!
        #expect(DateLabel.formatted(date, format: "%Y-%m-%d %H:%M:%S", zone: utc) == "2026-03-04 17:05:09")
        #expect(DateLabel.formatted(date, format: "%a %e %b %y, %I:%M %p (%j) %Q %%", zone: utc) == "Wed  4 Mar 26, 05:05 PM (063) %Q %")
        #expect(DateLabel.formatted(date, format: "%A %d %B %H:%M", zone: TimeZone(identifier: "Asia/Tokyo")!) == "Thursday 05 March 02:05")
        let (config, problems) = Config.parse("datetime-format \"%d.%m.%Y\"\nconfirm-mark-all-feeds-read no\n")
        #expect(problems.isEmpty && config.dateFormat == "%d.%m.%Y" && !config.confirmMarkAll)
    }

    @Test("confirm-mark-all-feeds-read no: A marks All articles read without asking")
    func noConfirm() {
        var (state, source) = Fixtures.state(size: Size(width: 100, height: 30))
        state.confirmMarkAll = false
        Fixtures.apply([.focusArticles, .markAllRead], to: &state, source: source)
        #expect(state.confirmation == nil)
        #expect(state.read.count == state.articles.count)
    }

    @Test("show-read-feeds no: folders with nothing unread leave the folder list (not the one under the cursor); L shows them again")
    func hideReadFolders() {
        var (state, source) = Fixtures.state(size: Size(width: 100, height: 30))
        // Read every article of Business.
        Fixtures.apply([.move(.down), .move(.down)], to: &state, source: source)
        #expect(state.currentFolder?.name == "Business")
        Fixtures.apply([.focusArticles, .markAllRead], to: &state, source: source)
        state.hideReadFolders = true
        state.hideReadFoldersByConfig = true
        state.rebuildFolders()
        #expect(state.folders.map(\.name).contains("Business"), "the folder under the cursor stays")
        Fixtures.apply([.focusFolders, .move(.down)], to: &state, source: source)
        state.rebuildFolders()
        #expect(!state.folders.map(\.name).contains("Business"))
        Fixtures.apply([.toggleShowRead], to: &state, source: source)
        #expect(state.folders.map(\.name).contains("Business"))
        Fixtures.apply([.toggleShowRead], to: &state, source: source)
        #expect(!state.folders.map(\.name).contains("Business"))
        #expect(Config.parse("show-read-feeds no").config.showReadFolders == false)
    }

    @Test("The folder list and the article list can be coloured apart (folders, articles); both fall back to listnormal")
    func listElements() {
        let (config, problems) = Config.parse("color listnormal white default\ncolor folders cyan default\n")
        #expect(problems.isEmpty)
        #expect(config.theme.rule(for: .folderList)?.foreground == 6)
        #expect(config.theme.rule(for: .articleList)?.foreground == 7)
        let (state, _) = Fixtures.state(size: Size(width: 100, height: 30))
        let screen = Renderer.render(state)
        let folderRow = state.layout.panes.folders.y + 3
        let articleX = state.layout.panes.articles.x + 1
        #expect(screen[2, folderRow].style.color == .folderList)
        #expect(screen[articleX, state.layout.panes.articles.y + 3].style.color == .articleList)
    }

    @Test("Lists that mix folders (All articles, Favorites, a search) name each article's folder in a column when wide enough; a folder's own list and narrow panes do not")
    func folderColumn() {
        var (wide, source) = Fixtures.state(size: Size(width: 120, height: 30))
        let rows = Renderer.render(wide).lines
        let business = Fixtures.articles.first { $0.category == "Business" }!.title
        #expect(rows.contains { $0.contains(String(business.prefix(20))) && $0.contains("Business") })
        Fixtures.apply([.move(.down), .move(.down)], to: &wide, source: source)
        #expect(wide.currentFolder?.name == "Business")
        #expect(!Renderer.render(wide).lines.dropFirst().contains { $0.contains("│") && $0.hasSuffix("Business") })
        let (narrow, _) = Fixtures.state(size: Size(width: 80, height: 24))
        let articlePane = Renderer.render(narrow).lines.dropFirst().compactMap { $0.split(separator: "│", maxSplits: 1).last.map(String.init) }
        #expect(articlePane.contains { $0.contains(String(business.prefix(10))) })
        #expect(!articlePane.contains { $0.contains("Business") })
    }

    @Test("query-folder keeps saved searches (the last of a name wins); a wrong one is named")
    func queryFolders() {
        let (config, problems) = Config.parse(#"""
        query-folder "Unread tech" "is:unread folder:tech"
        query-folder "Unread tech" "is:unread folder:science"
        query-folder "Golf" "golf -trump"
        query-folder "Nothing" "!!!"
        query-folder "Bad date" "after:someday"
        query-folder "Alone"
        """#, name: "config")
        #expect(config.queryFolders == [SavedSearch(name: "Unread tech", query: "is:unread folder:science"), SavedSearch(name: "Golf", query: "golf -trump")])
        #expect(problems.map(\.message) == [#"query-folder "Nothing": "!!!" searches for nothing"#,
                                           #"query-folder "Bad date": after: takes a date like 2026-11-01, not "someday""#,
                                           #"query-folder takes a name and a search, each quoted: query-folder "Unread tech" "is:unread folder:tech""#])
    }

    @Test("ignore-article: a search, or newsboat's expression where it means the same; what cannot be read the same, or would catch everything, is named")
    func ignoreArticle() {
        let (config, problems) = Config.parse(#"""
        ignore-article * "title:sponsored"
        ignore-article "https://a.example/feed.xml" "title =~ \"Podcast\" and unread = \"yes\""
        ignore-article * "title =~ \"^Ad\""
        ignore-article * "is:unread"
        ignore-article *
        """#, name: "config")
        #expect(config.ignoreRules == [IgnoreRule(feed: nil, query: "title:sponsored"),
                                       IgnoreRule(feed: "https://a.example/feed.xml", query: "title:Podcast is:unread")])
        #expect(problems.count == 3)
        #expect(problems[0].message.contains("newsboat expression Gazette cannot read the same"))
        #expect(problems[1].message.contains("would catch every article"))
        #expect(problems[2].message.hasPrefix("ignore-article takes"))
        #expect(config.warnings.isEmpty)
    }
}
