import Foundation
import GazetteCore

/// The only place state changes. Pure: returns the I/O it needs as effects.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        // A message stays until the next thing the user does.
        switch action {
        case .clock, .storeChanged, .favoritesChanged, .articleLoaded, .starSaved, .starFailed, .articleFailed, .favoritesFailed,
             .fetchFinished, .fetchProgress, .syncProgress, .fullTextFinished, .readSaved, .readFailed, .readChanged, .linkOpened,
             .starWaiting, .retryPendingStars, .articlesDeleted, .deleteFailed, .articlesRestored, .downloadProgress, .downloadFinished,
             .articleReady, .saveExists, .saved, .searchResults, .searchIndexProgress, .runPendingSearch, .savedSearchResults:
            break
        default:
            if state.mode != .reader || state.reader?.error == nil { state.status = nil }
            // Stars waiting for the store stay in the bar until they are saved.
            if !state.pendingStars.isEmpty { state.status = waitingStatus(state) }
        }

        // The links view takes its own keys.
        if state.mode == .links {
            switch action {
            case .move, .back, .quitOrBack, .open, .copyLink, .download: return linksAction(&state, action)
            default: break
            }
        }

        switch action {
        case .toggleFolder:
            toggleFolder(&state)
        case .saveSearch, .savedSearchResults:
            return savedSearches(&state, action)
        case .jumpToMatch(let forward):
            jumpToMatch(&state, forward: forward)
        case .showLinks:
            return showLinks(&state)
        case .saveArticle:
            return saveOrPipe(&state, .save)
        case .pipeArticle:
            return saveOrPipe(&state, .pipe)
        case .promptType, .promptDelete, .promptClear, .promptDone, .promptCancel:
            return promptAction(&state, action)
        case .saveExists, .saved:
            return saveResult(&state, action)
        case .download:
            return []
        case .downloadProgress(let name, let received, let total):
            state.downloads.insert(name)
            if state.status == nil || state.status?.isFetchProgress == true {
                let size = total.map { " of \(Importer.byteCount($0))" } ?? ""
                let percent = total.flatMap { $0 > 0 ? " \(min(100, received * 100 / $0))%" : nil } ?? ""
                state.status = .info("Downloading \(name):\(percent) \(Importer.byteCount(received))\(size)")
            }
        case .downloadFinished(let name, let done, let message):
            state.downloads.remove(name)
            state.status = done ? .info(message) : .error(message)
        case .articleReady(let article, let purpose):
            return articleReady(&state, article, purpose)
        case .move(let movement):
            move(&state, movement)
        case .focusArticles:
            if state.mode == .lists { state.focus = .articles }
        case .focusFolders:
            if state.mode == .lists { rememberSelection(&state); state.focus = .folders }
        case .toggleFocus:
            if state.mode == .lists {
                if state.focus == .articles { rememberSelection(&state) }
                state.focus = state.focus == .folders ? .articles : .folders
            }
        case .open:
            return open(&state)
        case .back:
            back(&state)
        case .quitOrBack:
            // One level at a time: reader -> list, article list -> folder list, folders -> quit.
            if state.mode == .lists {
                guard state.focus == .articles else { return quit(&state) }
                rememberSelection(&state)
                state.focus = .folders
                return []
            }
            back(&state)
        case .quit:
            return quit(&state)
        case .showHelp:
            if state.mode != .help {
                state.modeBeforeHelp = state.mode
                state.mode = .help
                state.helpTop = 0
            }
        case .toggleRead:
            guard let id = targetArticle(state) else {
                if state.mode == .lists, state.focus == .folders {
                    state.status = .info("Select an article to mark it (→ moves to the articles)")
                }
                return []
            }
            return [.setRead([id], read: !state.read.contains(id))]
        case .markAllRead:
            return markAllRead(&state)
        case .confirm(let yes):
            return confirm(&state, yes)
        case .undoMarkRead:
            return undoMarkRead(&state)
        case .toggleShowRead, .cycleSortOrder:
            return listOptions(&state, action)
        case .deleteArticle, .articlesDeleted, .deleteFailed, .articlesRestored:
            return deletion(&state, action)
        case .mouse(let event):
            return mouse(&state, event)
        case .linkDigit(let digit):
            return linkDigit(&state, digit)
        case .openLinkNumber:
            return openLinkNumber(&state)
        case .cancelLinkNumber:
            cancelLinkNumber(&state)
        case .nextUnread:
            return nextUnread(&state)
        case .openLink:
            guard let id = targetArticle(state) else {
                if state.mode == .lists, state.focus == .folders {
                    state.status = .info("Select an article to open its link (→ moves to the articles)")
                }
                return []
            }
            return [.openLink(id)]
        case .copyLink:
            guard let id = targetArticle(state) else {
                if state.mode == .lists, state.focus == .folders { state.status = .info("Select an article to copy its link.") }
                return []
            }
            return [.copyLink(id)]
        case .linkOpened(let done, let message):
            state.status = done ? .info(message) : .error(message)
        case .readSaved(let ids, let read):
            let changed = ids.filter { state.read.contains($0) != read }
            if read { state.read.formUnion(ids) } else { state.read.subtract(ids) }
            if changed.count <= 10 {
                // A few articles (the usual one just opened): adjust the counts they are in.
                for id in changed { state.countUnread(id, by: read ? -1 : 1) }
            } else {
                state.rebuildFolders()
            }
            if state.undoing {
                state.undoing = false
                state.status = .info("Marked \(ids.count) articles unread again.")
            } else if ids.count > 1, read {
                state.undoableMarkRead = changed.isEmpty ? nil : changed
                state.status = .info("Marked \(ids.count) articles read. U undoes.")
            } else if ids.count > 1 {
                state.status = .info("Marked \(ids.count) articles unread.")
            }
            else if ids.count == 1, state.mode == .lists || !read, let id = ids.first, let p = state.index.position(of: id) {
                state.status = .info((read ? "Read: " : "Unread: ") + state.index.summary(at: p).title)
            }
        case .readFailed(let message):
            // Once a session: on a read-only store every article opened would say it again.
            if !state.readMarksFailed { state.status = .error("Read marks not saved: \(message)") }
            state.readMarksFailed = true
        case .readChanged(let ids):
            state.read = ids
            state.rebuildFolders()
        case .startSearch, .searchType, .searchDelete, .searchDone, .clearSearch, .searchToggleScope, .searchToggleOrder,
             .searchResults, .searchIndexProgress, .runPendingSearch:
            return search(&state, action)
        case .toggleStar:
            guard let id = targetArticle(state) else {
                if state.mode == .lists, state.focus == .folders {
                    state.status = .info("Select an article to star it (→ moves to the articles)")
                }
                return []
            }
            // The star shows only once it is on disk: see .starSaved.
            let wanted = !(state.pendingStars[id] ?? state.starred.contains(id))
            guard state.pendingStars.isEmpty else {
                // Waiting for the store: this one waits too, in order.
                state.pendingStars[id] = wanted
                state.status = waitingStatus(state)
                return []
            }
            return [.setStar(id, starred: wanted)]
        case .starWaiting(let id, let starred, let holder):
            state.pendingStars[id] = starred
            state.storeHeldBy = holder ?? state.storeHeldBy
            state.status = waitingStatus(state)
        case .retryPendingStars:
            return state.pendingStars.sorted { $0.key < $1.key }.map { .setStar($0.key, starred: $0.value) }
        case .fetchFeeds:
            guard !state.fetching else {
                state.status = .info("Already fetching feeds…")
                return []
            }
            state.fetching = true
            state.status = .info("Fetching feeds…")
            return [.fetchFeeds]
        case .fetchFullText:
            guard state.mode == .reader, let reader = state.reader, let article = reader.article else { return [] }
            guard state.fetchingFullText == nil else {
                state.status = .info("Already fetching a full text…")
                return []
            }
            guard let url = article.url, let host = URL(string: url)?.host else {
                state.status = .info("This article has no link to fetch its full text from.")
                return []
            }
            state.fetchingFullText = article.id
            state.status = .info("Fetching the full text from \(host)…")
            return [.fetchFullText(article.id)]
        case .fullTextFinished(let id, let done, let message):
            state.fetchingFullText = nil
            state.status = done ? .info(message) : .error(message)
            // The open article shows its new text at once; the lists pick it up from the index.
            if done, state.reader?.articleID == id { return [.loadArticle(id)] }
        case .fetchProgress(let done, let total):
            // Never over another message (a star that failed to save).
            if state.fetching, state.status == nil || state.status?.isFetchProgress == true {
                state.status = .info("Fetching feeds… \(done)/\(total)")
            }
        case .syncProgress(let text):
            if state.fetching, state.status == nil || state.status?.isFetchProgress == true {
                state.status = .info(text)
            }
        case .fetchFinished(let summary, let failures):
            state.fetching = false
            if let interval = state.reloadInterval { state.nextReload = state.now.addingTimeInterval(interval) }
            state.lastFetch = [summary] + failures
            // The bar holds one line; help (?) lists every failure with its reason.
            let more = failures.count > 1 ? " (+\(failures.count - 1) more)" : ""
            state.status = failures.isEmpty ? .info(summary) : .error("\(summary) ? shows why: \(failures[0])\(more)")
        case .resize(let size):
            state.size = size
            relayout(&state)
        case .clock(let now):
            state.now = now
            // auto-reload: due, and never over a fetch that is still running.
            if let interval = state.reloadInterval, !state.fetching {
                guard let due = state.nextReload else {
                    state.nextReload = now.addingTimeInterval(interval)
                    return []
                }
                if now >= due {
                    state.nextReload = now.addingTimeInterval(interval)
                    state.fetching = true
                    if state.status == nil { state.status = .info("Reloading…") }
                    return [.fetchFeeds]
                }
            }

        case .articleLoaded(let article):
            guard var reader = state.reader, reader.articleID == article.id else { return [] }
            reader.article = article
            reader.error = nil
            reader.title = article.title
            reader.layOut(width: state.layout.readerColumn.width, now: state.now, zone: state.timeZone)
            reader.scroll(to: reader.top, visible: state.layout.readerRows)
            state.reader = reader
        case .articleFailed(let id, let message):
            guard state.reader?.articleID == id else { return [] }
            state.reader?.error = message
            state.status = .error(message)
        case .starSaved(let id, let starred, let all):
            if state.pendingStars[id] == starred { state.pendingStars[id] = nil }
            state.starred = all
            let keep = state.selectedArticleID
            state.rebuildFolders()
            if state.currentFolder?.kind == .favorites {
                state.showFolderUnderCursor(keeping: keep)
            }
            let title = state.index.position(of: id).map { state.index.summary(at: $0).title } ?? id.description
            state.status = .info(starred ? "★ Starred: \(title)" : "Unstarred: \(title)")
            if state.pendingStars.isEmpty, state.quitWhenSaved { return quit(&state) }
            if !state.pendingStars.isEmpty { state.status = waitingStatus(state) }
        case .starFailed(let id, let message):
            state.pendingStars[id] = nil
            state.status = .error("Star not saved: \(message)")
        case .storeChanged(let index):
            let keep = state.selectedArticleID
            let before = state.index.count
            state.index = index
            state.rebuildFolders()
            state.showFolderUnderCursor(keeping: keep)
            let added = index.count - before
            if added > 0, !state.fetching, state.status == nil { state.status = .info("\(added) new article\(added == 1 ? "" : "s")") }
            // Saved searches' answers moved with the index.
            return refreshSavedSearches(state)
        case .favoritesChanged(let ids):
            guard ids != state.starred else { return [] }
            let keep = state.selectedArticleID
            state.starred = ids
            state.rebuildFolders()
            if state.currentFolder?.kind == .favorites { state.showFolderUnderCursor(keeping: keep) }
        case .favoritesFailed(let message):
            state.status = .error(message)
        }
        return []
    }

    /// Space in the folder list: a folder of feeds hides or shows its feeds (on a feed, its
    /// folder closes and the cursor goes to it).
    static func toggleFolder(_ state: inout AppState) {
        guard state.mode == .lists, state.focus == .folders, let folder = state.currentFolder else { return }
        let slug: String
        switch folder.kind {
        case .category(let s) where folder.feeds > 0: slug = s
        case .feed(let s, _): slug = s
        default:
            state.status = .info("Space opens and closes a folder of feeds; this one has none.")
            return
        }
        if state.collapsedFolders.contains(slug) { state.collapsedFolders.remove(slug) } else { state.collapsedFolders.insert(slug) }
        // The cursor stays on the folder (a feed's row may be gone).
        if let i = state.folders.firstIndex(where: { $0.kind == .category(slug: slug) }) {
            state.folderCursor.select(i, count: state.folders.count, visible: state.layout.folderRows)
        }
        state.rebuildFolders()
        state.showFolderUnderCursor()
    }

    private static func move(_ state: inout AppState, _ movement: Movement) {
        let layout = state.layout
        switch state.mode {
        case .lists:
            if state.focus == .folders {
                let before = state.folderCursor.selected
                rememberSelection(&state)
                state.folderCursor.move(movement, count: state.folders.count, visible: layout.folderRows)
                if state.folderCursor.selected != before { state.showFolderUnderCursor() }
            } else {
                state.articleCursor.move(movement, count: state.articles.count, visible: layout.articleRows)
            }
        case .reader:
            guard var reader = state.reader else { return }
            let rows = layout.readerRows
            let page = max(1, rows - 2)
            switch movement {
            case .up: reader.scroll(to: reader.top - 1, visible: rows)
            case .down: reader.scroll(to: reader.top + 1, visible: rows)
            case .pageUp: reader.scroll(to: reader.top - page, visible: rows)
            case .pageDown: reader.scroll(to: reader.top + page, visible: rows)
            case .first: reader.scroll(to: 0, visible: rows)
            case .last: reader.scroll(to: reader.lines.count, visible: rows)
            }
            state.reader = reader
        case .links:
            break  // linksAction moves its cursor
        case .help:
            let total = HelpView.lineCount(state, map: .standard)
            let rows = layout.body.height
            switch movement {
            case .up, .pageUp: state.helpTop -= movement == .up ? 1 : max(1, rows - 1)
            case .down, .pageDown: state.helpTop += movement == .down ? 1 : max(1, rows - 1)
            case .first: state.helpTop = 0
            case .last: state.helpTop = total
            }
            state.helpTop = min(max(0, state.helpTop), max(0, total - rows))
        }
    }

    static func open(_ state: inout AppState) -> [Effect] {
        guard state.mode == .lists else { return [] }
        if state.focus == .folders {
            state.focus = .articles
            return []
        }
        guard let id = state.selectedArticleID else { return [] }
        let title = state.index.summary(at: state.articles[state.articleCursor.selected]).title
        rememberSelection(&state)
        state.reader = ReaderState(articleID: id, title: title)
        // Opened from a search: its words are marked, ] and [ go from one to the next.
        if let query = state.activeQuery { state.reader?.highlight = Highlighter.words(of: query) }
        state.mode = .reader
        // Opening an article reads it (silently: the list shows it, the bar need not).
        return state.read.contains(id) ? [.loadArticle(id)] : [.loadArticle(id), .setRead([id], read: true)]
    }

    /// The article s and u act on: the open one, or the one selected in the article list.
    private static func targetArticle(_ state: AppState) -> ArticleID? {
        switch state.mode {
        case .reader: state.reader?.articleID
        case .lists: state.focus == .articles ? state.selectedArticleID : nil
        case .help, .links: nil
        }
    }

    /// n: the next unread article after the selected (or open) one in the list, wrapping
    /// once to the top; selected in the lists, opened in the reader.
    private static func back(_ state: inout AppState) {
        switch state.mode {
        case .help:
            state.mode = state.modeBeforeHelp
        case .reader:
            state.mode = .lists
            state.focus = .articles
            // Same selection as before (the list may have changed meanwhile).
            if let id = state.reader?.articleID, let row = state.articles.firstIndex(where: { state.index.entries[$0].id == id }) {
                state.articleCursor.select(row, count: state.articles.count, visible: state.layout.articleRows)
            }
            state.reader = nil
            state.status = nil
        case .links:
            state.mode = state.links?.returnMode ?? .lists
            state.links = nil
        case .lists:
            break
        }
    }

    /// The article list again after the search changed: the selected article stays selected
    /// while it matches, else the first match is. `narrowing`: the query only grew, so it
    /// matches a subset of the list shown, which is filtered instead of the whole folder.
    static func refilter(_ state: inout AppState, narrowing: Bool = false) {
        let keep = state.selectedArticleID
        if narrowing, let query = state.activeQuery {
            state.articles = state.index.positions(state.articles, matching: query)
        } else {
            state.showFolderUnderCursor(keeping: keep)
        }
        if let keep, let row = state.articles.firstIndex(where: { state.index.entries[$0].id == keep }) {
            state.articleCursor.select(row, count: state.articles.count, visible: state.layout.articleRows)
        } else {
            state.articleCursor = ListCursor()
            state.articleCursor.clamp(count: state.articles.count, visible: state.layout.articleRows)
        }
    }

    static func rememberSelection(_ state: inout AppState) {
        if let folder = state.currentFolder, let id = state.selectedArticleID {
            state.rememberedSelection[folder.kind] = id
        }
    }

    /// After a resize: keep cursors valid and re-wrap the reader at its anchor.
    private static func relayout(_ state: inout AppState) {
        let layout = state.layout
        state.folderCursor.clamp(count: state.folders.count, visible: layout.folderRows)
        state.articleCursor.clamp(count: state.articles.count, visible: layout.articleRows)
        if var reader = state.reader, reader.article != nil {
            let width = layout.readerColumn.width
            if width != reader.wrapWidth { reader.layOut(width: width, now: state.now, zone: state.timeZone) }
            let anchor = reader.anchor
            reader.scroll(to: reader.top, visible: layout.readerRows)
            reader.anchor = anchor  // clamping at the end must not move the remembered place
            state.reader = reader
        }
        let total = HelpView.lineCount(state, map: .standard)
        state.helpTop = min(state.helpTop, max(0, total - layout.body.height))
    }
}
