import ArgumentParser
import Foundation
import GazetteCore
import GazetteUI

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search every article's title, author, feed, folder and text.",
        discussion: """
        Every word is required and matches words that start with it; accents and case do not \
        matter. "a phrase" matches the words in order, -word excludes, title: author: feed: \
        folder: search one field, is:unread is:read is:starred filter, after:2026-11-01 and \
        before:2026-12-01 bound the date. Best matches first (--newest: newest first).
        """)

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Newest first instead of best matches first.")
    var newest = false

    @Flag(help: "Print a JSON array (stable, for scripts).")
    var json = false

    @Option(help: ArgumentHelp("At most this many results.", valueName: "n"))
    var limit: Int?

    @Argument(parsing: .allUnrecognized, help: "The query (quote it for the shell when it has quotes; -word works as it is).")
    var query: [String]

    func run() throws {
        let text = query.joined(separator: " ")
        let parsed = SearchQuery(text)
        for problem in parsed.problems { Terminal.warn(problem) }
        guard !parsed.isEmpty else { throw Failure(description: "nothing to search for in \"\(text)\"", code: 2) }
        let store = try storeOptions.open(mustExist: true)
        let index = store.index
        guard let search = store.search else {
            throw Failure(description: "cannot open the search index \(SearchIndex.path(storeRoot: store.root)) (a read-only store?)", code: 1)
        }
        let (starred, read) = ArticleRows.marks(of: store)
        // Whatever the index lacks (new store, deleted index) is added first.
        let interactive = isatty(2) == 1
        do {
            try search.reconcile(with: index, load: { try? store.article(at: $0) }) { done, total in
                if interactive { FileHandle.standardError.write(Data("\rBuilding the search index: \(done)/\(total)".utf8)) }
            }
        } catch {
            Terminal.warn("the search index could not be brought up to date: \(error)")
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let answer = try search.answer(parsed, in: index, read: read, starred: starred, newestFirst: newest)
        if !newest, !answer.ranked, !parsed.positive.isEmpty, !answer.positions.isEmpty {
            Terminal.warn("more than \(search.rankLimit) matches to rank: newest first")
        }
        var positions = answer.positions
        if let limit { positions = Array(positions.prefix(max(0, limit))) }
        try ArticleRows.show(positions, of: index, starred: starred, read: read, json: json) { $0.feed ?? $0.category }
    }
}
