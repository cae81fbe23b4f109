import GazetteCore

/// Marks a search's words in the laid-out article (reverse video), the way the search found
/// them: case and accents aside, at the start of a word (a word of the query matches words
/// that begin with it); CJK anywhere.
enum Highlighter {
    /// The words to mark for a query: its positive words, searched in the text or the title
    /// (not author:, feed:, folder:), folded as search folds them.
    static func words(of query: String) -> [[UInt8]] {
        let q = SearchQuery(query)
        var out: [[UInt8]] = []
        for term in q.positive where term.field == nil || term.field == .title {
            for word in SearchQuery.words(term.text) {
                let folded = SearchFolding.fold(word)
                if !folded.isEmpty, !out.contains(folded) { out.append(folded) }
            }
        }
        return out
    }

    static let style = Style(bold: true, reverse: true, color: .accent)

    /// Adds the marks to the lines (their spans split where a word starts and ends); returns
    /// the lines that hold one, in order.
    static func mark(_ lines: inout [ReaderLine], words: [[UInt8]]) -> [Int] {
        guard !words.isEmpty else { return [] }
        // CJK characters are words of their own: matched anywhere, as the index does.
        let cjk = words.map { String(decoding: $0, as: UTF8.self).unicodeScalars.first.map(SearchQuery.isCJK) ?? false }
        var hits: [Int] = []
        for i in lines.indices where lines[i].kind == .body || lines[i].kind == .title {
            let line = lines[i]
            let glyphs = DisplayText.glyphs(line.text)
            // Each glyph folded, with where its bytes start in the folded line.
            var folded: [UInt8] = []
            var owner: [Int] = []
            folded.reserveCapacity(glyphs.count)
            owner.reserveCapacity(glyphs.count)
            for (g, glyph) in glyphs.enumerated() {
                // ASCII (most glyphs): folded in place.
                if glyph.text.utf8.count == 1, let b = glyph.text.utf8.first, b < 0x80 {
                    folded.append(b >= 65 && b <= 90 ? b + 32 : b)
                    owner.append(g)
                    continue
                }
                let f = SearchFolding.fold(glyph.text)
                folded += f
                owner += Array(repeating: g, count: f.count)
            }
            var marked = [Bool](repeating: false, count: glyphs.count)
            var any = false
            for (w, word) in words.enumerated() {
                guard word.count <= folded.count else { continue }
                var s = 0
                while s + word.count <= folded.count {
                    let atWordStart = s == 0 || !isWordByte(folded[s - 1]) || cjk[w]
                    if atWordStart, folded[s] == word[0], Array(folded[s..<(s + word.count)]) == word {
                        for k in s..<(s + word.count) { marked[owner[k]] = true }
                        any = true
                        s += word.count
                    } else {
                        s += 1
                    }
                }
            }
            guard any else { continue }
            hits.append(i)
            lines[i].spans = respan(line, glyphs: glyphs, marked: marked)
        }
        return hits
    }

    /// Letters, digits and the bytes of non-ASCII letters continue a word.
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 97 && b <= 122) || b >= 0x80
    }

    /// The line's spans (or its text in its kind's style) cut into marked and unmarked parts.
    static func respan(_ line: ReaderLine, glyphs: [DisplayText.Glyph], marked: [Bool]) -> [ReaderSpan] {
        // The style of each glyph before marking.
        var styles: [Style] = []
        styles.reserveCapacity(glyphs.count)
        if line.spans.isEmpty {
            let base: Style = line.kind == .title ? Style(bold: true, color: .title) : Style(color: ReaderView.element(of: line.text))
            styles = Array(repeating: base, count: glyphs.count)
        } else {
            for span in line.spans {
                styles += Array(repeating: span.style, count: DisplayText.glyphs(span.text).count)
            }
            while styles.count < glyphs.count { styles.append(styles.last ?? .plain) }
        }
        var out: [ReaderSpan] = []
        var start = 0
        for g in 0...glyphs.count {
            let boundary = g == glyphs.count || (g > start && (marked[g] != marked[start] || styles[g] != styles[start]))
            guard boundary else { continue }
            if g > start {
                out.append(ReaderSpan(glyphs: Array(glyphs[start..<g]), style: marked[start] ? style : styles[start]))
            }
            start = g
        }
        return out
    }
}
