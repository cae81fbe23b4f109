import Foundation
import GazetteCore

/// How a list selection or the reader moves.
public enum Movement: Equatable, Sendable {
    case up, down, pageUp, pageDown, first, last
}

/// What the user means, and what effects report back. Keys live only in the `KeyMap`.
public enum Action: Equatable, Sendable {
    case move(Movement)
    case focusArticles
    case focusFolders
    case toggleFocus
    /// Enter: open the folder (focus its articles) or the article (full-screen).
    case open
    /// Leave the reader or the help screen.
    case back
    case toggleStar
    /// u: mark the selected or open article read, or unread again.
    case toggleRead
    /// n: the next unread article (selected in the lists, opened in the reader).
    case nextUnread
    /// A: mark every article in the list read.
    case markAllRead
    /// o: open the selected or open article's link in a browser.
    case openLink
    /// What became of it, for the bar.
    case linkOpened(done: Bool, message: String)
    /// r: fetch every listed feed in the background.
    case fetchFeeds
    /// How far a background fetch is: feeds done of all.
    case fetchProgress(done: Int, total: Int)
    /// How far the account's sync is ("Syncing alice@host: 500 items…").
    case syncProgress(String)
    case fetchFinished(summary: String, failures: [String])
    /// f in the reader: fetch the open article's web page and keep its full text.
    case fetchFullText
    /// The page was fetched and the text saved (`done`), or why not.
    case fullTextFinished(ArticleID, done: Bool, message: String)
    case showHelp
    /// /: start typing a search (titles and authors) in the bottom bar.
    case startSearch
    /// A character typed into the search.
    case searchType(Character)
    /// Backspace in the search: the last character, or the search when it is empty.
    case searchDelete
    /// Tab while typing a search: every folder, or the folder under the cursor only.
    case searchToggleScope
    /// Ctrl-O while typing a search: best matches first, or newest first.
    case searchToggleOrder
    /// Ctrl-K while typing a search: keep it as a folder (a prompt asks its name).
    case saveSearch
    /// The full-text index's answers for saved searches (nil: it cannot answer yet).
    case savedSearchResults([String: [Int]])
    /// Typing paused (or Enter): ask the full-text index for the query as it now is.
    case runPendingSearch
    /// The full-text index's answer to a query (index positions), nil when it cannot answer.
    case searchResults(query: String, positions: [Int]?, ranked: Bool = false)
    /// How far building the full-text index is; `done == total`: ready.
    case searchIndexProgress(done: Int, total: Int)
    /// Enter: keep the search and go to the matching articles.
    case searchDone
    /// Esc: no search; every article again.
    case clearSearch
    /// q: leaves the reader or help, quits from the lists.
    case quitOrBack
    case quit
    /// The answer to a y/n question in the bar.
    case confirm(Bool)
    /// U: the last mark-read of several articles, undone.
    case undoMarkRead
    /// y: copy the selected or open article's link.
    case copyLink
    /// A click, double click or wheel turn (`mouse yes`).
    case mouse(MouseEvent)
    /// D: delete the selected article (U brings it back while the reader runs).
    case deleteArticle
    /// Deleted (with the index as now on disk), or why not.
    case articlesDeleted([Article], starred: Set<ArticleID>, index: StoreIndex)
    case deleteFailed(message: String)
    /// Brought back by U.
    case articlesRestored([ArticleID], starred: Set<ArticleID>, index: StoreIndex)
    /// Show or hide read articles in the lists (`show-read-articles`).
    case toggleShowRead
    /// The next sort order of the article list (`article-sort-order`).
    case cycleSortOrder
    /// A digit typed in the reader: the number of a link to open ([3] in the text).
    case linkDigit(Int)
    /// Enter after a link number: open it.
    case openLinkNumber
    /// Esc (or any other key) while a link number is typed.
    case cancelLinkNumber
    /// ] / [ in the reader: the next / previous searched word.
    case jumpToMatch(forward: Bool)
    /// Space on a folder of feeds: hide or show its feeds.
    case toggleFolder
    /// v: the links view of the open or selected article.
    case showLinks
    /// d in the links view: download the selected link into the downloads folder.
    case download
    /// w: save the open or selected article as a file (a prompt proposes its name).
    case saveArticle
    /// |: give the article as text to a command (a prompt asks which).
    case pipeArticle
    /// Typing in the bar's prompt.
    case promptType(Character)
    case promptDelete
    case promptClear
    case promptDone
    case promptCancel
    /// The file exists: ask before replacing it.
    case saveExists(ArticleID, path: String)
    /// Saved (or why not), for the bar.
    case saved(done: Bool, message: String)
    /// How far a download is (bytes received, of the size when known).
    case downloadProgress(name: String, received: Int, total: Int?)
    /// A download ended: saved (where), or why not.
    case downloadFinished(name: String, done: Bool, message: String)
    /// An article loaded for the lists (links, save, pipe).
    case articleReady(Article, ArticlePurpose)
    case resize(Size)
    case clock(Date)

    // Results of effects.
    case articleLoaded(Article)
    case articleFailed(ArticleID, message: String)
    case starSaved(ArticleID, starred: Bool, all: Set<ArticleID>)
    case starFailed(ArticleID, message: String)
    /// Another process holds the store: the star is kept and tried again.
    case starWaiting(ArticleID, starred: Bool, holder: String?)
    /// The loop's wake-up while stars wait for the store.
    case retryPendingStars
    case storeChanged(StoreIndex)
    case favoritesChanged(Set<ArticleID>)
    case favoritesFailed(message: String)
    case readSaved([ArticleID], read: Bool)
    case readFailed(message: String)
    /// Another process changed the read marks.
    case readChanged(Set<ArticleID>)
}

/// I/O the reducer asks for; the `EffectRunner` performs it and answers with actions.
public enum Effect: Equatable, Sendable {
    case loadArticle(ArticleID)
    case setStar(ArticleID, starred: Bool)
    case setRead([ArticleID], read: Bool)
    case deleteArticles([ArticleID])
    /// Undo of a deletion: the articles written back, their stars set again.
    case restoreArticles([Article], starred: Set<ArticleID>)
    /// Hands the terminal to a browser for the article's link (the app runs it).
    case openLink(ArticleID)
    /// Opens one of the article's numbered links the same way.
    case openURL(String)
    /// Puts the article's link on the clipboard (the app does it: it owns the terminal).
    case copyLink(ArticleID)
    /// Puts a link on the clipboard.
    case copy(String)
    /// Starts the player (`player`, else xdg-open) on an attachment, detached.
    case play(String)
    /// Downloads a link into the downloads folder in the background.
    case download(String)
    /// Writes the article as text (Markdown when the name ends in .md).
    case saveArticle(ArticleID, path: String, overwrite: Bool)
    /// Hands the terminal to a command reading the article as text (the app runs it).
    case pipeArticle(ArticleID, command: String)
    /// Asks the full-text index for each saved search (answers with `.savedSearchResults`).
    case runSavedSearches([SavedSearch])
    /// Keeps a search as a folder: a `query-folder` line added to the config file.
    case keepSearch(SavedSearch)
    /// Asks the full-text index (answers with `.searchResults`).
    case search(query: String, bestFirst: Bool)
    /// Loads an article for the lists' links view, save or pipe.
    case loadArticleFor(ArticleID, ArticlePurpose)
    /// Runs in the background; answers with `.fetchFinished` later.
    case fetchFeeds
    /// Runs in the background; answers with `.fullTextFinished` later.
    case fetchFullText(ArticleID)
    case quit

    /// Slow effects (network) that run off the loop and answer later.
    public var runsInBackground: Bool {
        switch self {
        case .fetchFeeds, .fetchFullText, .download: true
        default: false
        }
    }
}
