import Foundation
import GazetteCore

/// The mouse (`mouse yes`): a click selects a folder or an article, a double click opens it,
/// the wheel scrolls the list under the pointer, the reader and help. (A click on a hint in
/// the bar is run by the app, which knows the key map.)
extension Reducer {
    static let wheelLines = 3

    static func mouse(_ state: inout AppState, _ event: MouseEvent) -> [Effect] {
        let layout = state.layout
        switch state.mode {
        case .reader, .help, .links:
            switch event.kind {
            case .wheelUp: return repeated(&state, .move(.up))
            case .wheelDown: return repeated(&state, .move(.down))
            case .click, .doubleClick: return []
            }
        case .lists:
            guard state.confirmation == nil, state.search == nil else { return [] }
            let (folders, articles) = layout.panes
            // One pane at a time below 60 columns: the one shown is the one with the focus.
            let inFolders = layout.twoPanes ? folders.contains(x: event.x, y: event.y) : state.focus == .folders
            let pane = inFolders ? folders : articles
            guard pane.contains(x: event.x, y: event.y) else { return [] }
            var effects = reduce(&state, inFolders ? .focusFolders : .focusArticles)
            switch event.kind {
            case .wheelUp: return effects + repeated(&state, .move(.up))
            case .wheelDown: return effects + repeated(&state, .move(.down))
            case .click, .doubleClick:
                let line = event.y - pane.y - 1  // the pane's first line is its header
                guard line >= 0 else { return effects }
                if inFolders {
                    let row = state.folderCursor.offset + line
                    guard row < state.folders.count else { return effects }
                    if row != state.folderCursor.selected {
                        rememberSelection(&state)
                        state.folderCursor.select(row, count: state.folders.count, visible: layout.folderRows)
                        state.showFolderUnderCursor()
                    }
                    if event.kind == .doubleClick { effects += reduce(&state, .focusArticles) }
                } else {
                    let row = state.articleCursor.offset + line
                    guard row < state.articles.count else { return effects }
                    state.articleCursor.select(row, count: state.articles.count, visible: layout.articleRows)
                    if event.kind == .doubleClick { effects += reduce(&state, .open) }
                }
                return effects
            }
        }
    }

    private static func repeated(_ state: inout AppState, _ action: Action) -> [Effect] {
        (0..<wheelLines).flatMap { _ in reduce(&state, action) }
    }
}
