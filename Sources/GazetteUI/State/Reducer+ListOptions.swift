import Foundation
import GazetteCore

/// What the article list shows and in which order (`show-read-articles`, `article-sort-order`).
extension Reducer {
    static func listOptions(_ state: inout AppState, _ action: Action) -> [Effect] {
        guard state.mode == .lists else { return [] }
        let selected = state.selectedArticleID
        switch action {
        case .toggleShowRead:
            state.hideRead.toggle()
            state.status = .info(state.hideRead ? "Read articles hidden (L shows them)" : "Read articles shown")
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
