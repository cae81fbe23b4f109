import Foundation
import GazetteCore
@testable import GazetteUI

enum Fixtures {
    /// 2025-05-23T11:33:20Z
    static let now = Date(timeIntervalSince1970: 1_748_000_000)
    /// Screens are compared in UTC, whatever TZ the tests run under.
    static let zone = TimeZone(identifier: "UTC")!

    static func article(_ n: UInt64, _ title: String, category: String, hoursAgo: Double, body: String? = nil,
                        author: String? = "A. Writer") -> Article {
        Article(id: ArticleID(rawValue: n), title: title, category: category, author: author,
                published: now.addingTimeInterval(-hoursAgo * 3600), body: body ?? "Paragraph one of \(title).\n\nParagraph two.",
                importedAt: now)
    }

    static let longBody: String = (1...30).map { p in
        "Paragraph \(p): " + Array(repeating: "the quick brown fox jumps over the lazy dog", count: 1 + p % 4).joined(separator: " ") + "."
    }.joined(separator: "\n\n")

    /// Titles in several scripts: CJK, emoji (including a ZWJ family), Arabic, combining marks.
    static let articles: [Article] = [
        article(1, "Trump, Putin Hold Phone Call: Talks were Very Well", category: "International News", hoursAgo: 48, body: longBody),
        article(2, "東京の株価が上昇、日経平均は最高値を更新", category: "International News", hoursAgo: 3),
        article(3, "Emoji day 🎉 brings 👨‍👩‍👧 families together 😀", category: "Culture", hoursAgo: 30),
        article(4, "الأسواق العربية تغلق على ارتفاع", category: "Business", hoursAgo: 5,
                body: "ارتفعت الأسواق العربية اليوم بعد صدور بيانات اقتصادية إيجابية.\n\nSecond paragraph in English."),
        article(5, "Café crème: naïve coöperation at the Zoë résumé fair", category: "Culture", hoursAgo: 200),
        article(6, "Quarterly earnings beat expectations", category: "Business", hoursAgo: 1, author: nil),
        article(7, "한국 경제 성장률 발표", category: "International News", hoursAgo: 24 * 400),
    ]

    static func state(size: Size, starred: Set<ArticleID> = []) -> (AppState, MemoryArticleSource) {
        let source = MemoryArticleSource(articles: articles)
        source.starred = starred
        var state = AppState(index: source.index, starred: starred, size: size, now: now, storePath: "(memory)")
        state.timeZone = zone
        return (state, source)
    }

    /// Applies actions, running effects against the source like the app does.
    static func apply(_ actions: [Action], to state: inout AppState, source: ArticleSource) {
        // Like the app: each action and everything its effects lead to, before the next one.
        let runner = EffectRunner(source: source)
        for action in actions {
            var queue = [action]
            while !queue.isEmpty {
                for effect in Reducer.reduce(&state, queue.removeFirst()) {
                    queue.append(contentsOf: runner.run(effect))
                }
            }
        }
    }
}
