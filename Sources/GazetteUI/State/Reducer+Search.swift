import Foundation
import GazetteCore

/// `/`: searching every article's title, author, feed, folder and text as you type. Each key
/// filters titles and authors at once; when typing pauses (120 ms) or on Enter the
/// full-text index answers for the whole query (titles and authors only while it is built).
extension Reducer {
    static func search(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .startSearch:
            guard state.mode == .lists else { return [] }
            if state.search == nil { state.search = Search(query: "", editing: true) } else { state.search?.editing = true }
            // One pane at a time: show the articles the search narrows.
            if !state.layout.twoPanes { state.focus = .articles }
            if let building = state.searchIndexBuilding {
                state.status = .info("Building the search index (\(percent(building))): titles and authors only meanwhile")
            }
        case .searchType(let character):
            guard state.search?.editing == true else { return [] }
            state.search?.query.append(character)
            return queryChanged(&state, narrowing: true)
        case .searchDelete:
            guard var search = state.search, search.editing else { return [] }
            if search.query.isEmpty {
                state.search = nil
            } else {
                search.query.removeLast()
                state.search = search
            }
            return queryChanged(&state)
        case .searchToggleScope:
            guard state.search?.editing == true else { return [] }
            state.search?.allFolders.toggle()
            let folder = state.currentFolder?.name ?? "this folder"
            state.status = .info(state.search?.allFolders == true ? "Searching every folder (Tab: \(folder) only)" : "Searching \(folder) only (Tab: every folder)")
            refilter(&state)
        case .searchToggleOrder:
            guard state.search?.editing == true else { return [] }
            state.search?.bestFirst.toggle()
            state.status = .info(state.search?.bestFirst == true ? "Best matches first (Ctrl-O: newest first)" : "Newest first (Ctrl-O: best matches first)")
            return queryChanged(&state)
        case .searchResults(let query, let positions, let ranked):
            // No answer: the index is gone (it is being built again); titles meanwhile.
            if positions == nil { state.searchIndexReady = false }
            guard var search = state.search, state.activeQuery == query else { return [] }
            search.results = positions.map { SearchQuery(query).filtered($0, in: state.index, read: state.read, starred: state.starred) }
            search.resultsQuery = positions == nil ? nil : query
            search.resultsRanked = ranked
            state.search = search
            refilter(&state)
        case .searchIndexProgress(let done, let total):
            if done >= total {
                let wasReady = state.searchIndexReady
                state.searchIndexBuilding = nil
                state.searchIndexReady = true
                if state.status?.isSearchIndexProgress == true { state.status = nil }
                // Saved searches and a search typed meanwhile get the full answer now. When
                // the index was ready (it caught up with articles written elsewhere) the
                // answer on screen stays until the new one comes, rather than falling back
                // to titles for a moment.
                if wasReady, let query = state.activeQuery, let search = state.search, search.results != nil {
                    return refreshSavedSearches(state) + [.search(query: query, bestFirst: search.bestFirst)]
                }
                return refreshSavedSearches(state) + (state.activeQuery != nil ? queryChanged(&state) : [])
            } else {
                state.searchIndexBuilding = AppState.Progress(done: done, total: total)
                if state.status == nil || state.status?.isSearchIndexProgress == true {
                    state.status = .info("Building the search index: \(done)/\(total)")
                }
            }
        case .runPendingSearch:
            guard state.search?.pending == true else { return [] }
            state.search?.pending = false
            guard let query = state.activeQuery, let search = state.search, state.searchIndexReady else { return [] }
            return [.search(query: query, bestFirst: search.bestFirst)]
        case .searchDone:
            guard state.search?.editing == true else { return [] }
            if let query = state.activeQuery {
                // Enter does not wait for the pause.
                var effects: [Effect] = []
                if state.search?.pending == true, state.searchIndexReady, let search = state.search {
                    state.search?.pending = false
                    effects = [.search(query: query, bestFirst: search.bestFirst)]
                }
                state.search?.editing = false
                state.focus = .articles
                if effects.isEmpty, state.articles.isEmpty { state.status = .info("No articles match “\(query)”. Esc clears the search.") }
                return effects
            } else {
                state.search = nil
            }
        case .clearSearch:
            guard state.search != nil else { return [] }
            state.search = nil
            refilter(&state)
        default:
            break
        }
        return []
    }

    /// The query changed: ask the full-text index when it is ready (its answer arrives as
    /// `.searchResults` before the next frame); titles and authors are filtered meanwhile.
    static func queryChanged(_ state: inout AppState, narrowing: Bool = false) -> [Effect] {
        guard state.activeQuery != nil, let search = state.search else {
            refilter(&state)
            return []
        }
        // Titles and authors at once (a few milliseconds); the full text at the pause.
        state.search?.results = nil
        state.search?.pending = state.searchIndexReady
        refilter(&state, narrowing: narrowing && search.results == nil)
        return []
    }

    /// `]` / `[` in the reader: the next (previous) line holding a searched word, a line
    /// below the top so it is not hidden under where the eye is.
    static func jumpToMatch(_ state: inout AppState, forward: Bool) {
        guard state.mode == .reader, var reader = state.reader else { return }
        guard !reader.matchLines.isEmpty else {
            state.status = .info(reader.highlight.isEmpty ? "No search words to jump to (open an article from a search)." : "The searched words are not in this article's text.")
            return
        }
        let rows = state.layout.readerRows
        let count = reader.matchLines.count
        let next: Int
        if let current = reader.currentMatch, current < count {
            next = (current + (forward ? 1 : count - 1)) % count
        } else {
            // The first one below (above) the top of the view.
            let at = reader.top
            next = forward ? reader.matchLines.firstIndex { $0 >= at } ?? 0 : reader.matchLines.lastIndex { $0 < at } ?? count - 1
        }
        reader.currentMatch = next
        // A line under the top, so the eye finds it; as far as the article scrolls.
        reader.scroll(to: reader.matchLines[next] - 1, visible: rows)
        state.status = .info("Match \(next + 1) of \(count)")
        state.reader = reader
    }

    static func percent(_ p: AppState.Progress) -> String {
        p.total > 0 ? "\(p.done * 100 / p.total)%" : "0%"
    }
}

extension Status {
    var isSearchIndexProgress: Bool {
        if case .info(let text) = self { return text.hasPrefix("Building the search index") }
        return false
    }
}
