import Foundation
import GazetteCore
import Testing
@testable import GazetteUI

@Suite("Text in cells")
struct TextTests {
    @Test("Widths: ASCII 1, CJK 2, emoji 2, combining marks 0; a ZWJ family as its three emoji, a skin tone as a swatch", arguments: [
        ("abc", 3), ("東京", 4), ("😀", 2), ("e\u{301}", 1), ("👨‍👩‍👧", 6), ("❤️", 1), ("한국", 4),
        ("مرحبا", 5), ("a\tb", 3), ("a\u{7}b", 2), ("\u{202E}abc", 3), ("👍🏽", 4), ("🇺🇸", 2),
        ("1️⃣", 3), ("\u{1100}\u{1161}\u{11A8}", 2),
    ])
    func widths(text: String, width: Int) {
        #expect(DisplayText.width(text) == width)
        #expect(DisplayText.glyphs(text).reduce(0) { $0 + $1.width } == width)
    }

    @Test("A cluster that needs several cells is drawn in cells of one code point each, kept together", arguments: [
        ("🇺🇸🇩🇪🇫🇷", ["🇺", "🇸", "🇩", "🇪", "🇫", "🇷"]),
        ("👨‍👩‍👧", ["👨", "👩", "👧"]),
        ("🏳️‍🌈", ["🏳", "🌈"]),
        ("👍🏽", ["👍", "🏽"]),
        ("#️⃣", ["[", "#", "]"]),
        ("e\u{301}", ["e\u{301}"]),
    ])
    func clusterCells(text: String, cells: [String]) {
        let glyphs = DisplayText.glyphs(text)
        #expect(glyphs.map(\.text) == cells)
        #expect(glyphs.allSatisfy { $0.text.unicodeScalars.filter { DisplayText.width(of: $0) > 0 }.count == 1 })
        // Joined within a character, free between characters.
        for character in text {
            let parts = DisplayText.glyphs(of: character)
            #expect(parts.dropLast().allSatisfy(\.joinsNext) && parts.last?.joinsNext == false)
        }
    }

    @Test("CJK line breaks follow the usual rules: no line starts with 、。」ー or a small kana, none ends with 「（; Korean words are not split")
    func cjkBreaks() {
        let japanese = "東京の株価が上昇、日経平均は「最高値」を更新。ソフトウェアのアップデートが続いている。"
        let closing = Set("、。，．・：；？！」』）】ーっゃゅょァィゥェォッャュョ")
        for width in 4...20 {
            let lines = Wrapper.wrap(japanese, width: width)
            #expect(lines.map(\.text).joined() == japanese)
            for line in lines.dropFirst() {
                #expect(!closing.contains(line.text.first ?? " "), "a line starts with \(line.text.first!) at width \(width)")
            }
            for line in lines.dropLast() {
                #expect(line.text.last != "「" && line.text.last != "（", "a line ends with an opening bracket at width \(width)")
                #expect(line.width <= width)
            }
        }
        #expect(Wrapper.wrap("한국 경제 성장률 발표", width: 6).map(\.text) == ["한국", "경제", "성장률", "발표"])
        #expect(Wrapper.wrap("한국 경제 성장률 발표", width: 9).map(\.text) == ["한국 경제", "성장률", "발표"])
        // A Korean word longer than the line is still broken, as any word is.
        #expect(Wrapper.wrap("가나다라마바사", width: 6).map(\.text) == ["가나다", "라마바", "사"])
    }

    @Test("Flags are never cut in half: not by a line break, not by truncation")
    func flagsStayWhole() {
        for width in 3...9 {
            for line in Wrapper.wrap("ab 🇺🇸🇩🇪🇫🇷 cd", width: width) {
                #expect(line.width <= max(width, 2))
                let ri = line.text.unicodeScalars.filter { DisplayText.isRegionalIndicator($0.value) }.count
                #expect(ri % 2 == 0, "a flag split at width \(width): \(line.text)")
            }
            let fitted = DisplayText.fit("x🇺🇸🇩🇪🇫🇷", width: width).map(\.text).joined()
            #expect(fitted.unicodeScalars.filter { DisplayText.isRegionalIndicator($0.value) }.count % 2 == 0, "\(fitted)")
        }
    }

    @Test("Truncation ends with … and never cuts a wide character in half", arguments: [
        ("東京の株価", 5, "東京…"), ("東京の株価", 6, "東京…"), ("東京の株価", 10, "東京の株価"),
        ("hello world", 8, "hello w…"), ("😀😀😀", 4, "😀…"),
    ])
    func truncation(text: String, width: Int, expected: String) {
        let fitted = DisplayText.fit(text, width: width)
        #expect(fitted.map(\.text).joined() == expected)
        #expect(fitted.reduce(0) { $0 + $1.width } <= width)
    }

    @Test("Wrapping breaks at spaces, and between CJK characters")
    func wrapping() {
        let lines = Wrapper.wrap("the quick brown fox jumps", width: 10).map(\.text)
        #expect(lines == ["the quick", "brown fox", "jumps"])
        let cjk = Wrapper.wrap("日本語の文章を折り返す", width: 8)
        #expect(cjk.map(\.text) == ["日本語の", "文章を折", "り返す"])
        #expect(cjk.allSatisfy { $0.width <= 8 && DisplayText.width($0.text) == $0.width })
        #expect(cjk.map(\.offset) == [0, 4, 8])
    }

    @Test("A word longer than the line is split at a glyph boundary")
    func longWord() {
        let lines = Wrapper.wrap("supercalifragilistic", width: 8).map(\.text)
        #expect(lines == ["supercal", "ifragili", "stic"])
    }

    @Test("Drawing over half of a wide character blanks the other half")
    func overwriteWide() {
        var screen = Screen(width: 6, height: 1)
        screen.put("東京", x: 0, y: 0, limit: 6)
        screen.put("x", x: 1, y: 0, limit: 1)
        #expect(screen.lines == [" x京  "])
    }

    @Test("Right-to-left paragraphs are detected by their first strong character")
    func rtl() {
        #expect(DisplayText.isRightToLeft("الأسواق العربية"))
        #expect(DisplayText.isRightToLeft("« שלום »"))
        #expect(!DisplayText.isRightToLeft("Hello مرحبا"))
    }
}

@Suite("List cursor")
struct ListCursorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var start: (Int, Int)
        var movement: Movement
        var count: Int
        var visible: Int
        var expected: (Int, Int)
        var testDescription: String { "\(movement) from \(start) in \(count) rows, \(visible) visible -> \(expected)" }
    }

    @Test("Moves keep the selection in view", arguments: [
        Case(start: (0, 0), movement: .down, count: 10, visible: 3, expected: (1, 0)),
        Case(start: (2, 0), movement: .down, count: 10, visible: 3, expected: (3, 1)),
        Case(start: (0, 0), movement: .up, count: 10, visible: 3, expected: (0, 0)),
        Case(start: (9, 7), movement: .down, count: 10, visible: 3, expected: (9, 7)),
        Case(start: (0, 0), movement: .pageDown, count: 10, visible: 3, expected: (2, 2)),
        Case(start: (5, 4), movement: .pageUp, count: 10, visible: 3, expected: (3, 2)),
        Case(start: (0, 0), movement: .last, count: 10, visible: 3, expected: (9, 7)),
        Case(start: (9, 7), movement: .first, count: 10, visible: 3, expected: (0, 0)),
        Case(start: (0, 0), movement: .down, count: 0, visible: 3, expected: (0, 0)),
        Case(start: (0, 0), movement: .pageDown, count: 2, visible: 5, expected: (1, 0)),
    ])
    func moves(c: Case) {
        var cursor = ListCursor(selected: c.start.0, offset: c.start.1)
        cursor.move(c.movement, count: c.count, visible: c.visible)
        #expect(cursor.selected == c.expected.0)
        #expect(cursor.offset == c.expected.1)
    }

    @Test("When the list shrinks under the cursor, it stays on the last row and scrolls back")
    func shrink() {
        var cursor = ListCursor(selected: 9, offset: 7)
        cursor.clamp(count: 4, visible: 3)
        #expect(cursor == ListCursor(selected: 3, offset: 1))
        cursor.clamp(count: 0, visible: 3)
        #expect(cursor == ListCursor(selected: 0, offset: 0))
    }

    @Test("A taller view scrolls back to show as many rows as fit")
    func taller() {
        var cursor = ListCursor(selected: 9, offset: 8)
        cursor.clamp(count: 10, visible: 5)
        #expect(cursor == ListCursor(selected: 9, offset: 5))
    }
}

@Suite("Dates in the user's time zone")
struct LocalDateTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    let utc = TimeZone(identifier: "UTC")!
    func date(_ iso: String) -> Date { ISODate.parse(iso)! }

    @Test("Yesterday and today are local days: 15:30 UTC is already tomorrow in Tokyo")
    func localDays() {
        let now = date("2026-03-05T00:30:00Z")  // 09:30 on the 5th in Tokyo
        let evening = date("2026-03-04T15:30:00Z")  // 00:30 on the 5th in Tokyo, the 4th in UTC
        #expect(DateLabel.short(evening, now: now, zone: tokyo) == "9 h ago")
        #expect(DateLabel.short(evening, now: now, zone: utc) == "yesterday")
        let longAgo = date("2025-12-31T20:00:00Z")  // 1 January 2026 in Tokyo
        #expect(DateLabel.short(longAgo, now: now, zone: tokyo) == "Jan 1")
        #expect(DateLabel.short(longAgo, now: now, zone: utc) == "2025-12-31")
        #expect(DateLabel.long(longAgo, now: now, zone: tokyo) == "1 Jan 2026, 05:00 UTC+09:00")
        #expect(DateLabel.long(longAgo, now: now, zone: utc) == "31 Dec 2025, 20:00 UTC")
    }

    @Test("An article with no readable date says undated in the reader, the date of its import beside it")
    func undated() {
        var article = Fixtures.article(9, "No date here", category: "Feeds", hoursAgo: 1)
        article.published = nil
        let lines = ReaderState.lines(for: article, width: 80, now: Fixtures.now, zone: utc)
        #expect(lines.contains { $0.text.contains("undated (added just now)") })
    }

    @Test("The reader names the feed an article came from when its folder does not (a synced account's folder holds several feeds)")
    func feedName() {
        var article = Fixtures.article(9, "Rates hold", category: "Business", hoursAgo: 1)
        article.siteName = "Markets Daily"
        let lines = ReaderState.lines(for: article, width: 80, now: Fixtures.now, zone: utc)
        #expect(lines.contains { $0.kind == .meta && $0.text.hasPrefix("Business · Markets Daily · ") })
        article.siteName = "business"
        let same = ReaderState.lines(for: article, width: 80, now: Fixtures.now, zone: utc)
        #expect(!same.contains { $0.text.contains("business") })
    }
}
