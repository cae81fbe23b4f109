import Foundation
import GazetteCore

/// The links view (`v`): an article's own link, its references, images and attachments in a
/// list; Enter opens one (a web link in the browser, an attachment in the player), `y`
/// copies it, `d` downloads it into the downloads folder.
public struct LinksState: Equatable, Sendable {
    public var articleID: ArticleID
    public var title: String
    public var items: [ArticleLink]
    public var cursor = ListCursor()
    /// Where `q` goes back to.
    public var returnMode: Mode
}

/// Why an article is being loaded for the lists (the reader has it already).
public enum ArticlePurpose: Equatable, Sendable {
    case links, save, pipe
}

extension Reducer {
    static func showLinks(_ state: inout AppState) -> [Effect] {
        switch state.mode {
        case .reader:
            guard let article = state.reader?.article else { return [] }
            openLinks(&state, article: article)
        case .lists:
            guard state.focus == .articles, let id = state.selectedArticleID else {
                state.status = .info("Select an article to see its links (→ moves to the articles)")
                return []
            }
            return [.loadArticleFor(id, .links)]
        default:
            break
        }
        return []
    }

    static func openLinks(_ state: inout AppState, article: Article) {
        let items = article.links
        guard !items.isEmpty else {
            state.status = .info("This article has no links.")
            return
        }
        state.links = LinksState(articleID: article.id, title: article.title, items: items, returnMode: state.mode)
        state.mode = .links
    }

    /// An article loaded for the lists' `v`, `w` or `|`.
    static func articleReady(_ state: inout AppState, _ article: Article, _ purpose: ArticlePurpose) -> [Effect] {
        guard state.mode == .lists || state.mode == .reader else { return [] }
        switch purpose {
        case .links: openLinks(&state, article: article)
        case .save, .pipe: startPrompt(&state, article: article, purpose: purpose)
        }
        return []
    }

    static func linksAction(_ state: inout AppState, _ action: Action) -> [Effect] {
        guard state.mode == .links, var links = state.links else { return [] }
        let rows = state.layout.body.height - 2
        switch action {
        case .move(let movement):
            links.cursor.move(movement, count: links.items.count, visible: rows)
            state.links = links
            return []
        case .back, .quitOrBack:
            state.mode = links.returnMode
            state.links = nil
            return []
        default:
            break
        }
        guard links.items.indices.contains(links.cursor.selected) else { return [] }
        let item = links.items[links.cursor.selected]
        switch action {
        case .open:
            return [item.kind == .attachment ? .play(item.url) : .openURL(item.url)]
        case .copyLink:
            return [.copy(item.url)]
        case .download:
            guard Browser.webAddress(item.url) != nil else {
                state.status = .error("Not downloading \(item.url): only web links (http, https).")
                return []
            }
            state.status = .info("Downloading \(item.url)…")
            return [.download(item.url)]
        default:
            return []
        }
    }
}
