import GazetteCore

/// Lays rich text out for the reader: paragraphs wrapped with their styles, list items and
/// quotes with hanging indents (a quote's bar on every line), preformatted lines kept and cut
/// with a marker, tables as aligned columns (read row by row when they cannot fit).
enum RichLayout {
    /// The lines of the article's text, anchored at (block, glyph offset in the block).
    static func lines(_ text: RichText, width: Int) -> [ReaderLine] {
        var out: [ReaderLine] = []
        // The width of each open list level's marker, so later blocks of an item line up.
        var markerWidths: [Int] = []
        var previous: RichText.Block?
        var i = 0
        let blocks = text.blocks
        while i < blocks.count {
            let block = blocks[i]
            let p = i
            if !(previous.map { compact($0, block) } ?? false) {
                out.append(ReaderLine(text: "", width: 0, kind: .blank, anchor: TextAnchor(paragraph: p, offset: 0)))
            }
            let prefix = Prefix(block.containers, markerWidths: &markerWidths, width: width)
            let inner = max(4, width - prefix.width)
            switch block.kind {
            case .row:
                // The table: this row and the rows after it in the same container.
                var end = i + 1
                while end < blocks.count, case .row = blocks[end].kind, blocks[end].containers.count == block.containers.count { end += 1 }
                out += table(Array(blocks[i..<end]), first: i, prefix: prefix, width: inner)
                previous = blocks[end - 1]
                i = end
                continue
            case .preformatted:
                var offset = 0
                for (n, line) in block.plainText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let glyphs = DisplayText.glyphs(line)
                    var shown = glyphs
                    var cut = false
                    if glyphs.reduce(0, { $0 + $1.width }) > inner {
                        // What fits before the marker, never half a cluster.
                        var used = 0
                        var end = 0
                        while end < glyphs.count, used + glyphs[end].width <= inner - 1 { used += glyphs[end].width; end += 1 }
                        while end > 0, glyphs[end - 1].joinsNext { end -= 1 }
                        shown = Array(glyphs[..<end])
                        cut = true
                    }
                    var spans = [ReaderSpan(glyphs: shown, style: Style(color: .code))]
                    if cut { spans.append(ReaderSpan(text: "→", style: Style(dim: true))) }
                    out.append(prefix.line(n == 0, spans: spans, anchor: TextAnchor(paragraph: p, offset: offset)))
                    offset += glyphs.count
                }
            case .rule:
                let rule = String(repeating: "─", count: min(inner, 40))
                out.append(prefix.line(true, spans: [ReaderSpan(text: rule, style: Style(dim: true))], anchor: TextAnchor(paragraph: p, offset: 0)))
            case .paragraph where block.containers.isEmpty && (block.cells.first?.count ?? 0) <= 1
                && (block.cells.first?.first?.style.isEmpty ?? true):
                // A plain paragraph (most of any article): wrapped as it is; the view colours
                // the references' lines.
                let text = block.cells.first?.first?.text ?? ""
                let rtl = DisplayText.isRightToLeft(text)
                for l in Wrapper.wrap(text, width: inner) {
                    out.append(ReaderLine(text: l.text, width: l.width, kind: .body, anchor: TextAnchor(paragraph: p, offset: l.offset),
                                          rightAligned: rtl))
                }
            case .paragraph, .heading:
                let base: Style
                if case .heading(let level) = block.kind {
                    base = Style(bold: true, underline: level <= 2, color: .heading)
                } else {
                    base = Style(color: block.containers.contains(.quote) ? .quote : .article)
                }
                let runs = block.cells.first ?? []
                let rtl = block.containers.isEmpty && DisplayText.isRightToLeft(block.plainText)
                for (n, line) in styled(runs, width: inner, base: base).enumerated() {
                    var l = prefix.line(n == 0, spans: line.spans, anchor: TextAnchor(paragraph: p, offset: line.offset))
                    l.rightAligned = rtl
                    out.append(l)
                }
            }
            previous = block
            i += 1
        }
        return out
    }

    /// Whether a block follows the one before without a blank line: the next item of a list,
    /// or the references' lines.
    static func compact(_ a: RichText.Block, _ b: RichText.Block) -> Bool {
        guard case .item = b.containers.last else { return false }
        return a.containers.contains { if case .quote = $0 { false } else { true } }
    }

    /// What goes before a block's lines: quote bars and list markers, then spaces so wrapped
    /// lines hang under the text.
    struct Prefix {
        var first: [ReaderSpan] = []
        var rest: [ReaderSpan] = []
        var width = 0

        init(_ containers: [RichText.Container], markerWidths: inout [Int], width available: Int) {
            var level = 0
            // Indentation never takes more than a third of the column.
            let budget = max(0, available / 3)
            for c in containers {
                switch c {
                case .quote:
                    guard width + 2 <= budget else { continue }
                    let bar = ReaderSpan(text: "│ ", style: Style(dim: true, color: .quote))
                    first.append(bar)
                    rest.append(bar)
                    width += 2
                case .item(let marker):
                    let shown = marker == "-" ? (level % 2 == 0 ? "•" : "◦") : marker
                    let w = DisplayText.width(shown) + 1
                    if markerWidths.count > level { markerWidths[level] = w; markerWidths.removeSubrange((level + 1)...) } else { markerWidths.append(w) }
                    level += 1
                    guard width + w <= budget else { continue }
                    // Only the innermost item's marker shows on the first line; outer levels indent.
                    first.append(ReaderSpan(text: shown + " ", style: Style(dim: marker == "-", color: .article)))
                    rest.append(ReaderSpan(text: String(repeating: " ", count: w), style: .plain))
                    width += w
                case .itemContinued:
                    let w = markerWidths.count > level ? markerWidths[level] : 2
                    if markerWidths.count <= level { markerWidths.append(w) }
                    level += 1
                    guard width + w <= budget else { continue }
                    let pad = ReaderSpan(text: String(repeating: " ", count: w), style: .plain)
                    first.append(pad)
                    rest.append(pad)
                    width += w
                }
            }
        }

        func line(_ isFirst: Bool, spans: [ReaderSpan], anchor: TextAnchor) -> ReaderLine {
            let before = isFirst ? first : rest
            // Most lines: no indent, one style (no joining).
            if before.isEmpty, spans.count == 1 {
                return ReaderLine(text: spans[0].text, width: spans[0].width, kind: .body, anchor: anchor, spans: spans)
            }
            let all = before + spans
            let text = all.map(\.text).joined()
            return ReaderLine(text: text, width: all.reduce(0) { $0 + $1.width }, kind: .body, anchor: anchor, spans: all)
        }
    }

    /// Runs wrapped to a width: each line's spans and its glyph offset in the block.
    static func styled(_ runs: [RichText.Run], width: Int, base: Style) -> [(spans: [ReaderSpan], offset: Int)] {
        let text = runs.map(\.text).joined()
        let wrapped = Wrapper.wrap(text, width: width)
        // One style (most paragraphs): no glyph bookkeeping.
        if runs.allSatisfy({ $0.style.isEmpty }) {
            return wrapped.map { line in
                // The references' lines ("[3] https://…") in the link colour.
                var style = base
                if base.color == .article, ReaderView.element(of: line.text) == .link { style.color = .link }
                return ([ReaderSpan(text: line.text, width: line.width, style: style)], line.offset)
            }
        }
        // The runs' glyph ranges, counted as the wrapper counts (line breaks take none).
        var ranges: [(end: Int, style: Style)] = []
        var at = 0
        for run in runs {
            at += DisplayText.glyphs(run.text).count
            ranges.append((at, style(of: run, base: base)))
        }
        return wrapped.map { line in
            let glyphs = DisplayText.glyphs(line.text)
            var spans: [ReaderSpan] = []
            var g = 0
            var r = 0
            while g < glyphs.count {
                while r < ranges.count, ranges[r].end - line.offset <= g { r += 1 }
                let end = r < ranges.count ? min(glyphs.count, ranges[r].end - line.offset) : glyphs.count
                spans.append(ReaderSpan(glyphs: Array(glyphs[g..<end]), style: r < ranges.count ? ranges[r].style : base))
                g = end
            }
            return (spans, line.offset)
        }
    }

    static func style(of run: RichText.Run, base: Style) -> Style {
        var s = base
        if run.style.contains(.bold) { s.bold = true }
        if run.style.contains(.italic) { s.italic = true }
        if run.style.contains(.code) { s.color = .code }
        if run.style.contains(.link) { s.underline = true; s.color = .link }
        return s
    }

    // MARK: - Tables

    static let columnGap = " │ "

    /// A table's rows as aligned columns that fit `width` (cells wrap inside their column);
    /// when even narrow columns cannot fit, each row reads as a paragraph ("Name: value" under
    /// a header row).
    static func table(_ rows: [RichText.Block], first: Int, prefix: Prefix, width: Int) -> [ReaderLine] {
        let texts = rows.map { row in row.cells.map { $0.map(\.text).joined().replacingOccurrences(of: "\n", with: " ") } }
        let columns = texts.map(\.count).max() ?? 0
        var out: [ReaderLine] = []
        // One column (a layout table): its cells are paragraphs.
        if columns <= 1 {
            for (r, cells) in texts.enumerated() {
                for (n, l) in Wrapper.wrap(cells.first ?? "", width: width).enumerated() {
                    out.append(prefix.line(r == 0 && n == 0, spans: [ReaderSpan(text: l.text, width: l.width, style: Style(color: .article))],
                                           anchor: TextAnchor(paragraph: first + r, offset: l.offset)))
                }
            }
            return out
        }
        var natural = Array(repeating: 0, count: columns)
        var minimum = Array(repeating: 1, count: columns)
        for cells in texts {
            for (c, cell) in cells.enumerated() {
                natural[c] = max(natural[c], DisplayText.width(cell))
                let longestWord = cell.split(separator: " ").map { DisplayText.width($0) }.max() ?? 0
                minimum[c] = max(minimum[c], min(longestWord, 12))
            }
        }
        let gaps = (columns - 1) * DisplayText.width(columnGap)
        let minimumTotal = minimum.reduce(0, +) + gaps
        let header = rows.first.map { if case .row(header: true) = $0.kind { true } else { false } } ?? false
        guard minimumTotal <= width else {
            // Row by row.
            let names = header ? texts[0] : []
            for (r, cells) in texts.enumerated() where !(header && r == 0) {
                if r > (header ? 1 : 0) { out.append(ReaderLine(text: "", width: 0, kind: .blank, anchor: TextAnchor(paragraph: first + r, offset: 0))) }
                var offset = 0
                for (c, cell) in cells.enumerated() where !cell.isEmpty {
                    let name = c < names.count && !names[c].isEmpty ? names[c] + ": " : ""
                    for l in Wrapper.wrap(name + cell, width: width) {
                        var spans = [ReaderSpan(text: l.text, width: l.width, style: Style(color: .article))]
                        if l.offset == 0, !name.isEmpty, l.text.hasPrefix(name) {
                            spans = [ReaderSpan(text: name, style: Style(bold: true, color: .article)),
                                     ReaderSpan(text: String(l.text.dropFirst(name.count)), style: Style(color: .article))]
                        }
                        out.append(prefix.line(out.isEmpty, spans: spans, anchor: TextAnchor(paragraph: first + r, offset: offset + l.offset)))
                    }
                    offset += 10_000
                }
            }
            return out
        }
        // Columns at their natural width, the widest narrowed first until the table fits.
        var widths = natural.enumerated().map { max($0.element, minimum[$0.offset]) }
        var excess = widths.reduce(0, +) + gaps - width
        while excess > 0 {
            guard let widest = widths.indices.filter({ widths[$0] > minimum[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            let second = widths.indices.filter { $0 != widest }.map { widths[$0] }.max() ?? 0
            let cut = min(excess, widths[widest] - minimum[widest], max(1, widths[widest] - second))
            widths[widest] -= cut
            excess -= cut
        }
        for (r, cells) in texts.enumerated() {
            let isHeader = header && r == 0
            let wrapped = (0..<columns).map { c in c < cells.count ? Wrapper.wrap(cells[c], width: widths[c]) : [] }
            let height = max(1, wrapped.map(\.count).max() ?? 1)
            for n in 0..<height {
                var spans: [ReaderSpan] = []
                for c in 0..<columns {
                    if c > 0 { spans.append(ReaderSpan(text: columnGap, style: Style(dim: true))) }
                    let piece = n < wrapped[c].count ? wrapped[c][n] : nil
                    let text = piece?.text ?? ""
                    let pad = widths[c] - (piece?.width ?? 0)
                    // The last column needs no padding after it.
                    let padded = c == columns - 1 ? text : text + String(repeating: " ", count: max(0, pad))
                    spans.append(ReaderSpan(text: padded, style: Style(bold: isHeader, color: .article)))
                }
                out.append(prefix.line(r == 0 && n == 0, spans: spans, anchor: TextAnchor(paragraph: first + r, offset: n)))
            }
            if isHeader {
                let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")
                out.append(prefix.line(false, spans: [ReaderSpan(text: rule, style: Style(dim: true))],
                                       anchor: TextAnchor(paragraph: first + r, offset: height)))
            }
        }
        return out
    }
}
