import ArgumentParser
import Foundation
import GazetteCore
import GazetteUI

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rules that keep articles out (ignore-article lines in the config).",
        subcommands: [RulesList.self, RulesTest.self])
}

struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the config's ignore-article rules.")

    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let config = try configOptions.load()
        if config.ignoreRules.isEmpty { say("No ignore-article rules in \(configOptions.path).") }
        for rule in config.ignoreRules { say("ignore-article \(rule.feed ?? "*") \"\(rule.query)\"") }
    }
}

struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Show what a rule would catch in the store now, before it is added.",
        discussion: "The query is a search (title:sponsored -word feed:name ...) or a newsboat filter expression that means the same.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Only this feed's articles (its address), as ignore-article FEED does.", valueName: "url"))
    var feed: String?

    @Flag(help: "Print a JSON array (stable, for scripts).")
    var json = false

    @Argument(parsing: .remaining, help: "The rule's query.")
    var query: [String]

    func run() throws {
        // Read as the config reads an ignore-article line: what it would refuse is refused here.
        let (text, problem) = NewsboatFilter.ruleQuery(query.joined(separator: " "))
        if let problem { throw Failure(description: problem, code: 2) }
        let parsed = SearchQuery(text)
        let store = try storeOptions.open(mustExist: true)
        let index = store.index
        guard let search = store.search else { throw Failure(description: "cannot open the search index of \(store.root)", code: 1) }
        try? search.reconcile(with: index, load: { try? store.article(at: $0) })
        let rule = IgnoreRule(feed: feed, query: text)
        // The index finds the candidates; each is then judged as the importer would judge it.
        let caught = try search.positions(parsed, in: index, read: [], starred: [], newestFirst: true).filter { p in
            guard let article = try? store.article(at: p) else { return false }
            return rule.catches(article)
        }
        if json {
            try printJSON(caught.map { ArticleJSON(summary: index.summary(at: $0), starred: false, read: false) })
            return
        }
        for p in caught {
            let s = index.summary(at: p)
            say("\(s.id)  \(Sanitize.line(s.feed ?? s.category))  \(Sanitize.line(s.title))")
        }
        say("ignore-article \(feed ?? "*") \"\(text)\" would catch \(caught.count) of \(index.count) articles here (those already here stay; new ones would not come).")
    }
}
