import Foundation
import GazetteCore

/// A search kept as a folder (`query-folder "NAME" "QUERY"` in the config, or Ctrl-K while
/// typing a search).
public struct SavedSearch: Equatable, Sendable {
    public var name: String
    public var query: String
    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }

    /// The config line that keeps it: `query-folder "NAME" "QUERY"`.
    public var configLine: String { "query-folder " + Config.quoted(name) + " " + Config.quoted(query) }
}

/// Saved searches as folders: their articles come from the full-text index (titles and
/// authors until it is ready) and are asked again when the store changes; read marks and
/// stars count at once, since the query's filters run on the state.
extension Reducer {
    static func savedSearches(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .savedSearchResults(let results):
            for (name, positions) in results { state.savedResults[name] = positions }
            let keep = state.selectedArticleID
            state.rebuildFolders()
            if case .saved? = state.currentFolder?.kind { state.showFolderUnderCursor(keeping: keep) }
        case .saveSearch:
            guard let query = state.activeQuery, state.search != nil else { return [] }
            state.prompt = Prompt(kind: .saveSearch(query: query), text: query)
        default:
            break
        }
        return []
    }

    /// Asks the index again for every saved search (at start, when the index is ready, when
    /// the store changed).
    static func refreshSavedSearches(_ state: AppState) -> [Effect] {
        state.savedSearches.isEmpty ? [] : [.runSavedSearches(state.savedSearches)]
    }
}

extension AppState {
    /// A saved search's articles as now: the index's answer (else titles and authors), with
    /// its filters on today's read marks and stars.
    func savedPositions(_ saved: SavedSearch) -> [Int] {
        let query = SearchQuery(saved.query)
        let text = savedResults[saved.name] ?? (query.hasText
            ? index.positions(Array(0..<index.count), matching: query.positive.map(\.text).joined(separator: " "))
            : Array(0..<index.count))
        return query.filtered(text, in: index, read: read, starred: starred)
    }
}
