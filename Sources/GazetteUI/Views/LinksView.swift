import GazetteCore

/// The links view: the article's title, then one row per link ("[3] words  address"), the
/// selected one in reverse video.
public enum LinksView {
    public static func render(_ state: AppState, in area: Rect, on screen: inout Screen) {
        guard let links = state.links, area.height >= 3 else { return }
        let column = area.inset(dx: area.width >= 60 ? 2 : 1).centered(maxWidth: 120)
        screen.put("Links of “\(links.title)”", x: column.x, y: area.y, limit: column.width, style: Style(bold: true, color: .accent))
        let rows = area.height - 2
        var cursor = links.cursor
        cursor.clamp(count: links.items.count, visible: rows)
        let numberWidth = max(3, links.items.compactMap(\.number).max().map { "[\($0)]".count } ?? 3)
        for (row, i) in (cursor.offset..<min(links.items.count, cursor.offset + rows)).enumerated() {
            let item = links.items[i]
            let y = area.y + 2 + row
            let selected = i == cursor.selected
            let base = Style(reverse: selected, color: selected ? .listFocus : .link)
            screen.fill(Rect(x: column.x, y: y, width: column.width, height: 1), style: Style(reverse: selected, color: selected ? .listFocus : .normal))
            let tag: String
            switch item.kind {
            case .article: tag = "↗"
            case .link: tag = "[\(item.number ?? 0)]"
            case .image: tag = "[\(item.number ?? 0)]"
            case .attachment: tag = "♫"
            }
            var x = column.x
            x += screen.put(tag.padding(toLength: numberWidth, withPad: " ", startingAt: 0), x: x, y: y, limit: column.width, style: Style(dim: !selected, reverse: selected, color: selected ? .listFocus : .normal))
            x += 1
            var words = item.label
            switch item.kind {
            case .image: words = "image" + (words.isEmpty ? "" : ": " + words)
            case .attachment: words = "attachment" + (words.isEmpty ? "" : " (" + words + ")")
            default: break
            }
            let room = column.x + column.width - x
            // The words get at most half the row when there are words; the address the rest.
            if !words.isEmpty {
                let wordsWidth = min(DisplayText.width(words), max(10, room / 2))
                x += screen.put(words, x: x, y: y, limit: wordsWidth, style: Style(bold: !selected, reverse: selected, color: selected ? .listFocus : .article))
                x += 2
            }
            screen.put(item.url, x: x, y: y, limit: column.x + column.width - x, style: base)
        }
    }
}
