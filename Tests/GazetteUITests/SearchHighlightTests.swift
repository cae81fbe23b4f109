import Foundation
import GazetteCore
import Testing
@testable import GazetteUI

@Suite("Search words in the reader")
struct SearchHighlightTests {
    @Test("CJK is marked inside a run of CJK, extension characters too (𠮷, U+20BB7), as the index finds it")
    func cjkInsideWords() throws {
        let article = Article(id: ArticleID(rawValue: 1), title: "𠮷野家の話", category: "Food", published: Fixtures.now,
                              body: "昨日は牛丼の𠮷野家へ行った。", importedAt: Fixtures.now)
        let source = MemoryArticleSource(articles: [article])
        var state = AppState(index: source.index, starred: [], size: Size(width: 80, height: 20), now: Fixtures.now, storePath: "(memory)")
        Fixtures.apply([.startSearch, .searchType("𠮷"), .searchDone, .open], to: &state, source: source)
        let reader = try #require(state.reader)
        #expect(reader.matchLines.count == 2)
        let body = reader.lines[try #require(reader.matchLines.last)]
        #expect(body.spans.filter { $0.style == Highlighter.style }.map(\.text) == ["𠮷"], "\(body.spans)")
    }

    @Test("An article opened from a search marks its words (case and accents aside, at word starts); ] and [ go from one to the next and around")
    func marksAndJumps() throws {
        let body = (1...40).map { "Paragraph \($0) about nothing much at all." }.joined(separator: "\n\n")
            + "\n\nThe Café opened. A CAFE again, and cafeteria too, but not decaf."
        let article = Article(id: ArticleID(rawValue: 1), title: "Cafe news", category: "Food", published: Fixtures.now, body: body,
                              importedAt: Fixtures.now)
        let source = MemoryArticleSource(articles: [article])
        var state = AppState(index: source.index, starred: [], size: Size(width: 80, height: 20), now: Fixtures.now, storePath: "(memory)")
        state.timeZone = Fixtures.zone
        Fixtures.apply([.startSearch] + "café".map { .searchType($0) } + [.searchDone, .open], to: &state, source: source)
        let reader = try #require(state.reader)
        // The title and one line of the text hold it.
        #expect(reader.matchLines.count == 2)
        let line = reader.lines[reader.matchLines[1]]
        let marked = line.spans.filter { $0.style == Highlighter.style }.map(\.text)
        #expect(marked == ["Café", "CAFE", "cafe"], "\(line.spans)")
        #expect(!line.spans.contains { $0.style == Highlighter.style && $0.text.contains("decaf") })
        Fixtures.apply([.jumpToMatch(forward: true)], to: &state, source: source)
        #expect(state.status == .info("Match 1 of 2"))
        Fixtures.apply([.jumpToMatch(forward: true)], to: &state, source: source)
        #expect(state.status == .info("Match 2 of 2"))
        #expect(state.reader!.top <= state.reader!.matchLines[1] && state.reader!.matchLines[1] < state.reader!.top + state.layout.readerRows)
        Fixtures.apply([.jumpToMatch(forward: true)], to: &state, source: source)
        #expect(state.status == .info("Match 1 of 2") && state.reader!.top == 0)
        Fixtures.apply([.jumpToMatch(forward: false)], to: &state, source: source)
        #expect(state.status == .info("Match 2 of 2"))
        // Resized: the marks are laid out again.
        Fixtures.apply([.resize(Size(width: 50, height: 20))], to: &state, source: source)
        #expect(state.reader!.matchLines.count >= 2)
        // Opened without a search: nothing marked, ] says why.
        Fixtures.apply([.back, .clearSearch, .open, .jumpToMatch(forward: true)], to: &state, source: source)
        #expect(state.reader!.matchLines.isEmpty)
        #expect(state.status == .info("No search words to jump to (open an article from a search)."))
    }
}
