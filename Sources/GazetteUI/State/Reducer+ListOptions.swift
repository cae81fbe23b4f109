import Foundation
import GazetteCore

/// What the article list shows and in which order (`show-read-articles`, `article-sort-order`).
extension Reducer {
    static func listOptions(_ state: inout AppState, _ action: Action) -> [Effect] {
        guard state.mode == .lists else { return [] }
        let selected = state.selectedArticleID
        switch action {
        case .toggleShowRead:
            // L shows everything while anything read is hidden; else it hides what the config
            // hides (read articles when it hides nothing).
            if state.hideRead || state.hideReadFolders {
                state.hideRead = false
                state.hideReadFolders = false
                state.status = .info("Read articles shown")
            } else {
                state.hideReadFolders = state.hideReadFoldersByConfig
                state.hideRead = state.hideReadByConfig || !state.hideReadFoldersByConfig
                state.status = .info(state.hideRead ? "Read articles hidden (L shows them)" : "Folders with nothing unread hidden (L shows them)")
            }
            state.rebuildFolders()
        case .cycleSortOrder:
            state.sortOrder = state.sortOrder.next
            state.status = .info("Sorted by \(state.sortOrder.label)")
        default:
            return []
        }
        state.showFolderUnderCursor(keeping: selected)
        return []
    }
}
