/// The open article, full-screen: a centred column of wrapped text.
public enum ReaderView {
    public static func render(_ state: AppState, in area: Rect, column: Rect, on screen: inout Screen) {
        guard let reader = state.reader else { return }
        guard reader.article != nil else {
            let message = reader.error.map { "Could not open this article: \($0)" } ?? "Loading \(reader.title)…"
            for (i, l) in Wrapper.wrap(message, width: max(1, column.width)).prefix(area.height).enumerated() {
                screen.put(l.text, x: column.x, y: area.y + i, limit: column.width,
                            style: reader.error == nil ? Style(dim: true) : Style(bold: true, color: .error))
            }
            return
        }
        let end = min(reader.lines.count, reader.top + area.height)
        guard reader.top < end else { return }
        for (row, i) in (reader.top..<end).enumerated() {
            let line = reader.lines[i]
            let style: Style
            switch line.kind {
            case .title: style = Style(bold: true, color: .title)
            case .meta: style = Style(dim: true, color: .meta)
            case .rule: style = Style(dim: true)
            case .body: style = Style(color: Self.element(of: line.text))
            case .blank: style = .plain
            }
            var x = column.x
            if line.rightAligned {
                x = column.x + max(0, column.width - line.width)
            }
            guard !line.spans.isEmpty, line.kind == .body || line.kind == .title else {
                screen.draw(DisplayText.glyphs(line.text), x: x, y: area.y + row, limit: column.x + column.width - x, style: style)
                continue
            }
            for span in line.spans {
                x += screen.draw(DisplayText.glyphs(span.text), x: x, y: area.y + row, limit: column.x + column.width - x, style: span.style)
            }
        }
    }

    /// A body line's element: a quote ("> "), a link reference ("[3] https://…", "Links:",
    /// "Attachment: …") or article text.
    static func element(of text: String) -> Style.Color {
        if text.hasPrefix(">") { return .quote }
        if text == "Links:" || text.hasPrefix("Attachment: ") { return .link }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"),
           text[text.index(after: text.startIndex)..<close].allSatisfy(\.isNumber), close > text.index(after: text.startIndex) {
            return .link
        }
        return .article
    }

    /// "Top", "Bot", "All" or a percentage, like less and vim.
    public static func position(_ reader: ReaderState, rows: Int) -> String {
        let total = reader.lines.count
        if total <= rows { return "All" }
        if reader.top == 0 { return "Top" }
        if reader.top + rows >= total { return "Bot" }
        return "\(min(99, (reader.top + rows) * 100 / total))%"
    }
}

/// The help screen, generated from the key map, and the last fetch's report (every failing
/// feed with its reason, which the one-line bar cannot hold).
public enum HelpView {
    enum Line: Equatable {
        case header(String), binding(keys: String, help: String), text(String), blank
    }

    /// The key contexts help and the man page list, with their titles.
    static let sections: [(String, KeyContext)] = [("In the lists", .lists), ("While typing a search (/)", .search),
                                                   ("In the reader", .reader), ("In the links view (v)", .links),
                                                   ("While typing a file name or command (w, |)", .prompt)]

    static func lines(map: KeyMap, lastFetch: [String], width: Int) -> [Line] {
        var out: [Line] = [.header("Gazette keys")]
        for (title, context) in sections {
            out.append(.blank)
            out.append(.header(title))
            for b in map.bindings(in: context) {
                // The operation's name is what a config file binds (bind-key KEY star).
                let name = KeyMap.operationName(of: b.action).map { " (\($0))" } ?? ""
                out.append(.binding(keys: b.keyNames, help: b.help + name))
            }
        }
        if !lastFetch.isEmpty {
            out.append(.blank)
            out.append(.header("Last fetch (r)"))
            for entry in lastFetch {
                out += Wrapper.wrap(entry, width: max(10, width - 2)).map { .text($0.text) }
            }
        }
        return out
    }

    /// The column help is drawn in, within the body area.
    static func column(in area: Rect) -> Rect { area.inset(dx: area.width >= 60 ? 2 : 1).centered(maxWidth: 80) }

    public static func lineCount(_ state: AppState, map: KeyMap) -> Int {
        lines(map: map, lastFetch: state.lastFetch, width: column(in: state.layout.body).width).count
    }

    public static func render(_ state: AppState, map: KeyMap, in area: Rect, on screen: inout Screen) {
        let column = column(in: area)
        let all = lines(map: map, lastFetch: state.lastFetch, width: column.width)
        let keyWidth = min(20, max(12, column.width * 2 / 5))
        for (row, i) in (state.helpTop..<min(all.count, state.helpTop + area.height)).enumerated() {
            let y = area.y + row
            switch all[i] {
            case .header(let title):
                screen.put(title, x: column.x, y: y, limit: column.width, style: Style(bold: true, color: .accent))
            case .binding(let keys, let help):
                screen.put(keys, x: column.x + 2, y: y, limit: keyWidth - 2, style: Style(bold: true))
                screen.put(help, x: column.x + keyWidth + 1, y: y, limit: column.width - keyWidth - 1)
            case .text(let text):
                screen.put(text, x: column.x + 2, y: y, limit: column.width - 2)
            case .blank:
                break
            }
        }
    }
}
