/// Word-wraps text into lines of at most a given number of cells.
///
/// Breaks after spaces, and between wide (CJK) characters, which need no space; a word
/// longer than the line is broken at a glyph boundary. Each line remembers the glyph offset
/// in its paragraph where it starts, so a reader can keep its place across a resize.
public enum Wrapper {
    public struct Line: Equatable, Sendable {
        public var glyphs: [DisplayText.Glyph]
        /// Offset, in glyphs, of the line's first glyph within its paragraph.
        public var offset: Int
        public var text: String { glyphs.map(\.text).joined() }
        public var width: Int { glyphs.reduce(0) { $0 + $1.width } }
    }

    public static func wrap(_ paragraph: some StringProtocol, width: Int) -> [Line] {
        let width = max(width, 2)
        var lines: [Line] = []
        // Hard line breaks inside a paragraph start new lines.
        var base = 0
        for piece in paragraph.split(separator: "\n", omittingEmptySubsequences: false) {
            let glyphs = DisplayText.glyphs(piece)
            wrapGlyphs(glyphs, width: width, base: base, into: &lines)
            base += glyphs.count
        }
        return lines
    }

    private static func wrapGlyphs(_ glyphs: [DisplayText.Glyph], width: Int, base: Int, into lines: inout [Line]) {
        if glyphs.isEmpty {
            lines.append(Line(glyphs: [], offset: base))
            return
        }
        /// May a line end between glyphs[i-1] and glyphs[i]?
        func canBreak(at i: Int) -> Bool {
            let before = glyphs[i - 1]
            if before.text == " " || before.text == "-" || before.text == "\u{2014}" || before.width == 2 { return true }
            return i < glyphs.count && glyphs[i].width == 2
        }
        var start = 0
        while start < glyphs.count {
            // A continuation line does not start with the spaces it was broken at.
            if start > 0 { while start < glyphs.count, glyphs[start].text == " " { start += 1 } }
            if start >= glyphs.count { break }
            var used = 0
            var end = start
            var lastBreak = -1
            while end < glyphs.count, used + glyphs[end].width <= width {
                used += glyphs[end].width
                end += 1
                if end < glyphs.count, canBreak(at: end) { lastBreak = end }
            }
            if end < glyphs.count, glyphs[end].text != " ", lastBreak > start {
                end = lastBreak
            }
            if end == start { end += 1 }  // a glyph wider than the line: take it anyway
            var lineGlyphs = Array(glyphs[start..<end])
            while lineGlyphs.last?.text == " " { lineGlyphs.removeLast() }
            lines.append(Line(glyphs: lineGlyphs, offset: base + start))
            start = end
        }
    }
}
