import Foundation
import GazetteCore

/// Read marks: mark all (asking first across folders), undo, next unread across folders.
extension Reducer {
    /// `A`: one folder's articles are marked at once; a list that mixes folders (All articles,
    /// Favorites, a search) asks first, since it can hold hundreds.
    static func markAllRead(_ state: inout AppState) -> [Effect] {
        guard state.mode == .lists else { return [] }
        let unread = state.articles.map { state.index.entries[$0].id }.filter { !state.read.contains($0) }
        guard !unread.isEmpty else {
            state.status = .info("Nothing unread here.")
            return []
        }
        let mixed: Bool
        switch state.currentFolder?.kind {
        case .category?, .feed?: mixed = state.activeQuery != nil
        default: mixed = true
        }
        if mixed, unread.count > 1, state.confirmMarkAll {
            state.confirmation = .markRead(unread)
            state.status = .info("Mark \(unread.count) articles read? y/n")
            return []
        }
        return [.setRead(unread, read: true)]
    }

    /// The answer to a question in the bar (y or anything else).
    static func confirm(_ state: inout AppState, _ yes: Bool) -> [Effect] {
        guard let question = state.confirmation else { return [] }
        state.confirmation = nil
        switch question {
        case .markRead(let ids):
            guard yes else {
                state.status = .info("Nothing marked.")
                return []
            }
            return [.setRead(ids, read: true)]
        case .overwrite(let id, let path):
            guard yes else {
                state.status = .info("Not saved.")
                return []
            }
            return [.saveArticle(id, path: path, overwrite: true)]
        }
    }

    /// `U`: the last mark-read of more than one article, undone (once).
    static func undoMarkRead(_ state: inout AppState) -> [Effect] {
        // The last deletion comes back first (D sets it and clears the mark-read undo).
        if let deleted = state.undoableDelete {
            state.undoableDelete = nil
            return [.restoreArticles(deleted.articles, starred: deleted.starred)]
        }
        guard let ids = state.undoableMarkRead else {
            state.status = .info("Nothing to undo.")
            return []
        }
        state.undoableMarkRead = nil
        state.undoing = true
        return [.setRead(ids, read: false)]
    }

    /// `n`: the next unread article after the cursor in this list; when none is left, the
    /// first unread article of the next folder that has one (the bar says which).
    static func nextUnread(_ state: inout AppState) -> [Effect] {
        guard state.mode != .help else { return [] }
        let current = state.mode == .reader
            ? state.reader.flatMap { r in state.articles.firstIndex { state.index.entries[$0].id == r.articleID } } ?? -1
            : (state.focus == .articles ? state.articleCursor.selected : -1)
        if let row = firstUnread(state, after: current) {
            return goTo(&state, row: row)
        }
        // The next folders (categories, in list order, then around); All articles and
        // Favorites hold nothing another folder does not.
        let start = state.folderCursor.selected
        let count = state.folders.count
        let keep = state.selectedArticleID
        rememberSelection(&state)
        for offset in 1...max(1, count) {
            let f = (start + offset) % count
            let isCurrent = f == start
            if !isCurrent, case .category = state.folders[f].kind {} else if !isCurrent { continue }
            if !isCurrent, state.folders[f].unread == 0 { continue }
            state.folderCursor.select(f, count: count, visible: state.layout.folderRows)
            state.showFolderUnderCursor()
            if let row = firstUnread(state, after: -1) {
                if !isCurrent { state.status = .info("Next unread in \(state.folders[f].name)") }
                return goTo(&state, row: row)
            }
        }
        // Nothing unread anywhere: back where we were.
        state.folderCursor.select(start, count: count, visible: state.layout.folderRows)
        state.showFolderUnderCursor(keeping: keep)
        state.status = .info("No unread articles left.")
        return []
    }

    private static func firstUnread(_ state: AppState, after row: Int) -> Int? {
        guard row + 1 < state.articles.count else { return nil }
        return ((row + 1)..<state.articles.count).first { !state.read.contains(state.index.entries[state.articles[$0]].id) }
    }

    private static func goTo(_ state: inout AppState, row: Int) -> [Effect] {
        state.articleCursor.select(row, count: state.articles.count, visible: state.layout.articleRows)
        state.focus = .articles
        if state.mode == .reader {
            state.mode = .lists
            return open(&state)
        }
        return []
    }
}
