import GazetteCore

/// Paints the whole screen for a state. Pure: the same state gives the same cells.
public enum Renderer {
    public static func render(_ state: AppState, map: KeyMap = .standard) -> Screen {
        var screen = Screen(width: state.size.width, height: state.size.height)
        let layout = state.layout
        if layout.tooSmall {
            renderTooSmall(state.size, on: &screen)
            return screen
        }
        switch state.mode {
        case .lists:
            let panes = layout.panes
            if layout.twoPanes {
                FolderListView.render(state, in: panes.folders, on: &screen)
                let separatorX = panes.folders.x + panes.folders.width
                for y in layout.body.y..<(layout.body.y + layout.body.height) {
                    screen.put("│", x: separatorX, y: y, limit: 1, style: Style(dim: true))
                }
                ArticleListView.render(state, in: panes.articles, on: &screen)
            } else if state.focus == .folders {
                FolderListView.render(state, in: panes.folders, on: &screen)
            } else {
                ArticleListView.render(state, in: panes.articles, on: &screen)
            }
        case .reader:
            ReaderView.render(state, in: layout.body, column: layout.readerColumn, on: &screen)
        case .help:
            HelpView.render(state, map: map, in: layout.body, on: &screen)
        case .links:
            LinksView.render(state, in: layout.body, on: &screen)
        }
        StatusBarView.render(state, map: map, in: layout.statusBar, on: &screen)
        return screen
    }

    static func renderTooSmall(_ size: Size, on screen: inout Screen) {
        let lines = ["Terminal too small", "\(size.width)x\(size.height); need \(Layout.minimum.width)x\(Layout.minimum.height)", "Q quits"]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.height {
            let w = DisplayText.width(line)
            screen.put(line, x: max(0, (size.width - w) / 2), y: top + i, limit: size.width, style: i == 0 ? Style(bold: true) : .plain)
        }
    }
}

/// The bottom bar: a message when there is one, else key hints; the position on the right.
public enum StatusBarView {
    public static func render(_ state: AppState, map: KeyMap, in area: Rect, on screen: inout Screen) {
        let barStyle = Style(reverse: true, color: .bar)
        screen.fill(area, style: barStyle)
        var right = ""
        switch state.mode {
        case .lists where state.search?.editing == true:
            right = state.activeQuery == nil ? "" : "\(state.articles.count) match\(state.articles.count == 1 ? "" : "es")"
            // What the query could not use ("after: takes a date…"), when the typing keeps room.
            if let query = state.activeQuery, let problem = SearchQuery(query).problems.first,
               area.width - (DisplayText.width(problem) + DisplayText.width(right) + 3) >= max(20, DisplayText.width(query) + 12) {
                right = problem + " · " + right
            }
        case .lists:
            let count = state.focus == .folders ? state.folders.count : state.articles.count
            let selected = state.focus == .folders ? state.folderCursor.selected : state.articleCursor.selected
            right = count == 0 ? "" : "\(selected + 1)/\(count)"
        case .reader:
            if let reader = state.reader, reader.article != nil {
                let star = state.starred.contains(reader.articleID) ? "★ " : ""
                right = star + ReaderView.position(reader, rows: state.layout.readerRows)
            }
        case .help:
            right = "help"
        case .links:
            if let links = state.links { right = "\(links.cursor.selected + 1)/\(links.items.count)" }
        }
        let rightWidth = DisplayText.width(right)
        let leftLimit = area.width - (rightWidth > 0 ? rightWidth + 2 : 0)
        if let prompt = state.prompt {
            renderTyping(label: " " + prompt.label, text: prompt.text, in: area, leftLimit: leftLimit, on: &screen)
        } else if let search = state.search, search.editing {
            renderTyping(label: " Search: ", text: search.query, in: area, leftLimit: leftLimit, on: &screen)
        } else {
            renderMessage(state, map: map, in: area, leftLimit: leftLimit, on: &screen)
        }
        if rightWidth > 0, area.width > rightWidth + 1 {
            screen.put(right, x: area.x + area.width - rightWidth - 1, y: area.y, limit: rightWidth, style: barStyle)
        }
    }

    /// A line being typed: the label, the text's end kept in view, a cursor.
    static func renderTyping(label: String, text: String, in area: Rect, leftLimit: Int, on screen: inout Screen) {
        let barStyle = Style(reverse: true, color: .bar)
        let labelWidth = DisplayText.width(label)
        let room = max(1, leftLimit - labelWidth - 1)
        var shown: [DisplayText.Glyph] = []
        var width = 0
        for glyph in DisplayText.glyphs(text).reversed() {
            guard width + glyph.width <= room else { break }
            shown.insert(glyph, at: 0)
            width += glyph.width
        }
        let bold = Style(bold: true, reverse: true, color: .bar)
        screen.put(label, x: area.x, y: area.y, limit: leftLimit, style: barStyle)
        screen.draw(shown, x: area.x + labelWidth, y: area.y, limit: room, style: bold)
        screen.put("_", x: area.x + labelWidth + width, y: area.y, limit: 1, style: bold)
    }

    static func renderMessage(_ state: AppState, map: KeyMap, in area: Rect, leftLimit: Int, on screen: inout Screen) {
        let barStyle = Style(reverse: true, color: .bar)
        switch state.status {
        case .error(let message):
            screen.put(" " + message, x: area.x, y: area.y, limit: leftLimit, style: Style(bold: true, reverse: true, color: .error))
        case .info(let message):
            screen.put(" " + message, x: area.x, y: area.y, limit: leftLimit, style: Style(bold: true, reverse: true, color: .bar))
        case nil where state.fetching:
            screen.put(" Fetching feeds…", x: area.x, y: area.y, limit: leftLimit, style: barStyle)
        case nil where state.fetchingFullText != nil:
            screen.put(" Fetching the full text…", x: area.x, y: area.y, limit: leftLimit, style: barStyle)
        case nil:
            let text = hintTargets(state, map: map).map(\.text).joined(separator: "  ")
            screen.put(" " + text, x: area.x, y: area.y, limit: leftLimit, style: barStyle)
        }
    }

    /// The bar's hints, each with the columns it covers and what it does: what the bar shows
    /// and what a click on it runs (`mouse yes`).
    public static func hintTargets(_ state: AppState, map: KeyMap) -> [(text: String, columns: Range<Int>, action: Action)] {
        // q goes back from the article list: its hint says so there.
        let inArticles = state.mode == .lists && state.focus == .articles
        var items: [(String, Action)] = []
        if state.keyContext == .lists && state.activeQuery != nil { items.append(("Esc clear", .clearSearch)) }
        for binding in map.bindings(in: state.keyContext) {
            guard let hint = binding.liveHint else { continue }
            items.append((binding.action == .quitOrBack && inArticles ? hint.replacingOccurrences(of: "quit", with: "back") : hint,
                          binding.action))
        }
        var x = 1
        return items.map { text, action in
            let width = DisplayText.width(text)
            defer { x += width + 2 }
            return (text, x..<(x + width), action)
        }
    }
}
