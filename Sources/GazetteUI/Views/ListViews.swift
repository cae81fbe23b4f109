import Foundation
import GazetteCore

/// The folder list: All articles, Favorites, then each category with its count.
public enum FolderListView {
    public static func render(_ state: AppState, in area: Rect, on screen: inout Screen) {
        guard !area.isEmpty else { return }
        let (header, rows) = area.split(.vertical, leading: 1)
        screen.putRow(" Folders", in: header, style: Style(bold: true, color: .accent))
        let focused = state.focus == .folders && state.mode == .lists
        let range = state.folderCursor.visibleRange(count: state.folders.count, visible: rows.height)
        for (line, i) in range.enumerated() {
            let folder = state.folders[i]
            let row = rows.row(line)
            let selected = i == state.folderCursor.selected
            let style = selected ? Style(bold: focused, reverse: focused, underline: !focused, color: focused ? .listFocus : .listSelected)
                : Style(color: .folderList)
            screen.fill(row, style: style)
            // "3/12": 3 of the folder's 12 articles are unread.
            let count = folder.unread > 0 ? "\(folder.unread)/\(folder.count)" : String(folder.count)
            let countWidth = count.count + 1
            // ★ Favorites; ▾/▸ a folder of feeds (open, collapsed); its feeds indented.
            let isSaved = if case .saved = folder.kind { true } else { false }
            let icon = folder.kind == .favorites ? "★ " : isSaved ? "⌕ " : folder.feeds > 0 ? (folder.collapsed ? "▸ " : "▾ ") : folder.isFeed ? "   " : "  "
            let iconStyle = folder.kind == .favorites ? Style(bold: style.bold, reverse: style.reverse, underline: style.underline, color: .star)
                : folder.feeds > 0 ? Style(bold: style.bold, dim: !selected, reverse: style.reverse, underline: style.underline, color: style.color) : style
            let nameWidth = screen.put(icon, x: row.x, y: row.y, limit: 3, style: iconStyle)
            // The name gets what the count leaves: the count is never cut.
            screen.put(folder.name, x: row.x + nameWidth, y: row.y, limit: row.width - nameWidth - countWidth - 1, style: style)
            if row.width > countWidth + 4 {
                var countStyle = style
                countStyle.dim = !selected
                screen.put(count, x: row.x + row.width - countWidth, y: row.y, limit: countWidth, style: countStyle)
            }
        }
    }
}

/// The articles of the folder under the folder cursor: star, title, date; newest first.
public enum ArticleListView {
    /// Best first was asked: what the list is. The index ranks up to `rankLimit` matches;
    /// more come newest first, and the header says so rather than claim an order it lacks.
    static func orderNote(_ search: Search?) -> String {
        guard let search, let results = search.results, !search.resultsRanked, !results.isEmpty else { return " · best first" }
        // Filters alone (is:unread) have nothing to rank by.
        return SearchQuery(search.resultsQuery ?? search.query).positive.isEmpty ? " · newest first" : " · newest first (too many matches to rank)"
    }

    public static func render(_ state: AppState, in area: Rect, on screen: inout Screen) {
        guard !area.isEmpty else { return }
        let (header, rows) = area.split(.vertical, leading: 1)
        let folder = state.currentFolder
        let query = state.activeQuery
        // A full-text search spans every folder unless Tab narrowed it to this one.
        let everyFolder = query != nil && state.search?.allFolders == true && state.search?.results != nil
        let title = " " + (everyFolder ? "Every folder" : folder?.name ?? "") + (query.map { " · “\($0)”" } ?? "")
            + (query != nil && state.search?.bestFirst == true ? Self.orderNote(state.search) : "")
        screen.putRow(title, in: header, style: Style(bold: true, color: .accent))
        if state.articles.isEmpty {
            let message = query != nil
                ? "Nothing here matches “\(query!)”. Esc clears the search."
                : folder?.kind == .favorites
                ? "No favorites yet. Press s on an article to star it."
                : "No articles here. Follow a feed with: gazette feeds add URL (then r fetches it), or import files with: gazette import PATH"
            for (i, l) in Wrapper.wrap(message, width: max(1, rows.width - 2)).prefix(rows.height).enumerated() {
                screen.put(l.text, x: rows.x + 1, y: rows.y + i, limit: rows.width - 1, style: Style(dim: true))
            }
            return
        }
        let focused = state.focus == .articles && state.mode == .lists
        let dateWidth = rows.width >= 50 ? 11 : (rows.width >= 34 ? 10 : 0)
        // Lists that mix feeds (All articles, Favorites, a folder of feeds, a search) name each
        // article's feed (else its folder) in a column, when the pane has room beside a readable title.
        let mixed: Bool = switch state.currentFolder?.kind {
        case .all?, .favorites?, .saved?: true
        case .category?: (state.currentFolder?.feeds ?? 0) > 0 || state.activeQuery != nil
        default: state.activeQuery != nil
        }
        // Only beside a title of 50 cells or more: titles come first.
        let folderWidth = mixed && rows.width >= 84 ? min(16, rows.width / 6) : 0
        let range = state.articleCursor.visibleRange(count: state.articles.count, visible: rows.height)
        for (line, i) in range.enumerated() {
            let position = state.articles[i]
            let summary = state.index.summary(at: position)
            let row = rows.row(line)
            let selected = i == state.articleCursor.selected
            // The cursor is reverse video, not bold: bold says unread, on the cursor row too.
            let style = selected ? Style(reverse: focused, underline: !focused, color: focused ? .listFocus : .listSelected)
                : Style(color: .articleList)
            screen.fill(row, style: style)
            let starred = state.starred.contains(summary.id)
            var starStyle = style
            starStyle.color = .star
            screen.put(starred ? "★" : " ", x: row.x, y: row.y, limit: 1, style: starStyle)
            let titleX = row.x + 2
            let titleLimit = row.width - 2 - (dateWidth > 0 ? dateWidth + 1 : 0) - (folderWidth > 0 ? folderWidth + 2 : 0)
            // Unread titles are bold, as in mail and feed readers.
            var titleStyle = style
            if !state.read.contains(summary.id) {
                titleStyle.bold = true
                if !selected { titleStyle.color = .unread }
            }
            screen.put(summary.title, x: titleX, y: row.y, limit: titleLimit, style: titleStyle)
            if folderWidth > 0 {
                var folderStyle = style
                folderStyle.dim = !selected
                if !selected { folderStyle.color = .meta }
                let x = row.x + row.width - (dateWidth > 0 ? dateWidth + 1 : 0) - folderWidth - 1
                // The feed it came from, else its folder.
                screen.put(summary.feed ?? summary.category, x: x, y: row.y, limit: folderWidth, style: folderStyle)
            }
            if dateWidth > 0 {
                let label = !summary.isPublicationDate ? DateLabel.undated
                    : state.dateFormat.map { DateLabel.formatted(summary.date, format: $0, zone: state.timeZone) }
                    ?? DateLabel.short(summary.date, now: state.now, zone: state.timeZone)
                let glyphs = DisplayText.fit(label, width: dateWidth)
                let w = glyphs.reduce(0) { $0 + $1.width }
                var dateStyle = style
                dateStyle.dim = !selected
                if !selected { dateStyle.color = .date }
                screen.draw(glyphs, x: row.x + row.width - w, y: row.y, limit: w, style: dateStyle)
            }
        }
    }
}
