import Foundation
import GazetteCore

/// D: deleting the selected article, and U bringing it back while the reader runs.
extension Reducer {
    static func deletion(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .deleteArticle:
            guard state.mode == .lists, state.focus == .articles, let id = state.selectedArticleID else {
                state.status = .info("Select an article to delete it (D).")
                return []
            }
            return [.deleteArticles([id])]
        case .articlesDeleted(let articles, let starred, let index):
            let row = state.articleCursor.selected
            state.index = index
            state.starred.subtract(articles.map(\.id))
            state.rebuildFolders()
            state.showFolderUnderCursor()
            // Stay at the same row: the next article moves up under the cursor.
            state.articleCursor.select(min(row, max(0, state.articles.count - 1)), count: state.articles.count,
                                       visible: state.layout.articleRows)
            state.undoableDelete = DeletedArticles(articles: articles, starred: starred)
            state.undoableMarkRead = nil
            let what = articles.count == 1 ? "“\(articles[0].title)”" : "\(articles.count) articles"
            state.status = .info("Deleted \(what). U brings it back.")
        case .deleteFailed(let message):
            state.status = .error("Not deleted: \(message)")
        case .articlesRestored(let ids, let starred, let index):
            state.index = index
            state.starred.formUnion(starred)
            state.rebuildFolders()
            state.showFolderUnderCursor(keeping: ids.first)
            state.status = .info(ids.count == 1 ? "Restored the deleted article." : "Restored \(ids.count) articles.")
        default:
            break
        }
        return []
    }
}
